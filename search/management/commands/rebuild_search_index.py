import logging

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from tqdm import tqdm

from search import registry
from search.admin_index import admin_document_count, all_admin_documents
from search.engines.base import EngineUnavailable
from search.models import IndexChange
from search.service import get_search_service

PUBLIC, ADMIN = "public", "admin"


class Command(BaseCommand):
    help = (
        "Xây dựng lại chỉ mục tìm kiếm: chỉ mục công khai (sáng kiến, tin tức) và chỉ mục "
        "của trang quản trị (mọi trang, kể cả bản nháp, ảnh, tài liệu, snippet); tìm kiếm "
        "vẫn hoạt động trong lúc xây dựng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Ẩn thanh tiến trình.")
        parser.add_argument(
            "--index",
            action="append",
            choices=[PUBLIC, ADMIN],
            help="Chỉ xây dựng lại chỉ mục này (mặc định: cả hai).",
        )

    def handle(self, *args, no_progress: bool, index: list[str] | None, **options):
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        service = get_search_service()
        indexes = set(index or (PUBLIC, ADMIN))
        # Changes recorded before this point are covered by the rebuild.
        covered = IndexChange.objects.aggregate(last=Max("id"))["last"]
        if PUBLIC in indexes:
            document_types = registry.document_types()
            self._rebuild(
                service.engine,
                (document for entry in document_types for document in entry.documents()),
                total=sum(entry.live_pages().count() for entry in document_types),
                name="công khai",
                no_progress=no_progress,
            )
        if ADMIN in indexes:
            self._rebuild(
                service.admin_engine,
                all_admin_documents(),
                total=admin_document_count(),
                name="quản trị",
                no_progress=no_progress,
            )
        # A change serves both indexes: it is only covered when both were rebuilt.
        if covered is not None and indexes == {PUBLIC, ADMIN}:
            IndexChange.objects.filter(id__lte=covered).delete()

    def _rebuild(self, engine, documents, *, total: int, name: str, no_progress: bool) -> None:
        progress = tqdm(
            total=total,
            unit="tài liệu",
            desc=f"Xây dựng chỉ mục {name}",
            disable=no_progress or None,
        )
        try:
            with progress:
                count = engine.rebuild(documents, progress=progress.update)
        except EngineUnavailable as exc:
            raise CommandError(f"Không kết nối được máy tìm kiếm: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Đã xây dựng lại chỉ mục {name} ({engine.name}): {count} tài liệu.")
        )
