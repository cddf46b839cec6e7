"""Open data: the initiatives as CSV, JSON and XLSX, for the filtered downloads and the
full dataset (`manage.py export_open_data`, /du-lieu-mo/).

Rows are read a chunk at a time and written as they come, so an export of any size
holds at most one chunk of rows in memory:

- a filtered download asks the search service for the view's ids, the same request the
  listing makes, `CHUNK` ids a page: the same engine, filters and order as the pages a
  reader turns, so the file matches the view row for row. Neither engine has a cursor
  the view could share (tantivy has no search_after), so page n costs the engine its
  best n × CHUNK matches: `MAX_ROWS` bounds that (100 engine queries at most);
- the full dataset reads the database by id (keyset on the primary key, no offset).

Then each chunk's columns come from the database in one `values_list` query, live and
public pages only: an index that lags behind an unpublished page never leaks it.
"""

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from django.conf import settings
from django.utils import timezone

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
            "published_at": timezone.localtime(published) if published else None,
            "external_id": external_id or "",
        }


# Where the ids come from ----------------------------------------------------------------


def view_id_chunks(
    service, request: SearchRequest, *, limit: int = MAX_ROWS
) -> Iterator[list[int]]:
    """The ids of the view `request` describes, in its order, CHUNK at a time, at most
    `limit` in all: the view's own pages, only larger."""
    number, sent = 1, 0
    while sent < limit:
        size = min(CHUNK, limit - sent)
        page = replace(request, page=number, page_size=CHUNK, with_facets=False)
        hits = service.search(page).hits[:size]
        if not hits:
            return
        yield [hit.id for hit in hits]
        sent += len(hits)
        if len(hits) < CHUNK:
            return
        number += 1


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


def write_xlsx(chunks: Iterable[list[dict]], target) -> None:
    """Write the workbook to `target` (a path or a binary file). xlsxwriter's
    constant_memory mode writes each row to a temporary file as it comes and keeps
    strings inline (no shared-strings table growing with the rows)."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Sáng kiến")
    header = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, FIELD_NAMES, header)
    widths = {"title": 48, "url": 40, "summary": 60, "unit": 30, "authors": 30}
    for column, name in enumerate(FIELD_NAMES):
        sheet.set_column(column, column, widths.get(name, 14))
    line = 1
    for rows in chunks:
        for row in rows:
            for column, name in enumerate(FIELD_NAMES):
                value = row[name]
                if value is None or value == "":
                    continue
                if name == "benefit_vnd":
                    sheet.write_number(line, column, value, money)
                elif name == "recognised_on":
                    sheet.write_datetime(
                        line, column, datetime.combine(value, datetime.min.time()), day
                    )
                elif isinstance(value, int):
                    sheet.write_number(line, column, value)
                else:
                    # Strings as strings: a title like "=1+1" is never a formula.
                    sheet.write_string(line, column, _text(value))
            line += 1
    workbook.close()


def xlsx_bytes(chunks: Iterable[list[dict]]) -> Iterator[bytes]:
    """The workbook is a zip whose directory comes last: it is built in a temporary
    file, then sent in pieces."""
    with tempfile.TemporaryFile() as file:
        write_xlsx(chunks, file)
        file.seek(0)
        while piece := file.read(FILE_CHUNK):
            yield piece


WRITERS = {"csv": csv_bytes, "json": json_bytes, "xlsx": xlsx_bytes}


def write_file(path: os.PathLike, fmt: str, chunks: Iterable[list[dict]]) -> None:
    if fmt == "xlsx":
        write_xlsx(chunks, os.fspath(path))
        return
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
