"""Open data: the initiatives as CSV, JSON and XLSX, for the filtered downloads and the
full dataset (`manage.py export_open_data`, /du-lieu-mo/).

Rows are read a chunk at a time and written as they come, so an export of any size
holds at most one chunk of rows in memory (and, for a filtered download, its ids):

- a filtered download asks the search service for the view's ids
  (`SearchService.result_ids`), the same request the listing makes: the same engine,
  filters and order as the pages a reader turns, ties included, so the file matches the
  view row for row. The engine answers in one query (tantivy) or one scroll
  (Elasticsearch), ids only, `CHUNK` at a time, at most `MAX_ROWS`;
- the full dataset reads the database by id (keyset on the primary key, no offset).

Then each chunk's columns come from the database in one `values_list` query, live and
public pages only: an index that lags behind an unpublished page never leaks it. Every
format sends its first bytes before the first row is read, XLSX included (a zip
streamed by stream-zip, see `xlsx_bytes`).
"""

import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from django.conf import settings
from django.utils import timezone
from stream_zip import ZIP_32, stream_zip

from portal.page_addresses import ChildAddresses
from search.query import SearchRequest

from .campaign import RecognitionStatus
from .models import InitiativePage, Province, Sector

CHUNK = 1_000
# The most rows one filtered download carries: past this, narrow the filters or take
# the full dataset from /du-lieu-mo/.
MAX_ROWS = 100_000
FILE_CHUNK = 64 * 1024
FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class ExportField:
    name: str
    type: str  # as a Frictionless table schema names it
    meaning: str  # in Vietnamese, for the data dictionary
    example: str


FIELDS = (
    ExportField("id", "integer", "Mã số của sáng kiến trên trang (không đổi).", "4821"),
    ExportField("title", "string", "Tên sáng kiến.", "Cải tiến máy cắt tôn tự động"),
    ExportField(
        "url",
        "string",
        "Địa chỉ trang của sáng kiến trên thư viện.",
        "https://…/sang-kien/cai-tien-may-cat-ton-tu-dong/",
    ),
    ExportField("province", "string", "Tỉnh, thành phố hoặc công đoàn ngành Trung ương.", "Hà Nội"),
    ExportField(
        "province_code",
        "string",
        "Mã tỉnh, thành phố (mã hành chính) hoặc mã công đoàn ngành.",
        "01",
    ),
    ExportField("sector", "string", "Lĩnh vực của sáng kiến.", "Năng lượng"),
    ExportField("sector_slug", "string", "Mã lĩnh vực (dùng trong bộ lọc).", "nang-luong"),
    ExportField("unit", "string", "Đơn vị nơi tác giả làm việc.", "Công ty Điện lực Hà Nội"),
    ExportField(
        "authors", "string", "Tác giả, ngăn cách bằng dấu phẩy.", "Nguyễn Văn An, Lê Thị Bình"
    ),
    ExportField(
        "phase",
        "integer",
        "Giai đoạn của phong trào: 1 (9/2021 – 5/2022) hoặc 2 (6/2022 – 9/2023); "
        "trống nếu chưa rõ.",
        "2",
    ),
    ExportField("year", "integer", "Năm công nhận; trống nếu chưa rõ.", "2023"),
    ExportField(
        "recognised_on", "date", "Ngày công nhận (năm-tháng-ngày); trống nếu chưa rõ.", "2023-03-15"
    ),
    ExportField(
        "status",
        "string",
        "Mức công nhận: "
        + "; ".join(f"{status.value} = {status.label}" for status in RecognitionStatus)
        + ".",
        "recognised",
    ),
    ExportField(
        "benefit_vnd",
        "integer",
        "Giá trị làm lợi mỗi năm, tính bằng đồng; trống nếu không lượng hóa được bằng tiền.",
        "450000000",
    ),
    ExportField("reuse_count", "integer", "Số đơn vị khác đã áp dụng (đã được xác nhận).", "3"),
    ExportField("summary", "string", "Tóm tắt nội dung sáng kiến.", "Thay bộ điều khiển cơ…"),
    ExportField(
        "published_at",
        "datetime",
        "Thời điểm sáng kiến được đăng lên thư viện (ISO 8601, có múi giờ).",
        "2023-03-20T09:15:00+07:00",
    ),
    ExportField(
        "external_id",
        "string",
        "Mã của sáng kiến trong dữ liệu nhập hàng loạt của đơn vị; trống với sáng kiến nhập tay.",
        "HN-2023-00125",
    ),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)

# The database columns a row reads, in FIELDS' order where they map one to one.
_COLUMNS = (
    "pk",
    "title",
    "path",
    "url_path",
    "province__name",
    "province__code",
    "sector__name",
    "sector__slug",
    "unit",
    "authors",
    "phase",
    "year",
    "recognised_on",
    "status",
    "benefit_vnd",
    "reuse_count",
    "summary",
    "first_published_at",
    "external_id",
)


def _published():
    return InitiativePage.objects.live().public()


class RowSource:
    """Turns ids into export rows (dicts of FIELDS), a chunk at a time. `base_url` makes
    the pages' addresses absolute when Wagtail gives them relative."""

    def __init__(self, *, base_url: str = "", address_of: Callable | None = None):
        self.base_url = base_url.rstrip("/")
        self.addresses = ChildAddresses(address_of) if address_of else ChildAddresses()
        # Looked up once: timezone.localtime looks it up again for every row.
        self.zone = timezone.get_current_timezone()

    def rows(self, ids: list[int]) -> list[dict]:
        """The live, public initiatives among `ids`, in the order of `ids`."""
        found = {row[0]: row for row in _published().filter(pk__in=ids).values_list(*_COLUMNS)}
        return [self._row(found[pk]) for pk in ids if pk in found]

    def _row(self, values: tuple) -> dict:
        (pk, title, path, url_path, province, province_code, sector, sector_slug, *rest) = values
        unit, authors, phase, year, recognised_on, status, benefit, reuses, summary = rest[:9]
        published, external_id = rest[9:]
        url = self.addresses(path=path, url_path=url_path)
        if url.startswith("/"):
            url = f"{self.base_url}{url}"
        return {
            "id": pk,
            "title": title,
            "url": url,
            "province": province or "",
            "province_code": province_code or "",
            "sector": sector or "",
            "sector_slug": sector_slug or "",
            "unit": unit,
            "authors": authors,
            "phase": phase,
            "year": year,
            "recognised_on": recognised_on,
            "status": status,
            "benefit_vnd": benefit,
            "reuse_count": reuses,
            "summary": summary,
            "published_at": published.astimezone(self.zone) if published else None,
            "external_id": external_id or "",
        }


# Where the ids come from ----------------------------------------------------------------


def view_id_chunks(
    service, request: SearchRequest, *, limit: int = MAX_ROWS
) -> Iterator[list[int]]:
    """The ids of the view `request` describes, in its order, CHUNK at a time, at most
    `limit` in all: the view's own pages, asked of the engine at once."""
    return service.result_ids(request, limit=limit, batch=CHUNK)


def all_id_chunks() -> Iterator[list[int]]:
    """Every live, public initiative's id, lowest first, CHUNK at a time (keyset)."""
    last = 0
    while ids := list(
        _published().filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK]
    ):
        yield ids
        last = ids[-1]


def row_chunks(id_chunks: Iterable[list[int]], source: RowSource) -> Iterator[list[dict]]:
    for ids in id_chunks:
        if rows := source.rows(ids):
            yield rows


# Writers: each takes chunks of rows and yields bytes -------------------------------------


def _text(value) -> str | int | None:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_bytes(chunks: Iterable[list[dict]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, which Excel needs to read Vietnamese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELD_NAMES)
    yield "\ufeff".encode() + buffer.getvalue().encode()
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_text(row[name]) for name in FIELD_NAMES] for row in rows)
        yield buffer.getvalue().encode()


def json_bytes(chunks: Iterable[list[dict]]) -> Iterator[bytes]:
    """A JSON array of objects, one per line."""
    yield b"["
    first = True
    for rows in chunks:
        parts = []
        for row in rows:
            text = json.dumps({k: _text(v) for k, v in row.items()}, ensure_ascii=False)
            parts.append(("\n" if first else ",\n") + text)
            first = False
        yield "".join(parts).encode()
    yield b"\n]\n"


# XLSX: a zip of XML parts. The fixed ones (content types, relationships, styles, the
# workbook, the sheet's columns and header) come from xlsxwriter writing a workbook of
# the header alone; the sheet's rows are written here as XML between its <sheetData>
# tags, and stream-zip sends the zip as it is compressed, its directory last.
SHEET_NAME = "Sáng kiến"
SHEET_PART = "xl/worksheets/sheet1.xml"
COLUMN_WIDTHS = {"title": 48, "url": 40, "summary": 60, "unit": 30, "authors": 30}
# Characters XML 1.0 cannot carry (a pasted control character): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads "_x0041_" in a cell as an escaped character; "_x005F" keeps it literal.
_EXCEL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_EXCEL_EPOCH = date(1899, 12, 30)
# deflate's default rather than stream-zip's 9: at 100,000 rows 1.3 s of compressing
# instead of 6 s, for a file 5% larger (bench/export_bench.py).
ZIP_LEVEL = 6


@dataclass(frozen=True)
class _XlsxTemplate:
    parts: tuple[tuple[str, bytes], ...]  # every part but the sheet, in xlsxwriter's order
    sheet_head: bytes  # up to and including the header row
    sheet_tail: bytes  # from </sheetData> on
    money_style: int
    date_style: int


def _xlsx_template() -> _XlsxTemplate:
    """The workbook with its header row only, written by xlsxwriter: a few milliseconds,
    so each download writes its own (with its creation time)."""
    buffer = io.BytesIO()
    # constant_memory: strings inline, as the rows' are (no shared-strings part).
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(SHEET_NAME)
    header = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, FIELD_NAMES, header)
    for column, name in enumerate(FIELD_NAMES):
        sheet.set_column(column, column, COLUMN_WIDTHS.get(name, 14))
    # A row using the number formats puts them in styles.xml and gives them their
    # numbers; it is cut out of the sheet below.
    sheet.write_number(1, 0, 0, money)
    sheet.write_number(1, 1, 0, day)
    workbook.close()
    with zipfile.ZipFile(buffer) as archive:
        parts = [(name, archive.read(name)) for name in archive.namelist()]
    xml = dict(parts)[SHEET_PART].decode()
    head = xml[: xml.index('<row r="2"')]
    # The used range is not known before the last row; the element is optional.
    head = re.sub(r"<dimension [^>]*/>", "", head)
    return _XlsxTemplate(
        parts=tuple((name, data) for name, data in parts if name != SHEET_PART),
        sheet_head=head.encode(),
        sheet_tail=xml[xml.index("</sheetData>") :].encode(),
        money_style=money.xf_index,
        date_style=day.xf_index,
    )


def _cell_text(value: str) -> str:
    """A string as an inline string's XML text."""
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(r"_x005F\1", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_rows(chunks: Iterable[list[dict]], template: _XlsxTemplate) -> Iterator[bytes]:
    """sheet1.xml: the template's head, the rows a chunk at a time, its tail."""
    yield template.sheet_head
    columns = [(name, _column_letters(n)) for n, name in enumerate(FIELD_NAMES, start=1)]
    money, day = template.money_style, template.date_style
    line = 1
    for rows in chunks:
        parts = []
        for row in rows:
            line += 1
            parts.append(f'<row r="{line}">')
            for name, letter in columns:
                value = row[name]
                if value is None or value == "":
                    # A blank cell all the same: without the sheet's dimension (unknown
                    # until the last row), readers size each row by its last cell.
                    parts.append(f'<c r="{letter}{line}"/>')
                elif name == "benefit_vnd":
                    parts.append(f'<c r="{letter}{line}" s="{money}"><v>{value}</v></c>')
                elif name == "recognised_on":
                    serial = (value - _EXCEL_EPOCH).days
                    parts.append(f'<c r="{letter}{line}" s="{day}"><v>{serial}</v></c>')
                elif isinstance(value, int):
                    parts.append(f'<c r="{letter}{line}"><v>{value}</v></c>')
                else:
                    # Strings as inline strings: a title like "=1+1" is never a formula.
                    text = _cell_text(_text(value))
                    space = ' xml:space="preserve"' if text != text.strip() else ""
                    parts.append(
                        f'<c r="{letter}{line}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
                    )
            parts.append("</row>")
        yield "".join(parts).encode()
    yield template.sheet_tail


def xlsx_bytes(chunks: Iterable[list[dict]]) -> Iterator[bytes]:
    """The workbook, sent as it is built: its fixed parts at once, then the rows."""
    template = _xlsx_template()
    now = datetime.now()
    mode = stat.S_IFREG | 0o644

    def members():
        for name, data in template.parts:
            yield name, now, mode, ZIP_32, (data,)
        yield SHEET_PART, now, mode, ZIP_32, _sheet_rows(chunks, template)

    return stream_zip(
        members(),
        chunk_size=FILE_CHUNK,
        get_compressobj=lambda: zlib.compressobj(level=ZIP_LEVEL, wbits=-zlib.MAX_WBITS),
    )


WRITERS = {"csv": csv_bytes, "json": json_bytes, "xlsx": xlsx_bytes}


def write_file(path: os.PathLike, fmt: str, chunks: Iterable[list[dict]]) -> None:
    with open(path, "wb") as file:
        for piece in WRITERS[fmt](chunks):
            file.write(piece)


# The full dataset (/du-lieu-mo/) ----------------------------------------------------------

EXPORT_DIR = "du-lieu-mo"
MANIFEST = "datapackage.json"
KEEP = 3
# The initiatives in each format, then the vocabularies their codes come from.
DATASET_FILES = {
    "csv": "sang-kien.csv",
    "json": "sang-kien.json",
    "xlsx": "sang-kien.xlsx",
}
PROVINCES_FILE = "tinh-thanh-nganh.csv"
SECTORS_FILE = "linh-vuc.csv"
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "xlsx": "Excel (XLSX)"}


def export_root() -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_DIR


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while piece := file.read(FILE_CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def _write_vocabulary(path, header: tuple[str, ...], rows: Iterable[tuple]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def build_dataset(*, day: date, base_url: str, keep: int = KEEP) -> Path:
    """Write the dated dataset into MEDIA_ROOT/du-lieu-mo/<day>/ and return that folder.

    Written into a temporary folder beside it, then renamed: the page never lists a
    half-written export. Only the `keep` latest dated folders are kept."""
    root = export_root()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        source = RowSource(base_url=base_url)
        resources, count = [], 0
        for fmt, name in DATASET_FILES.items():
            counted = []

            def counting(chunks, counted=counted):
                for rows in chunks:
                    counted.append(len(rows))
                    yield rows

            write_file(work / name, fmt, counting(row_chunks(all_id_chunks(), source)))
            count = sum(counted)
            resources.append(
                {
                    "name": f"sang-kien-{fmt}",
                    "path": name,
                    "format": fmt,
                    "mediatype": CONTENT_TYPES[fmt].split(";")[0],
                    "encoding": "utf-8",
                    "rows": count,
                    "schema": {
                        "fields": [
                            {"name": f.name, "type": f.type, "description": f.meaning}
                            for f in FIELDS
                        ]
                    },
                }
            )
        provinces = _write_vocabulary(
            work / PROVINCES_FILE,
            ("code", "name", "full_name", "kind"),
            Province.objects.order_by("code").values_list("code", "name", "full_name", "kind"),
        )
        sectors = _write_vocabulary(
            work / SECTORS_FILE,
            ("slug", "name"),
            Sector.objects.order_by("slug").values_list("slug", "name"),
        )
        resources += [
            {
                "name": "tinh-thanh-nganh",
                "path": PROVINCES_FILE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "rows": provinces,
            },
            {
                "name": "linh-vuc",
                "path": SECTORS_FILE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "rows": sectors,
            },
        ]
        for resource in resources:
            path = work / resource["path"]
            resource["bytes"] = path.stat().st_size
            resource["hash"] = f"sha256:{_sha256(path)}"
        manifest = {
            "name": "mot-trieu-sang-kien",
            "title": "Thư viện sáng kiến “Một triệu sáng kiến”",
            "created": timezone.now().isoformat(timespec="seconds"),
            "date": day.isoformat(),
            "initiatives": count,
            "licenses": [LICENCE],
            "resources": resources,
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        target = root / day.isoformat()
        if target.exists():
            old = root / f".old-{day.isoformat()}-{os.getpid()}"
            target.rename(old)
            work.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for stale in dated_exports()[keep:]:
        shutil.rmtree(stale, ignore_errors=True)
    return target


def dated_exports() -> list[Path]:
    """The dated export folders, newest first."""
    root = export_root()
    if not root.is_dir():
        return []
    folders = []
    for child in root.iterdir():
        try:
            date.fromisoformat(child.name)
        except ValueError:
            continue
        if child.is_dir() and (child / MANIFEST).is_file():
            folders.append(child)
    return sorted(folders, key=lambda folder: folder.name, reverse=True)


def latest_manifest() -> dict | None:
    """The latest export's datapackage.json, or None before the first export."""
    folders = dated_exports()
    if not folders:
        return None
    return json.loads((folders[0] / MANIFEST).read_text(encoding="utf-8"))
