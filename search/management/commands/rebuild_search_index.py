import logging

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from tqdm import tqdm

from search import registry
from search.engines.base import EngineUnavailable
from search.models import IndexChange
from search.service import get_search_service


class Command(BaseCommand):
    help = "Xây dựng lại toàn bộ chỉ mục tìm kiếm; tìm kiếm vẫn hoạt động trong lúc xây dựng."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Ẩn thanh tiến trình.")

    def handle(self, *args, no_progress: bool, **options):
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        service = get_search_service()
        # Changes recorded before this point are covered by the rebuild.
        covered = IndexChange.objects.aggregate(last=Max("id"))["last"]
        document_types = registry.document_types()
        total = sum(entry.live_pages().count() for entry in document_types)
        documents = (document for entry in document_types for document in entry.documents())
        progress = tqdm(
            total=total, unit="tài liệu", desc="Xây dựng chỉ mục", disable=no_progress or None
        )
        try:
            with progress:
                count = service.engine.rebuild(documents, progress=progress.update)
        except EngineUnavailable as exc:
            raise CommandError(f"Không kết nối được máy tìm kiếm: {exc}") from exc
        if covered is not None:
            IndexChange.objects.filter(id__lte=covered).delete()
        self.stdout.write(
            self.style.SUCCESS(f"Đã xây dựng lại chỉ mục ({service.backend}): {count} tài liệu.")
        )
