"""Open data: filtered downloads of the showcase and search views, the full dataset."""

import csv
import datetime
import hashlib
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search.service import get_search_service
from showcase import exports
from tests.showcase.factories import province, sector

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test's exports in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def library(make_initiative, monkeypatch):
    """Thirty initiatives, three pages of the listing; small chunks, so that every
    download is read in several of them."""
    monkeypatch.setattr(exports, "CHUNK", 7)
    pages = []
    for number in range(30):
        pages.append(
            make_initiative(
                title=f"Cải tiến máy cắt tôn số {number}",
                province=province("79" if number % 3 else "01"),
                sector=sector("nang-luong" if number % 2 else "cong-nghiep"),
                recognised_on=datetime.date(2022, 1 + number % 12, 1 + number % 27),
                # Ties on purpose: the order among equal benefits must be the view's too.
                benefit_vnd=None if number % 5 == 0 else (number % 4) * 250_000_000,
                authors="Nguyễn Văn Ánh, Lê Thị Bình",
            )
        )
    return pages


@pytest.fixture(params=["embedded", "elasticsearch"])
def either_engine(request, settings):
    """The site on each engine, kept in step with every change as the embedded one is
    (tests/conftest.py): ask for it before the pages are made."""
    if request.param == "elasticsearch":
        clone = request.getfixturevalue("osmem_server").clone()
        request.addfinalizer(clone.close)
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = clone.url
        settings.ELASTICSEARCH_INDEX = "exports"
        get_search_service.cache_clear()
    return request.param


def listing_ids(client, path, params) -> list[int]:
    """The ids a reader sees turning every page of the listing."""
    ids, number = [], 1
    while True:
        response = client.get(path, {**params, "page": number})
        assert response.status_code == 200
        if path == "/tim-kiem/":
            ids += [hit.id for hit in response.context["response"].hits]
            page = response.context["page_obj"]
        else:
            page = response.context["initiatives"]
            ids += [initiative.pk for initiative in page]
        if not page.has_next():
            return ids
        number += 1


def download(client, url, params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[dict]:
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None  # every part intact
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


SHOWCASE_VIEWS = [
    {"sector": "nang-luong", "sort": "benefit"},
    {"province": "79"},
    {"sort": "reused"},
    {"q": "máy cắt tôn", "year": "2022"},
]


@pytest.mark.parametrize("params", SHOWCASE_VIEWS)
def test_each_format_matches_the_filtered_showcase_row_for_row(
    client, either_engine, library, params
):
    expected = listing_ids(client, "/sang-kien/", params)
    assert len(expected) > 12  # more than one page of the listing
    base = "/du-lieu-mo/tai-ve/sang-kien"
    from_csv = [int(row["id"]) for row in csv_rows(download(client, f"{base}.csv", params))]
    from_json = [row["id"] for row in json.loads(download(client, f"{base}.json", params))]
    from_xlsx = [row["id"] for row in xlsx_rows(download(client, f"{base}.xlsx", params))]
    assert from_csv == expected
    assert from_json == expected
    assert from_xlsx == expected


def test_search_download_matches_the_search_pages_row_for_row(
    client, either_engine, library, make_article
):
    make_article(title="Tin về máy cắt tôn")
    params = {"q": "máy cắt tôn", "province": "79", "page_size": "5"}
    expected = listing_ids(client, "/tim-kiem/", {**params, "type": "initiative"})
    assert len(expected) == 20
    rows = json.loads(download(client, "/du-lieu-mo/tai-ve/tim-kiem.json", params))
    assert [row["id"] for row in rows] == expected


def test_equal_benefits_across_a_chunk_boundary_keep_the_listing_order(
    client, either_engine, library
):
    params = {"sort": "benefit"}
    expected = listing_ids(client, "/sang-kien/", params)
    rows = json.loads(download(client, "/du-lieu-mo/tai-ve/sang-kien.json", params))
    benefits = [row["benefit_vnd"] for row in rows]
    # The last row of the first chunk and the first of the second tie.
    assert benefits[exports.CHUNK - 1] == benefits[exports.CHUNK]
    assert [row["id"] for row in rows] == expected


def test_a_download_while_the_engine_is_down_matches_the_listing_from_the_database(
    client, library, settings
):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    get_search_service.cache_clear()
    params = {"sector": "nang-luong", "sort": "benefit"}
    response = client.get("/sang-kien/", params)
    assert response.context["search_degraded"]
    expected = listing_ids(client, "/sang-kien/", params)
    rows = json.loads(download(client, "/du-lieu-mo/tai-ve/sang-kien.json", params))
    assert [row["id"] for row in rows] == expected
    get_search_service.cache_clear()


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_each_download_starts_before_any_row_is_read(client, library, fmt):
    response = client.get(f"/du-lieu-mo/tai-ve/sang-kien.{fmt}")
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(pieces)
    assert first
    assert not queries.captured_queries
    b"".join(pieces)  # the rest, so that the response closes as a browser's would


def test_files_carry_vietnamese_text_numbers_and_dates(client, make_initiative):
    page = make_initiative(
        title="Bộ điều khiển tự ngắt máy nén khí “Đông Anh”",
        province=province("01"),
        sector=sector("nang-luong"),
        recognised_on=datetime.date(2023, 3, 15),
        benefit_vnd=1_200_000_000,
        unit="Công ty Điện lực Hà Nội",
        external_id="HN-2023-00125",
    )
    base = "/du-lieu-mo/tai-ve/sang-kien"
    [row] = csv_rows(download(client, f"{base}.csv", {}))
    assert list(row) == list(exports.FIELD_NAMES)
    assert row["title"] == "Bộ điều khiển tự ngắt máy nén khí “Đông Anh”"
    assert row["province"] == "Hà Nội"
    assert row["benefit_vnd"] == "1200000000"
    assert row["recognised_on"] == "2023-03-15"
    assert row["url"] == page.full_url
    [item] = json.loads(download(client, f"{base}.json", {}))
    assert item["unit"] == "Công ty Điện lực Hà Nội"
    assert item["benefit_vnd"] == 1_200_000_000
    assert item["phase"] == 2 and item["year"] == 2023
    assert item["external_id"] == "HN-2023-00125"
    assert item["status"] == "recognised"
    [cells] = xlsx_rows(download(client, f"{base}.xlsx", {}))
    assert cells["title"] == "Bộ điều khiển tự ngắt máy nén khí “Đông Anh”"
    assert cells["benefit_vnd"] == 1_200_000_000
    assert cells["recognised_on"] == datetime.datetime(2023, 3, 15)


def test_a_title_that_looks_like_a_formula_stays_text_in_excel(client, make_initiative):
    make_initiative(title="=1+1 sáng kiến")
    [cells] = xlsx_rows(download(client, "/du-lieu-mo/tai-ve/sang-kien.xlsx", {}))
    assert cells["title"] == "=1+1 sáng kiến"


def test_excel_cells_keep_markup_and_spaces_and_drop_control_characters(client, make_initiative):
    make_initiative(
        title="<r>Máy</r> & <b>bơm</b>",
        unit="  Xưởng A  ",
        authors="Nguyễn\x01 Văn\x1f An",
        summary="Dòng một\nDòng hai",
        benefit_vnd=None,
        external_id="",
    )
    [cells] = xlsx_rows(download(client, "/du-lieu-mo/tai-ve/sang-kien.xlsx", {}))
    assert cells["title"] == "<r>Máy</r> & <b>bơm</b>"
    assert cells["unit"] == "  Xưởng A  "
    assert cells["authors"] == "Nguyễn Văn An"
    assert cells["summary"] == "Dòng một\nDòng hai"
    assert cells["benefit_vnd"] is None
    assert cells["external_id"] is None


def test_private_and_unpublished_initiatives_never_appear(client, make_initiative):
    shown = make_initiative(title="Máy bóc vỏ tôm")
    make_initiative(title="Bản nháp", live=False, publish=False)
    private = make_initiative(title="Chỉ nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = make_initiative(title="Đã gỡ")
    unpublished.unpublish()
    for url in ("/du-lieu-mo/tai-ve/sang-kien.json", "/du-lieu-mo/tai-ve/tim-kiem.json"):
        assert [row["id"] for row in json.loads(download(client, url, {}))] == [shown.pk]
    call_command("export_open_data", stdout=io.StringIO())
    folder = exports.dated_exports()[0]
    rows = json.loads((folder / "sang-kien.json").read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == [shown.pk]


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/du-lieu-mo/tai-ve/sang-kien.csv", {"sector": "khong-co"}, "Không có lĩnh vực này"),
        ("/du-lieu-mo/tai-ve/sang-kien.xlsx", {"year": "1999"}, "Năm phải nằm trong"),
        ("/du-lieu-mo/tai-ve/sang-kien.csv", {"sort": "cu-nhat"}, "Cách sắp xếp không hợp lệ"),
        ("/du-lieu-mo/tai-ve/tim-kiem.csv", {"province": "zz"}, "Không có tỉnh, thành phố"),
        ("/du-lieu-mo/tai-ve/tim-kiem.csv", {"type": "news"}, "Chỉ tải về được sáng kiến"),
    ],
)
def test_a_bad_filter_is_refused_with_a_vietnamese_message(client, url, params, message):
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_filter_on_a_json_download_answers_json(client):
    response = client.get("/du-lieu-mo/tai-ve/sang-kien.json", {"phase": "3"})
    assert response.status_code == 400
    assert response.json() == {"error": "Giai đoạn: Giai đoạn chỉ có thể là 1 hoặc 2."}


def test_an_unknown_format_is_not_found(client):
    assert client.get("/du-lieu-mo/tai-ve/sang-kien.pdf").status_code == 404


def test_download_is_named_by_date_and_never_cached(client, make_initiative):
    make_initiative()
    response = client.get("/du-lieu-mo/tai-ve/sang-kien.csv")
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="sang-kien-{today}.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"


def test_downloads_are_rate_limited(client):
    statuses = [client.get("/du-lieu-mo/tai-ve/sang-kien.json").status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_a_download_stops_at_the_row_cap(client, library, monkeypatch):
    monkeypatch.setattr(exports, "MAX_ROWS", 10)
    from showcase import export_views

    monkeypatch.setattr(export_views, "view_id_chunks", _capped(exports.view_id_chunks, 10))
    rows = json.loads(download(client, "/du-lieu-mo/tai-ve/sang-kien.json", {}))
    assert [row["id"] for row in rows] == listing_ids(client, "/sang-kien/", {})[:10]


def _capped(function, limit):
    return lambda service, request: function(service, request, limit=limit)


def test_listings_link_their_downloads_with_the_same_filters(client, library):
    page = client.get("/sang-kien/", {"sector": "nang-luong", "page": "2"}).content.decode()
    assert 'href="/du-lieu-mo/tai-ve/sang-kien.csv?sector=nang-luong"' in page
    assert 'href="/du-lieu-mo/tai-ve/sang-kien.xlsx?sector=nang-luong"' in page
    search = client.get("/tim-kiem/", {"q": "máy", "page": "2"}).content.decode()
    assert 'href="/du-lieu-mo/tai-ve/tim-kiem.json?q=m%C3%A1y&amp;type=initiative"' in search


# The full dataset ----------------------------------------------------------------------


def test_command_writes_the_dated_files_with_their_manifest(make_initiative):
    pages = [make_initiative(title=f"Sáng kiến tiết kiệm điện {n}") for n in range(3)]
    call_command("export_open_data", "--date", "2026-12-05", stdout=io.StringIO())
    folder = exports.export_root() / "2026-12-05"
    names = {path.name for path in folder.iterdir()}
    assert names == {
        "sang-kien.csv",
        "sang-kien.json",
        "sang-kien.xlsx",
        "tinh-thanh-nganh.csv",
        "linh-vuc.csv",
        "datapackage.json",
    }
    manifest = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert manifest["initiatives"] == 3
    assert manifest["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in manifest["resources"]:
        content = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    by_name = {resource["path"]: resource for resource in manifest["resources"]}
    assert by_name["sang-kien.csv"]["rows"] == 3
    rows = csv_rows((folder / "sang-kien.csv").read_bytes())
    assert [int(row["id"]) for row in rows] == sorted(page.pk for page in pages)
    assert [row["id"] for row in xlsx_rows((folder / "sang-kien.xlsx").read_bytes())] == sorted(
        page.pk for page in pages
    )
    assert not [path for path in exports.export_root().iterdir() if path.name.startswith(".")]


def test_command_keeps_only_the_latest_exports(make_initiative):
    make_initiative()
    for day in ("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"):
        call_command("export_open_data", "--date", day, "--keep", "2", stdout=io.StringIO())
    assert [folder.name for folder in exports.dated_exports()] == ["2026-12-04", "2026-12-03"]


def test_open_data_page_lists_the_latest_export(client, make_initiative):
    assert "Chưa có bản xuất dữ liệu nào" in client.get("/du-lieu-mo/").content.decode()
    make_initiative()
    make_initiative()
    call_command("export_open_data", "--date", "2026-12-04", stdout=io.StringIO())
    call_command("export_open_data", "--date", "2026-12-05", stdout=io.StringIO())
    response = client.get("/du-lieu-mo/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản xuất ngày 05/12/2026" in page
    for name in ("sang-kien.csv", "sang-kien.json", "sang-kien.xlsx", "datapackage.json"):
        assert f'href="/media/du-lieu-mo/2026-12-05/{name}"' in page
    files = {file["name"]: file for file in response.context["files"]}
    assert files["sang-kien.csv"]["rows"] == 2
    assert files["sang-kien.csv"]["size"].endswith(("byte", "KB"))
    assert "CC BY 4.0" in page


def test_data_dictionary_describes_every_field_and_the_licence(client):
    page = client.get("/du-lieu-mo/tu-dien-du-lieu/").content.decode()
    for field in exports.FIELDS:
        assert f'id="cot-{field.name}"' in page
    assert "Giá trị làm lợi mỗi năm, tính bằng đồng" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page


def test_a_bad_date_for_the_command_is_refused():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_open_data", "--date", "05/12/2026", stdout=io.StringIO())
