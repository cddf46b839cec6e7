import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from search.engines.base import EngineUnavailable
from search.service import get_search_service
from search.sync import replay_pending

from .rebuild_search_index import ADMIN, PUBLIC


class Command(BaseCommand):
    help = "Đưa các thay đổi đang chờ vào máy tìm kiếm (một lần, hoặc chạy liên tục)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Chạy một lần rồi thoát.")

    def handle(self, *args, once: bool, **options):
        service = get_search_service()
        self._rebuild_if_needed({PUBLIC: service.engine, ADMIN: service.admin_engine})
        while True:
            try:
                consumed = replay_pending(service.engine, service.admin_engine)
                if once:
                    self.stdout.write(f"Đã đưa {consumed} thay đổi vào chỉ mục.")
                    return
            except EngineUnavailable as exc:
                if once:
                    self.stderr.write(f"Máy tìm kiếm chưa sẵn sàng: {exc}")
                    raise SystemExit(1) from exc
            time.sleep(settings.SEARCH_SYNC_INTERVAL)

    def _rebuild_if_needed(self, engines: dict) -> None:
        """A missing index, or one an older version built, is rebuilt from the database."""
        try:
            needed = [name for name, engine in engines.items() if engine.needs_rebuild()]
        except EngineUnavailable:
            return  # reported by the replay below
        if needed:
            self.stdout.write(
                f"Chỉ mục tìm kiếm chưa có hoặc đã cũ ({', '.join(needed)}): xây dựng lại."
            )
            options = [arg for name in needed for arg in ("--index", name)]
            call_command("rebuild_search_index", *options, stdout=self.stdout)
