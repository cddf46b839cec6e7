"""Rebuild the open dataset under MEDIA_ROOT/du-lieu-mo/<date>/ (listed at /du-lieu-mo/)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from showcase.exports import KEEP, build_dataset, dated_exports


class Command(BaseCommand):
    help = (
        "Xuất toàn bộ sáng kiến đã đăng (CSV, JSON, XLSX và datapackage.json) vào "
        "MEDIA_ROOT/du-lieu-mo/<ngày>/, giữ lại vài lần xuất gần nhất."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=int, default=KEEP, help=f"Số lần xuất giữ lại (mặc định {KEEP})."
        )
        parser.add_argument("--date", help="Ngày ghi trên bản xuất (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--base-url",
            default=settings.WAGTAILADMIN_BASE_URL,
            help="Địa chỉ gốc của trang, để đường dẫn trong dữ liệu là đầy đủ.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Chỉ xuất khi chưa có bản xuất nào (dùng cho trang trình diễn, `make run`).",
        )
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Chỉ xuất khi chưa có bản xuất của ngày hôm nay (`make serve` gọi mỗi giờ).",
        )

    def handle(
        self,
        *args,
        keep: int,
        date: str | None,
        base_url: str,
        if_missing: bool = False,
        if_stale: bool = False,
        **options,
    ):
        if keep < 1:
            raise CommandError("--keep phải từ 1 trở lên.")
        try:
            day = _parse_day(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError("--date phải có dạng YYYY-MM-DD.") from None
        exports = dated_exports()
        if (if_missing and exports) or (if_stale and exports and exports[0].name >= f"{day}"):
            self.stdout.write("Đã có bản xuất dữ liệu mở, không xuất lại.")
            return
        folder = build_dataset(day=day, base_url=base_url, keep=keep)
        self.stdout.write(f"Đã xuất dữ liệu mở vào {folder}")


def _parse_day(text: str) -> date:
    return date.fromisoformat(text)
