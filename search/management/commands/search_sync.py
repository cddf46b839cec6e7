import time

from django.conf import settings
from django.core.management import call_command
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
        self._rebuild_if_needed(engine)
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

    def _rebuild_if_needed(self, engine) -> None:
        """A missing index, or one an older version built, is rebuilt from the database."""
        try:
            needed = engine.needs_rebuild()
        except EngineUnavailable:
            return  # reported by the replay below
        if needed:
            self.stdout.write("Chỉ mục tìm kiếm chưa có hoặc đã cũ: xây dựng lại.")
            call_command("rebuild_search_index", stdout=self.stdout)
