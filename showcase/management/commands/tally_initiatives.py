from django.core.management.base import BaseCommand, CommandError

from portal.vnd import format_number, format_vnd
from showcase.models import InitiativeTally
from showcase.selectors import tally_differences
from showcase.services import rebuild_initiative_tally


class Command(BaseCommand):
    help = (
        "Đếm lại các sáng kiến đang đăng công khai theo tỉnh, ngành, lĩnh vực, giai đoạn và "
        "mức làm lợi (số liệu của trang Thống kê). Trang tự cập nhật khi sáng kiến thay đổi; "
        "lệnh này dùng sau khi ghi thẳng vào cơ sở dữ liệu (nạp dữ liệu hàng loạt, loaddata)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ so sánh số đã lưu với số đếm lại; báo lỗi nếu khác, không ghi gì.",
        )

    def handle(self, *args, check: bool, **options):
        if check:
            differences = tally_differences()
            for (dimension, key), stored, counted in differences:
                label = InitiativeTally.Dimension(dimension).label
                self.stderr.write(
                    f"{label.capitalize()} {key}: đã lưu {_figures(*stored)}, "
                    f"đếm lại {_figures(*counted)}"
                )
            if differences:
                raise CommandError(
                    f"Số liệu thống kê lệch ở {len(differences)} nhóm; chạy lệnh không có "
                    "--check để đếm lại."
                )
            self.stdout.write("Số liệu thống kê khớp với các sáng kiến đang đăng.")
            return
        counted = rebuild_initiative_tally()
        self.stdout.write(f"Đã đếm lại {format_number(counted)} sáng kiến đang đăng công khai.")


def _figures(count: int, benefit: int) -> str:
    return f"{format_number(count)} sáng kiến ({format_vnd(benefit)})"
