"""Reading, validating and writing units' reported figures from CSV or XLSX files.

The rules are those of the initiative import: every row is validated first, and one
bad row refuses the whole file with line-numbered Vietnamese errors. A report is
never overwritten: a row identical to a stored report is skipped (so a rerun changes
nothing), and a row with other figures for a unit, phase and date already reported is
an error, since a new figure is a new report with its own date.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from search.text import fold

from .importing import (
    Columns,
    RowError,
    as_bool,
    as_date,
    as_int,
    as_text,
    detect_format,
    iter_rows,
)
from .models import CampaignUnit, UnitReport, report_date_problem

REPORT_COLUMNS = Columns(
    fields=("unit", "phase", "as_of", "registered", "target", "benefit_vnd", "source", "demo"),
    required=("unit", "as_of", "registered"),
)
REPORT_FORMATS = ("csv", "xlsx")
MAX_ERRORS = 200
_PHASE_WORDS = {"": 0, "0": 0, "ca chien dich": 0, "tong": 0, "1": 1, "2": 2}


@dataclass(frozen=True)
class ReportRow:
    line: int
    unit: CampaignUnit
    phase: int
    as_of: date
    registered: int
    target: int | None
    benefit_vnd: int | None
    source: str
    is_demo: bool

    @property
    def key(self) -> tuple[int, int, date]:
        return (self.unit.pk, self.phase, self.as_of)

    def same_figures(self, report: UnitReport) -> bool:
        return (report.registered, report.target, report.benefit_vnd) == (
            self.registered,
            self.target,
            self.benefit_vnd,
        )


@dataclass
class ReportImport:
    created: int = 0
    unchanged: int = 0


def read_report_file(path: Path, requested_format: str | None = None):
    """Every row of the file, validated: (rows, errors); ImportFileError if unreadable."""
    file_format = detect_format(path, requested_format, REPORT_FORMATS)
    units = {unit.code.lower(): unit for unit in CampaignUnit.objects.all()}
    rows: list[ReportRow] = []
    errors: list[RowError] = []
    first_line: dict[tuple, int] = {}
    for line, raw in iter_rows(path, file_format, REPORT_COLUMNS):
        row, row_errors = _validate(line, raw, units)
        if row is not None and row.key in first_line:
            row_errors.append(
                RowError(
                    line, "as_of", f"trùng đơn vị, giai đoạn và ngày với dòng {first_line[row.key]}"
                )
            )
        if row_errors:
            errors.extend(row_errors[: max(MAX_ERRORS - len(errors), 0)])
            continue
        first_line[row.key] = line
        rows.append(row)
    return rows, errors


def _validate(line: int, raw: dict, units: dict[str, CampaignUnit]):
    errors: list[RowError] = []

    def fail(field: str, message: str) -> None:
        errors.append(RowError(line, field, message))

    if "__extra__" in raw:
        fail("—", "dòng có nhiều ô hơn số cột tiêu đề")
    values = {}
    for field, parse in (
        ("unit", as_text),
        ("source", as_text),
        ("as_of", as_date),
        ("registered", lambda v: as_int(v, what="Số sáng kiến")),
        ("target", lambda v: as_int(v, what="Chỉ tiêu")),
        ("benefit_vnd", lambda v: as_int(v, what="Giá trị làm lợi")),
        ("demo", as_bool),
    ):
        try:
            values[field] = parse(raw.get(field))
        except ValueError as exc:
            fail(field, str(exc))
            values[field] = None
    unit = units.get((values["unit"] or "").lower())
    if not values["unit"]:
        fail("unit", "thiếu mã đơn vị")
    elif unit is None:
        fail(
            "unit",
            f"không có đơn vị mã “{values['unit'][:40]}”; thêm đơn vị trong trang quản trị trước",
        )
    phase = _PHASE_WORDS.get(fold(str(raw.get("phase") or "")).strip())
    if phase is None:
        fail("phase", "giai đoạn phải là 1, 2 hoặc để trống (cả chiến dịch)")
    as_of = values["as_of"]
    if as_of is None and "as_of" not in {error.field for error in errors}:
        fail("as_of", "thiếu ngày số liệu")
    elif as_of is not None and (problem := report_date_problem(phase or 0, as_of)):
        fail("as_of", problem)
    if values["registered"] is None and "registered" not in {e.field for e in errors}:
        fail("registered", "thiếu số sáng kiến đăng ký")
    for field in ("registered", "target", "benefit_vnd"):
        if values[field] is not None and values[field] < 0:
            fail(field, "không được âm")
    if len(values["source"] or "") > 300:
        fail("source", "dài quá 300 ký tự")
    if errors:
        return None, errors
    return (
        ReportRow(
            line=line,
            unit=unit,
            phase=phase,
            as_of=as_of,
            registered=values["registered"],
            target=values["target"],
            benefit_vnd=values["benefit_vnd"],
            source=values["source"] or "",
            is_demo=values["demo"],
        ),
        [],
    )


def conflicts(rows: list[ReportRow]) -> list[RowError]:
    """Rows whose unit, phase and date already have other figures: published figures
    are never overwritten."""
    stored = {
        (report.unit_id, report.phase, report.as_of): report
        for report in UnitReport.objects.filter(
            unit__in={row.unit for row in rows}, as_of__in={row.as_of for row in rows}
        )
    }
    return [
        RowError(
            row.line,
            "registered",
            f"đơn vị đã có số liệu khác cho ngày {row.as_of:%d/%m/%Y} "
            f"({stored[row.key].registered} sáng kiến); số liệu mới cần ngày mới",
        )
        for row in rows
        if row.key in stored and not row.same_figures(stored[row.key])
    ]


@transaction.atomic
def report_import(*, rows: list[ReportRow]) -> ReportImport:
    """Write the validated rows; those already stored with the same figures are skipped."""
    stored = set(
        UnitReport.objects.filter(
            unit__in={row.unit for row in rows}, as_of__in={row.as_of for row in rows}
        ).values_list("unit_id", "phase", "as_of")
    )
    new = [row for row in rows if row.key not in stored]
    UnitReport.objects.bulk_create(
        UnitReport(
            unit=row.unit,
            phase=row.phase,
            as_of=row.as_of,
            registered=row.registered,
            target=row.target,
            benefit_vnd=row.benefit_vnd,
            source=row.source,
            is_demo=row.is_demo,
        )
        for row in new
    )
    return ReportImport(created=len(new), unchanged=len(rows) - len(new))
