import time

from django.conf import settings
from django.core.management.base import BaseCommand

from search.engines.base import EngineUnavailable
from search.service import get_search_service
from search.sync import replay_pending


class Command(BaseCommand):
    help = "Đưa các thay đổi đang chờ vào máy tìm kiếm (một lần, hoặc chạy liên tục)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Chạy một lần rồi thoát.")

    def handle(self, *args, once: bool, **options):
        engine = get_search_service().engine
        while True:
            try:
                consumed = replay_pending(engine)
                if once:
                    self.stdout.write(f"Đã đưa {consumed} thay đổi vào chỉ mục.")
                    return
            except EngineUnavailable as exc:
                if once:
                    self.stderr.write(f"Máy tìm kiếm chưa sẵn sàng: {exc}")
                    raise SystemExit(1) from exc
            time.sleep(settings.SEARCH_SYNC_INTERVAL)
