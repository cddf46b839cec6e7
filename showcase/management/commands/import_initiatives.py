from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.progress import Progress
from showcase.bulk_import import BATCH_SIZE, BatchResult, ShowcaseFullError, import_batch
from showcase.importing import (
    FIELDS,
    ImportFileError,
    ReferenceLookup,
    RowError,
    RowValidator,
    detect_format,
    iter_rows,
)
from showcase.models import ShowcaseIndexPage
from showcase.services import InitiativeData

MAX_ERRORS_SHOWN = 200


@dataclass
class ValidationReport:
    """Counts of the validation pass, with only the first errors kept for display."""

    valid_rows: int = 0
    invalid_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add(self, valid: bool, row_errors: list[RowError]) -> None:
        self.valid_rows += valid
        self.invalid_rows += not valid
        self.error_count += len(row_errors)
        room = MAX_ERRORS_SHOWN - len(self.errors)
        self.errors.extend(row_errors[: max(room, 0)])


class Command(BaseCommand):
    help = (
        "Nhập sáng kiến từ tệp UTF-8 CSV hoặc JSON Lines. Mỗi dòng được cập nhật theo "
        f"external_id và xuất bản dưới /sang-kien/. Các cột: {', '.join(FIELDS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Đường dẫn tới tệp .csv hoặc .jsonl")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="Bỏ qua đuôi tệp")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Nhập các dòng hợp lệ, bỏ qua dòng lỗi (mặc định: không ghi gì nếu có lỗi).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Ẩn thanh tiến trình.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Số dòng ghi trong mỗi giao dịch (mặc định {BATCH_SIZE}).",
        )

    def handle(
        self,
        *args,
        path: Path,
        format: str | None,
        skip_invalid: bool,
        batch_size: int,
        **options,
    ):
        if batch_size < 1:
            raise CommandError("--batch-size phải là số nguyên dương.")
        parent = ShowcaseIndexPage.objects.first()
        if parent is None:
            raise CommandError("Chưa có trang thư viện sáng kiến (/sang-kien/). Hãy chạy migrate.")
        try:
            file_format = detect_format(path, format)
            lookup = ReferenceLookup()
            report = self._validate(path, file_format, lookup)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

        if report.error_count:
            for error in report.errors:
                self.stderr.write(str(error))
            if report.error_count > len(report.errors):
                self.stderr.write(f"… và {report.error_count - len(report.errors)} lỗi khác.")
            if not skip_invalid:
                raise CommandError(
                    f"Có {report.error_count} lỗi; chưa ghi dòng nào. Sửa tệp rồi chạy lại, "
                    "hoặc dùng --skip-invalid để nhập các dòng hợp lệ."
                )

        result = BatchResult()
        progress = Progress(
            total=report.valid_rows,
            label="Nhập sáng kiến",
            stream=self.stderr._out,
            enabled=not options["no_progress"],
        )
        batch: list[InitiativeData] = []
        with progress, RowValidator(lookup) as validator:
            for line, row in iter_rows(path, file_format):
                data, _ = validator.validate(line, row)
                if data is None:
                    continue
                batch.append(data)
                if len(batch) == batch_size:
                    result += self._write(batch, parent, path, progress)
                    batch = []
            if batch:
                result += self._write(batch, parent, path, progress)

        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {result.total} sáng kiến: {result.created} mới, "
                f"{result.updated} cập nhật, {result.unchanged} không đổi"
                + (f"; bỏ qua {report.invalid_rows} dòng lỗi." if report.invalid_rows else ".")
            )
        )

    @staticmethod
    def _write(batch, parent, path: Path, progress: "Progress") -> BatchResult:
        try:
            result = import_batch(rows=batch, parent=parent, source=path.name)
        except ShowcaseFullError as exc:
            raise CommandError(str(exc)) from exc
        progress.update(len(batch))
        return result

    @staticmethod
    def _validate(path: Path, file_format: str, lookup: ReferenceLookup) -> ValidationReport:
        report = ValidationReport()
        with RowValidator(lookup) as validator:
            for line, row in iter_rows(path, file_format):
                data, row_errors = validator.validate(line, row)
                report.add(data is not None, row_errors)
        return report
