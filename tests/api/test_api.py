"""The read-only JSON API under /api/v1/: filters, paging, errors, caching headers,
its OpenAPI description and its documentation page."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from wagtail.models import PageViewRestriction

from search.paging import MAX_PAGE
from search.query import MAX_PAGE_SIZE
from showcase.models import CampaignUnit, UnitReport
from tests.showcase.factories import province, sector

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = ["initiatives", "news", "units", "reports"]


def get(client, url, **params):
    return client.get(url, params)


def error_of(response) -> str:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


# Initiatives -------------------------------------------------------------------------


def test_initiatives_list_shows_live_public_pages_only(client, make_initiative):
    shown = make_initiative(title="Máy nén khí tự ngắt")
    draft = make_initiative(title="Bản nháp")
    draft.unpublish()
    private = make_initiative(title="Sáng kiến riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    body = client.get("/api/v1/initiatives/").json()

    assert [row["id"] for row in body["results"]] == [shown.pk]
    assert body["count"] == 1
    assert (body["page"], body["page_size"]) == (1, 20)
    row = body["results"][0]
    assert row["title"] == "Máy nén khí tự ngắt"
    assert row["province"] == {"code": "01", "name": province("01").name}
    assert row["sector"]["slug"] == "cong-nghiep"
    assert row["benefit_vnd"] == 450_000_000
    assert row["benefit_display"] == "450 triệu đồng"
    assert row["url"] == shown.url


def test_initiatives_filter_by_sector_province_phase_and_year(client, make_initiative):
    other_sector = sector("nong-nghiep") if _has_sector("nong-nghiep") else _another_sector()
    in_2023, in_2022 = date(2023, 1, 5), date(2022, 1, 5)
    wanted = make_initiative(province=province("01"), recognised_on=in_2023)
    make_initiative(province=province("79"), recognised_on=in_2023)
    make_initiative(sector=other_sector, recognised_on=in_2023)
    make_initiative(recognised_on=in_2022)

    body = client.get(
        "/api/v1/initiatives/",
        {"sector": "cong-nghiep", "province": "01", "phase": "2", "year": "2023"},
    )
    assert body.status_code == 200, body.content.decode()
    body = body.json()

    assert [row["id"] for row in body["results"]] == [wanted.pk]


def test_initiatives_sort_by_benefit_puts_the_largest_first(client, make_initiative):
    small = make_initiative(benefit_vnd=5_000_000)
    large = make_initiative(benefit_vnd=2_000_000_000)
    unknown = make_initiative(benefit_vnd=None)

    body = client.get("/api/v1/initiatives/", {"sort": "benefit"}).json()

    assert [row["id"] for row in body["results"]] == [large.pk, small.pk, unknown.pk]
    assert body["results"][0]["benefit_display"] == "2 tỷ đồng"


def test_initiatives_are_paged_and_a_page_past_the_last_is_empty(client, make_initiative):
    pages = [make_initiative() for _ in range(5)]

    second = client.get("/api/v1/initiatives/", {"page": 2, "page_size": 2}).json()
    beyond = client.get("/api/v1/initiatives/", {"page": 4, "page_size": 2})

    assert second["count"] == 5
    assert len(second["results"]) == 2
    assert {row["id"] for row in second["results"]} <= {page.pk for page in pages}
    assert beyond.status_code == 200
    assert beyond.json()["results"] == []
    assert beyond.json()["count"] == 5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sector": "khong-co"}, "Không có lĩnh vực “khong-co”."),
        (
            {"province": "999"},
            "Không có tỉnh, thành phố hay công đoàn ngành với mã “999”.",
        ),
        ({"phase": "3"}, "Giai đoạn chỉ có thể là 1 hoặc 2."),
        ({"year": "abc"}, "Năm phải là một số."),
        ({"page": "abc"}, "Số trang phải là số nguyên."),
        ({"page": "0"}, "Số trang bắt đầu từ 1."),
        ({"page": str(MAX_PAGE + 1)}, f"Chỉ xem được tới trang {MAX_PAGE}."),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, f"Mỗi trang có tối đa {MAX_PAGE_SIZE} kết quả."),
        ({"sort": "oldest"}, "Sắp xếp chỉ có thể là relevance, newest, benefit hoặc reused."),
    ],
)
def test_bad_initiative_filters_answer_400_with_the_search_apis_message(
    client, make_initiative, params, message
):
    make_initiative()

    response = client.get("/api/v1/initiatives/", params)
    search = client.get("/api/v1/search/", params)

    assert response.status_code == 400
    assert error_of(response) == message
    # The same parameter, the same words as the search API.
    assert search.status_code == 400
    assert error_of(search) == message


def test_initiative_detail_and_its_404s(client, make_initiative):
    page = make_initiative(title="Băng tải tự động")
    page.tags.add("băng tải")
    page.save_revision().publish()
    draft = make_initiative()
    draft.unpublish()

    detail = client.get(f"/api/v1/initiatives/{page.pk}/")
    missing = client.get("/api/v1/initiatives/999999/")
    unpublished = client.get(f"/api/v1/initiatives/{draft.pk}/")
    not_a_number = client.get("/api/v1/initiatives/abc/")

    assert detail.status_code == 200
    assert detail.json()["title"] == "Băng tải tự động"
    assert detail.json()["tags"] == ["băng tải"]
    assert missing.status_code == 404
    assert error_of(missing) == "Không có sáng kiến nào với mã 999999."
    assert unpublished.status_code == 404
    assert not_a_number.status_code == 400
    assert error_of(not_a_number) == "Mã phải là số nguyên dương."


# News ---------------------------------------------------------------------------------


def test_news_list_filters_by_year_and_hides_private_articles(client, make_article):
    recent = make_article(title="Tin năm 2023", published_on=date(2023, 5, 1))
    make_article(title="Tin năm 2022", published_on=date(2022, 5, 1))
    private = make_article(published_on=date(2023, 6, 1))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    body = client.get("/api/v1/news/", {"year": "2023"}).json()

    assert [row["id"] for row in body["results"]] == [recent.pk]
    assert body["results"][0]["published_on"] == "2023-05-01"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"category": "khong-co"}, "Không có chuyên mục “khong-co”."),
        ({"tag": "khong-co"}, "Không có bài viết nào với từ khóa “khong-co”."),
        ({"year": "abc"}, "Năm phải là một số."),
        ({"page": "-1"}, "Số trang bắt đầu từ 1."),
    ],
)
def test_bad_news_filters_answer_400_in_vietnamese(client, params, message):
    response = client.get("/api/v1/news/", params)

    assert response.status_code == 400
    assert error_of(response) == message


def test_news_detail_and_404(client, make_article, make_initiative):
    initiative = make_initiative(title="Sáng kiến trong bài")
    article = make_article(title="Bài về sáng kiến")
    article.related_initiatives.create(initiative=initiative)
    article.save_revision().publish()

    detail = client.get(f"/api/v1/news/{article.pk}/").json()
    missing = client.get(f"/api/v1/news/{initiative.pk}/")

    assert detail["title"] == "Bài về sáng kiến"
    assert detail["related_initiatives"] == [{"id": initiative.pk, "title": "Sáng kiến trong bài"}]
    assert missing.status_code == 404
    assert error_of(missing).startswith("Không có bài viết nào")


# Provinces, sectors, units, reports ------------------------------------------------------


def test_provinces_and_sectors_list_the_filter_values(client):
    provinces = client.get("/api/v1/provinces/").json()
    sectors = client.get("/api/v1/sectors/").json()

    assert provinces["count"] == len(provinces["results"]) > 60
    assert "01" in {row["code"] for row in provinces["results"]}
    assert "cong-nghiep" in {row["slug"] for row in sectors["results"]}


def test_units_filter_by_kind_and_parent(client):
    lang_son = CampaignUnit.objects.get(code="20")
    district = CampaignUnit.objects.create(
        code="20-trang-dinh", name="LĐLĐ huyện Tràng Định", kind="district", parent=lang_son
    )

    children = client.get("/api/v1/units/", {"parent": "20"}).json()
    central = client.get("/api/v1/units/", {"kind": "central", "page_size": 100}).json()

    assert [row["code"] for row in children["results"]] == [district.code]
    assert children["results"][0]["parent"] == {"code": "20", "name": lang_son.name}
    assert central["count"] > 0
    assert {row["kind"] for row in central["results"]} == {"central"}


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/api/v1/units/", {"kind": "city"}, "Loại đơn vị chỉ có thể là"),
        ("/api/v1/units/", {"parent": "khong-co"}, "Không có đơn vị với mã “khong-co”."),
        (
            "/api/v1/units/",
            {"province": "999"},
            "Không có tỉnh, thành phố hay công đoàn ngành với mã “999”.",
        ),
        ("/api/v1/reports/", {"unit": "khong-co"}, "Không có đơn vị với mã “khong-co”."),
        ("/api/v1/reports/", {"phase": "5"}, "Giai đoạn của báo cáo chỉ có thể là"),
        ("/api/v1/reports/", {"page_size": "x"}, "Số kết quả mỗi trang phải là số nguyên."),
    ],
)
def test_bad_unit_and_report_filters_answer_400_in_vietnamese(client, url, params, message):
    response = client.get(url, params)

    assert response.status_code == 400
    assert error_of(response).startswith(message)


def test_unit_detail_lists_its_reports_newest_first(client):
    unit = CampaignUnit.objects.get(code="20")
    UnitReport.objects.create(unit=unit, phase=1, as_of=date(2022, 3, 1), registered=100)
    UnitReport.objects.create(
        unit=unit,
        phase=1,
        as_of=date(2022, 5, 1),
        registered=250,
        target=500,
        benefit_vnd=1_200_000_000,
    )

    body = client.get("/api/v1/units/20/").json()
    missing = client.get("/api/v1/units/khong-co/")

    assert [row["registered"] for row in body["reports"]] == [250, 100]
    assert body["reports"][0]["percent_of_target"] == 50.0
    assert body["reports"][0]["benefit_display"] == "1,2 tỷ đồng"
    assert missing.status_code == 404
    assert error_of(missing) == "Không có đơn vị nào với mã “khong-co”."


def test_reports_filter_by_unit_and_phase(client):
    lang_son, other = CampaignUnit.objects.get(code="20"), CampaignUnit.objects.get(code="01")
    wanted = UnitReport.objects.create(unit=lang_son, phase=2, as_of=date(2023, 1, 1), registered=9)
    UnitReport.objects.create(unit=lang_son, phase=1, as_of=date(2022, 1, 1), registered=1)
    UnitReport.objects.create(unit=other, phase=2, as_of=date(2023, 1, 1), registered=5)

    body = client.get("/api/v1/reports/", {"unit": "20", "phase": "2"}).json()

    assert [row["id"] for row in body["results"]] == [wanted.pk]
    assert body["results"][0]["unit"]["code"] == "20"


# Caching -----------------------------------------------------------------------------


def test_lists_and_details_answer_304_to_if_none_match(client, make_initiative):
    page = make_initiative()
    for url in ["/api/v1/initiatives/", f"/api/v1/initiatives/{page.pk}/", "/api/v1/units/"]:
        first = client.get(url)
        assert first.has_header("ETag")
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304


def test_last_modified_comes_from_the_latest_publication_shown(client, make_initiative):
    older = make_initiative()
    newer = make_initiative()
    newer.refresh_from_db()

    response = client.get("/api/v1/initiatives/")
    detail = client.get(f"/api/v1/initiatives/{older.pk}/")
    since = client.get(
        "/api/v1/initiatives/", headers={"if-modified-since": response["Last-Modified"]}
    )

    assert response["Last-Modified"] == http_date(newer.last_published_at.timestamp())
    older.refresh_from_db()
    assert detail["Last-Modified"] == http_date(older.last_published_at.timestamp())
    assert since.status_code == 304


# No N+1 ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_queries_stay_flat_as_the_data_grows(client, make_initiative, make_article, endpoint):
    url = f"/api/v1/{endpoint}/?page_size=50"

    def grow(n):
        unit = CampaignUnit.objects.get(code="20")
        for i in range(n):
            make_initiative()
            make_article()
            child = CampaignUnit.objects.create(
                code=f"20-x{CampaignUnit.objects.count()}",
                name=f"Đơn vị {i}",
                kind="district",
                parent=unit,
            )
            UnitReport.objects.create(unit=child, as_of=date(2022, 1, 1), registered=i)

    grow(2)
    few = _queries(client, url)
    grow(6)
    many = _queries(client, url)

    assert few == many
    assert many <= 12


# The description and its page ------------------------------------------------------------


def test_schema_is_openapi_3_and_lists_every_endpoint(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/schema/")
    schema = response.json()

    assert response.status_code == 200
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/initiatives/",
        "/api/v1/initiatives/{id}/",
        "/api/v1/news/",
        "/api/v1/news/{id}/",
        "/api/v1/provinces/",
        "/api/v1/sectors/",
        "/api/v1/units/",
        "/api/v1/units/{code}/",
        "/api/v1/reports/",
    }
    assert {tag["name"] for tag in schema["tags"]} == {
        "Sáng kiến",
        "Tin tức",
        "Danh mục",
        "Thi đua",
    }
    assert schema["servers"][0]["description"] == "Máy chủ của trang này"


def test_docs_page_renders_every_endpoint_with_no_external_address(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "GET /api/v1/initiatives/{id}/" in html
    assert "GET /api/v1/reports/" in html
    # Nothing loaded or linked from elsewhere: only this site's own addresses.
    external = re.findall(r"""(?:src|href)=["'](?:https?:)?//(?!testserver/)[^"']+""", html)
    assert external == []
    assert set(re.findall(r'<script src="([^"]+)"', html)) <= {
        "/static/js/site.js",
        "/static/js/autocomplete.js",
    }


def test_search_api_keeps_working(client, make_initiative):
    assert client.get("/api/v1/search/").status_code == 200
    assert client.get("/api/v1/suggest/", {"q": "sang"}).status_code == 200


def _has_sector(slug):
    from showcase.models import Sector

    return Sector.objects.filter(slug=slug).exists()


def _another_sector():
    from showcase.models import Sector

    return Sector.objects.exclude(slug="cong-nghiep").first()
