"""Reading and validating initiative files (UTF-8 CSV or JSON Lines) for bulk import.

A file is read once, to validate every row; the valid rows wait on disk (`ValidRows`)
until the whole file has passed, then go to the database. The external ids seen so far
live in a temporary on-disk table and only the first errors are kept, so memory stays
flat however large the file is.
"""

import codecs
import csv
import hashlib
import json
import pickle
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from zipfile import BadZipFile

from portal.vietnamese import match_key

from .campaign import CAMPAIGN_END, CAMPAIGN_START, RecognitionStatus, phase_for, years_of
from .models import Province, Sector
from .services import InitiativeData

FIELDS = (
    "external_id",
    "title",
    "summary",
    "body",
    "authors",
    "unit",
    "province",
    "sector",
    "phase",
    "year",
    "benefit_vnd",
    "benefit_note",
    "status",
    "tags",
    "featured",
    "recognised_on",
)
REQUIRED_FIELDS = ("external_id", "title", "province", "sector")
LIST_FIELDS = ("authors", "tags")
FORMATS = ("csv", "jsonl")

_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")
_PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp ", "t p ", "lien doan lao dong ", "ldld ")
_TRUE = {"1", "true", "yes", "y", "x", "co", "dung"}
_FALSE = {"0", "false", "no", "n", "khong", "sai", ""}
_DIGIT_GROUPS = re.compile(r"^\d{1,3}([., _]\d{3})+$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, header)."""


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.line}, trường “{self.field}”: {self.message}"


@dataclass(frozen=True)
class Columns:
    """The columns a kind of file may have, and those it must have."""

    fields: tuple[str, ...]
    required: tuple[str, ...]


INITIATIVE_COLUMNS = Columns(FIELDS, REQUIRED_FIELDS)


def detect_format(path: Path, requested: str | None, formats: tuple[str, ...] = FORMATS) -> str:
    names = ", ".join(formats)
    if requested:
        if requested not in formats:
            raise ImportFileError(f"Định dạng “{requested}” không được hỗ trợ (chỉ {names}).")
        return requested
    suffix = path.suffix.lower().lstrip(".")
    suffix = "jsonl" if suffix == "ndjson" else suffix
    if suffix in formats:
        return suffix
    raise ImportFileError(
        f"Không nhận ra định dạng của tệp “{path.name}”. Dùng đuôi "
        f"{', '.join('.' + name for name in formats)}, hoặc chỉ rõ bằng --format."
    )


def _decoded_lines(handle, read: Callable[[int], None] | None = None) -> Iterator[str]:
    """Decode line by line so that an encoding error names its exact line; `read` is
    told how many bytes each line took."""
    for number, raw in enumerate(handle, start=1):
        if read is not None:
            read(len(raw))
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            # Spreadsheet programs add a byte-order mark.
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"Dòng {number}: tệp không phải UTF-8 (byte không hợp lệ ở vị trí "
                f"{exc.start + 1}). Hãy lưu lại tệp với bảng mã UTF-8."
            ) from exc


def _check_columns(names, line: int, columns: Columns) -> None:
    missing = [name for name in columns.required if name not in names]
    if missing:
        raise ImportFileError(f"Dòng {line}: thiếu cột bắt buộc: {', '.join(missing)}.")
    unknown = [name for name in names if name not in columns.fields]
    if unknown:
        raise ImportFileError(
            f"Dòng {line}: cột không được hỗ trợ: {', '.join(unknown)}. "
            f"Các cột hợp lệ: {', '.join(columns.fields)}."
        )


def iter_rows(
    path: Path,
    file_format: str,
    columns: Columns = INITIATIVE_COLUMNS,
    *,
    read: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, dict]]:
    """Yield (line number, raw row); raise ImportFileError for file-level problems.
    `read` is told the bytes of each line read (CSV and JSON Lines)."""
    if file_format == "xlsx":
        yield from _xlsx_rows(path, columns)
        return
    try:
        with path.open("rb") as handle:
            text = _decoded_lines(handle, read)
            if file_format == "csv":
                reader = csv.DictReader(text)
                try:
                    header = reader.fieldnames
                except csv.Error as exc:
                    raise ImportFileError(f"Dòng 1: không đọc được tiêu đề CSV ({exc}).") from exc
                if not header:
                    raise ImportFileError("Tệp rỗng: không có dòng tiêu đề.")
                _check_columns([name.strip() for name in header], 1, columns)
                reader.fieldnames = [name.strip() for name in header]
                while True:
                    line = reader.line_num + 1
                    try:
                        row = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as exc:
                        raise ImportFileError(f"Dòng {line}: lỗi cú pháp CSV ({exc}).") from exc
                    if None in row:
                        yield line, {"__extra__": row.pop(None), **row}
                    else:
                        yield line, row
            else:
                for line, raw in enumerate(text, start=1):
                    if not raw.strip():
                        continue
                    try:
                        row = json.loads(raw)
                    except json.JSONDecodeError as exc:
                        yield line, {"__json_error__": str(exc.msg)}
                        continue
                    if not isinstance(row, dict):
                        yield line, {"__json_error__": "mỗi dòng phải là một đối tượng JSON"}
                        continue
                    yield line, row
    except OSError as exc:
        raise ImportFileError(f"Không mở được tệp: {exc.strerror or exc}.") from exc


def _xlsx_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict]]:
    """The first sheet's rows, read as they stream: row 1 is the header."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(
            "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải bảng tính."
        ) from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header or not any(header):
            raise ImportFileError("Tệp rỗng: không có dòng tiêu đề.")
        names = [str(name).strip() if name is not None else "" for name in header]
        while names and not names[-1]:
            names.pop()
        _check_columns(names, 1, columns)
        for line, values in enumerate(rows, start=2):
            if values is None or all(value is None or value == "" for value in values):
                continue
            row = dict(zip(names, values, strict=False))
            extra = [value for value in values[len(names) :] if value not in (None, "")]
            yield line, ({"__extra__": extra, **row} if extra else row)
    finally:
        workbook.close()


class ReferenceLookup:
    """Matches provinces and sectors the way people write them."""

    def __init__(self):
        self.provinces: dict[str, Province] = {}
        for province in Province.objects.all():
            keys = {province.code.lower(), province.slug, province.name, province.full_name}
            keys.update(province.alias_list)
            for key in keys:
                if key:
                    self.provinces[_province_key(key)] = province
        self.sectors: dict[str, Sector] = {}
        for sector in Sector.objects.all():
            self.sectors[sector.slug] = sector
            self.sectors[match_key(sector.name)] = sector

    def province(self, value: str) -> Province | None:
        value = value.strip()
        if value.isdigit() and len(value) == 1:
            value = f"0{value}"
        return self.provinces.get(_province_key(value))

    def sector(self, value: str) -> Sector | None:
        value = value.strip()
        return self.sectors.get(value.lower()) or self.sectors.get(match_key(value))


def _province_key(value: str) -> str:
    key = match_key(value)
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return key.replace(" ", "")


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise ValueError("phải là một chuỗi văn bản")
    return _composed(str(value))


def _composed(value: str) -> str:
    """Stored composed (NFC): files typed with decomposed Unicode ("Unicode tổ hợp")
    would otherwise show and search differently from the same text composed."""
    return unicodedata.normalize("NFC", value).strip()


def _as_list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        items = value.split(";")
    else:
        raise ValueError("phải là danh sách (trong CSV ngăn cách bằng dấu chấm phẩy)")
    cleaned = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError("mỗi phần tử phải là chuỗi văn bản")
        item = _composed(item)
        if item and item not in cleaned:
            cleaned.append(item)
    return tuple(cleaned)


def as_int(value, *, what: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} phải là số nguyên")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"{what} phải là số nguyên")
    text = str(value).strip()
    negative = text.startswith("-")
    digits = text.lstrip("-").strip()
    if _DIGIT_GROUPS.match(digits):
        digits = re.sub(r"[., _]", "", digits)
    if not digits.isdigit():
        raise ValueError(f"{what} phải là số nguyên, không phải “{text[:40]}”")
    number = int(digits)
    return -number if negative else number


def as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"ngày “{text[:20]}” không hợp lệ; dùng dạng YYYY-MM-DD hoặc DD/MM/YYYY")


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    key = match_key(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError("phải là có/không (true/false, 1/0)")


def source_fingerprint(row: dict) -> str:
    """A digest of a row as the file has it. Stored on the page it made, it lets a rerun
    of the same file pass over the row without validating it again."""
    encoded = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def raw_external_id(row: dict) -> str:
    """The row's external id as validation would read it, or "" when it has none."""
    value = row.get("external_id")
    return _composed(value) if isinstance(value, str) else ""


class SeenIds:
    """External ids met so far, kept in a temporary on-disk table so memory stays flat."""

    def __init__(self):
        self._file = tempfile.NamedTemporaryFile(suffix=".sqlite3")  # noqa: SIM115
        self._db = sqlite3.connect(self._file.name)
        self._db.execute("CREATE TABLE seen (external_id TEXT PRIMARY KEY, line INTEGER)")

    def first_line(self, external_id: str) -> int | None:
        row = self._db.execute(
            "SELECT line FROM seen WHERE external_id = ?", (external_id,)
        ).fetchone()
        return row[0] if row else None

    def add(self, external_id: str, line: int) -> None:
        self._db.execute("INSERT INTO seen VALUES (?, ?)", (external_id, line))

    def close(self) -> None:
        self._db.close()
        self._file.close()


class RowValidator:
    """Turns raw rows into InitiativeData, collecting every problem with its field."""

    def __init__(self, lookup: ReferenceLookup | None = None):
        self.lookup = lookup or ReferenceLookup()
        self.seen_ids = SeenIds()

    def close(self) -> None:
        self.seen_ids.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def validate(self, line: int, row: dict) -> tuple[InitiativeData | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(field_name: str, message: str) -> None:
            errors.append(RowError(line, field_name, message))

        if "__json_error__" in row:
            fail("(dòng)", f"JSON không hợp lệ: {row['__json_error__']}")
            return None, errors
        if "__extra__" in row:
            fail("(dòng)", "dòng có nhiều cột hơn tiêu đề; kiểm tra dấu phẩy và dấu ngoặc kép")
            return None, errors
        unknown = [name for name in row if name not in FIELDS]
        if unknown:
            fail("(dòng)", f"trường không được hỗ trợ: {', '.join(map(str, unknown))}")

        values = {}
        for name in FIELDS:
            raw = row.get(name)
            try:
                if name in LIST_FIELDS:
                    values[name] = _as_list(raw)
                elif name in ("phase", "year"):
                    values[name] = as_int(raw, what="Giá trị")
                elif name == "benefit_vnd":
                    values[name] = as_int(raw, what="Giá trị làm lợi")
                elif name == "recognised_on":
                    values[name] = as_date(raw)
                elif name == "featured":
                    values[name] = as_bool(raw)
                else:
                    values[name] = as_text(raw)
            except ValueError as exc:
                fail(name, str(exc))
                values[name] = None

        external_id = values.get("external_id") or ""
        if not external_id:
            fail("external_id", "không được để trống")
        elif not _EXTERNAL_ID.match(external_id):
            fail(
                "external_id",
                "chỉ gồm chữ không dấu, số và các ký tự . _ : / - (tối đa 64 ký tự)",
            )
        elif error := self.claim(line, external_id):
            errors.append(error)

        title = values.get("title") or ""
        if not title:
            fail("title", "không được để trống")
        elif len(title) > 255:
            fail("title", "dài quá 255 ký tự")

        summary = values.get("summary") or ""
        if len(summary) > 600:
            fail("summary", "dài quá 600 ký tự")
        if not summary and values.get("body"):
            summary = _first_sentences(values["body"])
        if not summary and title:
            fail("summary", "cần có tóm tắt hoặc nội dung")

        province = None
        if values.get("province"):
            province = self.lookup.province(values["province"])
            if province is None:
                fail("province", f"không có tỉnh, thành phố hay ngành “{values['province']}”")
        elif "province" not in [e.field for e in errors]:
            fail("province", "không được để trống")

        sector = None
        if values.get("sector"):
            sector = self.lookup.sector(values["sector"])
            if sector is None:
                fail("sector", f"không có lĩnh vực “{values['sector']}”")
        elif "sector" not in [e.field for e in errors]:
            fail("sector", "không được để trống")

        benefit = values.get("benefit_vnd")
        if benefit is not None and benefit < 0:
            fail("benefit_vnd", "giá trị làm lợi không được âm")

        status = values.get("status") or RecognitionStatus.RECOGNISED
        if status not in RecognitionStatus.values:
            fail("status", f"chỉ nhận: {', '.join(RecognitionStatus.values)}")

        for name, limit in (("unit", 255), ("benefit_note", 255)):
            if values.get(name) and len(values[name]) > limit:
                fail(name, f"dài quá {limit} ký tự")
        if sum(len(author) + 2 for author in values.get("authors") or ()) > 500:
            fail("authors", "danh sách tác giả quá dài (tối đa 500 ký tự)")
        for tag in values.get("tags") or ():
            if len(tag) > 100:
                fail("tags", f"từ khóa “{tag[:30]}…” dài quá 100 ký tự")

        phase, year = self._phase_and_year(values, fail)

        if errors:
            return None, errors
        return (
            InitiativeData(
                external_id=external_id,
                title=title,
                summary=summary,
                body=values.get("body") or "",
                authors=values.get("authors") or (),
                unit=values.get("unit") or "",
                province=province,
                sector=sector,
                phase=phase,
                year=year,
                recognised_on=values.get("recognised_on"),
                benefit_vnd=benefit,
                benefit_note=values.get("benefit_note") or "",
                status=status,
                tags=values.get("tags") or (),
                featured=bool(values.get("featured")),
            ),
            [],
        )

    def claim(self, line: int, external_id: str) -> "RowError | None":
        """Note that `line` holds `external_id`; an error if an earlier line held it."""
        first_line = self.seen_ids.first_line(external_id)
        if first_line is not None:
            return RowError(line, "external_id", f"mã “{external_id}” trùng với dòng {first_line}")
        self.seen_ids.add(external_id, line)
        return None

    @staticmethod
    def _phase_and_year(values: dict, fail) -> tuple[int | None, int | None]:
        phase, year = values.get("phase"), values.get("year")
        recognised_on = values.get("recognised_on")
        if phase is not None and phase not in (1, 2):
            fail("phase", "giai đoạn chỉ có thể là 1 hoặc 2")
            return None, None
        if recognised_on is not None:
            derived = phase_for(recognised_on)
            if derived is None:
                fail(
                    "recognised_on",
                    f"phải nằm trong thời gian phong trào ({CAMPAIGN_START:%d/%m/%Y} – "
                    f"{CAMPAIGN_END:%d/%m/%Y})",
                )
                return None, None
            if phase is not None and phase != derived:
                fail("phase", f"ngày công nhận {recognised_on:%d/%m/%Y} thuộc giai đoạn {derived}")
            if year is not None and year != recognised_on.year:
                fail("year", f"không khớp với ngày công nhận ({recognised_on.year})")
            return derived, recognised_on.year
        if phase is None:
            fail("phase", "cần có giai đoạn (1 hoặc 2) hoặc ngày công nhận")
            return None, None
        allowed = years_of(phase)
        if year is None:
            return phase, allowed[-1]
        if year not in allowed:
            fail("year", f"giai đoạn {phase} chỉ gồm các năm {allowed[0]}–{allowed[-1]}")
        return phase, year


_REFERENCES = ("province", "sector")


class ValidRows:
    """Validated rows, each with its source fingerprint, kept in a temporary file between
    the validation pass and the writes: the file is not read or validated a second time,
    and memory holds one chunk. Provinces and sectors are stored by id."""

    def __init__(self, lookup: ReferenceLookup):
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._names = [item.name for item in fields(InitiativeData)]
        self._references = {
            "province": {obj.pk: obj for obj in lookup.provinces.values()},
            "sector": {obj.pk: obj for obj in lookup.sectors.values()},
        }
        self.count = 0

    def add(self, rows: list[tuple[InitiativeData, str]]) -> None:
        if not rows:
            return
        records = [
            (
                fingerprint,
                [
                    getattr(data, name).pk if name in _REFERENCES else getattr(data, name)
                    for name in self._names
                ],
            )
            for data, fingerprint in rows
        ]
        pickle.dump(records, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += len(records)

    def __iter__(self) -> Iterator[tuple[InitiativeData, str]]:
        self._file.seek(0)
        while True:
            try:
                # Only what add() wrote to this process's own temporary file.
                records = pickle.load(self._file)  # noqa: S301
            except EOFError:
                return
            for fingerprint, values in records:
                row = dict(zip(self._names, values, strict=True))
                for name in _REFERENCES:
                    row[name] = self._references[name][row[name]]
                yield InitiativeData(**row), fingerprint

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "ValidRows":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _first_sentences(body: str, limit: int = 300) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"^\s*[^:\n]{2,20}:\s*", "", body.strip()))
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"
