from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.progress import Progress
from showcase.bulk_import import (
    BATCH_SIZE,
    BatchResult,
    ShowcaseFullError,
    import_batch,
    refresh_statistics,
)
from showcase.importing import (
    FIELDS,
    ImportFileError,
    ReferenceLookup,
    RowError,
    RowValidator,
    ValidRows,
    detect_format,
    iter_rows,
    raw_external_id,
    source_fingerprint,
)
from showcase.models import ShowcaseIndexPage
from showcase.selectors import live_import_fingerprints

MAX_ERRORS_SHOWN = 200
MEGABYTE = 2**20
# The database's statistics are renewed after 20,000 rows written, then each time the
# rows written double, and at least every 100,000 rows (`refresh_statistics`).
FIRST_STATISTICS_REFRESH = 20_000
STATISTICS_REFRESH_EVERY = 100_000


@dataclass
class ValidationReport:
    """Counts of the validation pass, with only the first errors kept for display."""

    valid_rows: int = 0
    unchanged_rows: int = 0
    invalid_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add(self, valid: bool, row_errors: list[RowError]) -> None:
        self.valid_rows += valid
        self.invalid_rows += not valid
        self.error_count += len(row_errors)
        room = MAX_ERRORS_SHOWN - len(self.errors)
        self.errors.extend(row_errors[: max(room, 0)])

    def add_unchanged(self, error: RowError | None) -> None:
        if error is None:
            self.unchanged_rows += 1
        else:
            self.add(False, [error])


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
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        lookup = ReferenceLookup()
        with ValidRows(lookup) as valid:
            checking = Progress(
                # A missing file is reported by the read that follows.
                total=max(1, -(-path.stat().st_size // MEGABYTE)) if path.is_file() else 1,
                label="Kiểm tra tệp",
                stream=self.stderr._out,
                enabled=not options["no_progress"],
                unit="MB",
            )
            try:
                with checking:
                    report = self._validate(
                        path, file_format, lookup, valid, batch_size, _Megabytes(checking)
                    )
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

            result = BatchResult(unchanged=report.unchanged_rows)
            progress = Progress(
                total=valid.count,
                label="Nhập sáng kiến",
                stream=self.stderr._out,
                enabled=not options["no_progress"],
            )
            rows = iter(valid)
            written, next_refresh = 0, FIRST_STATISTICS_REFRESH
            with progress:
                while batch := list(islice(rows, batch_size)):
                    result += self._write(batch, parent, path, progress)
                    written += len(batch)
                    if written >= next_refresh:
                        refresh_statistics()
                        next_refresh = min(2 * written, written + STATISTICS_REFRESH_EVERY)
            if written >= FIRST_STATISTICS_REFRESH:
                refresh_statistics()

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
            result = import_batch(
                rows=[data for data, _ in batch],
                fingerprints={data.external_id: fingerprint for data, fingerprint in batch},
                parent=parent,
                source=path.name,
            )
        except ShowcaseFullError as exc:
            raise CommandError(str(exc)) from exc
        progress.update(len(batch))
        return result

    @staticmethod
    def _validate(
        path: Path,
        file_format: str,
        lookup: ReferenceLookup,
        valid: ValidRows,
        chunk_size: int,
        read: "_Megabytes",
    ) -> ValidationReport:
        """Read the file once: rows that made a live page as they are now are counted as
        unchanged (their ids still may not repeat); the others are validated, and the
        valid ones kept in `valid` with their fingerprints."""
        report = ValidationReport()
        rows = iter_rows(path, file_format, read=read)
        with RowValidator(lookup) as validator:
            while chunk := list(islice(rows, chunk_size)):
                external_ids = [raw_external_id(row) for _, row in chunk]
                stored = live_import_fingerprints(external_ids=external_ids)
                checked = []
                for (line, row), external_id in zip(chunk, external_ids, strict=True):
                    fingerprint = source_fingerprint(row)
                    if stored.get(external_id) == fingerprint:
                        report.add_unchanged(validator.claim(line, external_id))
                        continue
                    data, row_errors = validator.validate(line, row)
                    report.add(data is not None, row_errors)
                    if data is not None:
                        checked.append((data, fingerprint))
                valid.add(checked)
        read.finish()
        return report


class _Megabytes:
    """Counts the bytes read into a progress counted in whole megabytes."""

    def __init__(self, progress: Progress):
        self.progress, self.pending = progress, 0

    def __call__(self, count: int) -> None:
        self.pending += count
        if self.pending >= MEGABYTE:
            whole, self.pending = divmod(self.pending, MEGABYTE)
            self.progress.update(whole)

    def finish(self) -> None:
        self.progress.update(max(self.progress.total - self.progress.done, 0))
