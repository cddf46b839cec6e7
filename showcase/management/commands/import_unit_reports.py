from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from showcase.importing import ImportFileError
from showcase.reports import REPORT_COLUMNS, conflicts, read_report_file, report_import


class Command(BaseCommand):
    help = (
        "Nhập báo cáo số liệu thi đua của các đơn vị từ tệp UTF-8 CSV hoặc Excel (.xlsx). "
        "Có lỗi ở bất kỳ dòng nào thì không ghi dòng nào; chạy lại cùng tệp không tạo bản "
        f"trùng. Các cột: {', '.join(REPORT_COLUMNS.fields)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Đường dẫn tới tệp .csv hoặc .xlsx")
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Bỏ qua đuôi tệp")

    def handle(self, *args, path: Path, format: str | None, **options):
        try:
            rows, errors = read_report_file(path, format)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        errors += conflicts(rows)
        if errors:
            for error in sorted(errors, key=lambda error: error.line):
                self.stderr.write(str(error))
            raise CommandError(f"Có {len(errors)} lỗi; chưa ghi dòng nào. Sửa tệp rồi chạy lại.")
        result = report_import(rows=rows)
        self.stdout.write(
            f"Đã nhập {result.created} báo cáo mới; {result.unchanged} báo cáo đã có, giữ nguyên."
        )
