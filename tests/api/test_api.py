"""The read-only JSON API under /api/v1/: filters, paging, errors, caching headers,
its OpenAPI description and its documentation page."""

import re
import time
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


# Every filter: a good value keeps to it, a bad one is a 400 in Vietnamese ------------------


@pytest.fixture
def api_world(make_initiative, make_article):
    """Two of everything each filter tells apart."""
    from news.models import NewsCategory
    from showcase.models import Sector

    other_sector = Sector.objects.exclude(slug="cong-nghiep").order_by("pk").first()
    small = make_initiative(
        province=province("01"), recognised_on=date(2023, 3, 1), benefit_vnd=5_000_000
    )
    large = make_initiative(
        province=province("79"),
        sector=other_sector,
        recognised_on=date(2022, 3, 1),
        benefit_vnd=2_000_000_000,
    )
    reused = make_initiative(benefit_vnd=None, recognised_on=date(2022, 4, 1))
    type(reused).objects.filter(pk=reused.pk).update(reuse_count=7)
    category = NewsCategory.objects.create(name="Gương sáng kiến")
    in_category = make_article(published_on=date(2023, 5, 1), tags=["khí nén"])
    in_category.categories.set([category])
    in_category.save_revision().publish()
    other_article = make_article(published_on=date(2022, 5, 1), tags=["điện"])
    lang_son = CampaignUnit.objects.get(code="20")
    report_overall = UnitReport.objects.create(
        unit=lang_son, phase=0, as_of=date(2023, 12, 1), registered=900
    )
    report_phase_1 = UnitReport.objects.create(
        unit=CampaignUnit.objects.get(code="01"), phase=1, as_of=date(2022, 6, 1), registered=40
    )
    return {
        "initiatives": (small, large, reused),
        "other_sector": other_sector,
        "category": category,
        "articles": (in_category, other_article),
        "reports": (report_overall, report_phase_1),
    }


def ids(response) -> list:
    assert response.status_code == 200, response.content.decode()
    return [row.get("id", row.get("code")) for row in response.json()["results"]]


def test_every_initiative_filter_keeps_to_a_good_value(client, api_world):
    small, large, reused = api_world["initiatives"]
    url = "/api/v1/initiatives/"

    assert ids(client.get(url, {"sector": api_world["other_sector"].slug})) == [large.pk]
    # Repeated: either sector.
    both = client.get(url, {"sector": ["cong-nghiep", api_world["other_sector"].slug]})
    assert sorted(ids(both)) == sorted([small.pk, large.pk, reused.pk])
    assert ids(client.get(url, {"province": "79"})) == [large.pk]
    assert ids(client.get(url, {"year": "2023"})) == [small.pk]
    assert sorted(ids(client.get(url, {"phase": "1"}))) == sorted([large.pk, reused.pk])
    assert ids(client.get(url, {"benefit_min": "1000000000"})) == [large.pk]
    assert ids(client.get(url, {"benefit_max": "5000000"})) == [small.pk]
    assert ids(client.get(url, {"benefit_min": "5000000", "benefit_max": "5000000"})) == [small.pk]
    assert ids(client.get(url, {"sort": "newest"})) == [reused.pk, large.pk, small.pk]
    assert ids(client.get(url, {"sort": "reused"}))[0] == reused.pk
    assert ids(client.get(url, {"sort": "benefit"})) == [large.pk, small.pk, reused.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "2020"}, "Năm không được trước 2021."),
        ({"year": "2101"}, "Năm không hợp lệ."),
        ({"benefit_min": "abc"}, "Giá trị làm lợi tối thiểu phải là số đồng (số nguyên)."),
        ({"benefit_max": "1,5"}, "Giá trị làm lợi tối đa phải là số đồng (số nguyên)."),
        ({"benefit_min": "-1"}, "Giá trị làm lợi không được âm."),
        ({"benefit_max": str(10**16)}, "Giá trị làm lợi quá lớn."),
        ({"benefit_min": "10", "benefit_max": "5"}, "Giá trị làm lợi tối thiểu lớn hơn tối đa."),
        ({"phase": "0"}, "Giai đoạn chỉ có thể là 1 hoặc 2."),
        ({"sector": ["cong-nghiep", "khong-co"]}, "Không có lĩnh vực “khong-co”."),
        ({"page_size": "0"}, "Mỗi trang có ít nhất 1 kết quả."),
        ({"page": "1.5"}, "Số trang phải là số nguyên."),
    ],
)
def test_more_bad_initiative_filters_answer_400_in_vietnamese(
    client, make_initiative, params, message
):
    make_initiative()

    response = client.get("/api/v1/initiatives/", params)

    assert response.status_code == 400
    assert error_of(response) == message


def test_news_filters_by_category_and_by_a_vietnamese_tag(client, api_world):
    in_category, other = api_world["articles"]
    url = "/api/v1/news/"

    assert ids(client.get(url, {"category": api_world["category"].slug})) == [in_category.pk]
    assert ids(client.get(url, {"tag": in_category.tags.get().slug})) == [in_category.pk]
    assert ids(client.get(url, {"tag": other.tags.get().slug})) == [other.pk]
    assert ids(client.get(url, {"year": "2022"})) == [other.pk]
    assert ids(client.get(url)) == [in_category.pk, other.pk]
    detail = client.get(f"/api/v1/news/{in_category.pk}/").json()
    assert detail["categories"] == [{"slug": api_world["category"].slug, "name": "Gương sáng kiến"}]
    assert detail["tags"] == ["khí nén"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "0"}, "Năm không hợp lệ."),
        ({"year": "2101"}, "Năm không hợp lệ."),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, f"Mỗi trang có tối đa {MAX_PAGE_SIZE} kết quả."),
        ({"page": str(MAX_PAGE + 1)}, f"Chỉ xem được tới trang {MAX_PAGE}."),
        ({"tag": "khí\x00nén"}, "Không được có ký tự rỗng (NUL)."),
    ],
)
def test_more_bad_news_filters_answer_400_in_vietnamese(client, params, message):
    response = client.get("/api/v1/news/", params)

    assert response.status_code == 400
    assert error_of(response) == message


def test_units_filter_by_province_and_reports_by_the_whole_campaign_phase(client, api_world):
    overall, phase_1 = api_world["reports"]

    in_lang_son = client.get("/api/v1/units/", {"province": "20", "page_size": 100}).json()
    campaign = client.get("/api/v1/reports/", {"phase": "0"})

    assert "20" in {row["code"] for row in in_lang_son["results"]}
    assert {row["province"]["code"] for row in in_lang_son["results"]} == {"20"}
    assert ids(campaign) == [overall.pk]
    assert ids(client.get("/api/v1/reports/", {"phase": "1"})) == [phase_1.pk]
    assert ids(client.get("/api/v1/reports/", {"unit": "01"})) == [phase_1.pk]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/news/abc/", "Mã phải là số nguyên dương."),
        ("/api/v1/news/0/", "Mã phải là số nguyên dương."),
        (f"/api/v1/news/{2**31}/", "Mã phải là số nguyên dương."),
        ("/api/v1/initiatives/0/", "Mã phải là số nguyên dương."),
        (f"/api/v1/initiatives/{2**31}/", "Mã phải là số nguyên dương."),
        ("/api/v1/units/a%20b/", "Mã đơn vị không hợp lệ."),
        (f"/api/v1/units/{'x' * 41}/", "Mã đơn vị không hợp lệ."),
        ("/api/v1/units/%3Cscript%3E/", "Mã đơn vị không hợp lệ."),
    ],
)
def test_bad_ids_and_codes_in_the_address_answer_400_in_vietnamese(client, url, message):
    response = client.get(url)

    assert response.status_code == 400
    assert error_of(response) == message


# Paging: the same bounds and the same rows on every list --------------------------------


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_list_has_the_same_paging_bounds(client, api_world, endpoint):
    url = f"/api/v1/{endpoint}/"

    deepest = client.get(url, {"page": MAX_PAGE})
    widest = client.get(url, {"page_size": MAX_PAGE_SIZE})

    assert deepest.status_code == 200
    assert deepest.json()["results"] == []
    assert widest.status_code == 200
    assert widest.json()["page_size"] == MAX_PAGE_SIZE
    for params, message in [
        ({"page": MAX_PAGE + 1}, f"Chỉ xem được tới trang {MAX_PAGE}."),
        ({"page": 0}, "Số trang bắt đầu từ 1."),
        ({"page": "hai"}, "Số trang phải là số nguyên."),
        ({"page_size": MAX_PAGE_SIZE + 1}, f"Mỗi trang có tối đa {MAX_PAGE_SIZE} kết quả."),
        ({"page_size": 0}, "Mỗi trang có ít nhất 1 kết quả."),
    ]:
        response = client.get(url, params)
        assert response.status_code == 400, params
        assert error_of(response) == message


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_pages_of_a_list_follow_each_other_without_gap_or_repeat(client, api_world, endpoint):
    url = f"/api/v1/{endpoint}/"
    whole = client.get(url, {"page_size": 6}).json()

    pages = [client.get(url, {"page": n, "page_size": 2}).json() for n in (1, 2, 3)]

    assert [row for page in pages for row in page["results"]] == whole["results"]
    assert {page["count"] for page in pages} == {whole["count"]}


# Conditional requests: 304 on every endpoint, and a new ETag when the data changes --------

ALL_ENDPOINTS = [
    "/api/v1/initiatives/",
    "/api/v1/initiatives/{initiative}/",
    "/api/v1/news/",
    "/api/v1/news/{article}/",
    "/api/v1/provinces/",
    "/api/v1/sectors/",
    "/api/v1/units/",
    "/api/v1/units/20/",
    "/api/v1/reports/",
]


def endpoint_urls(api_world) -> list[str]:
    initiative, article = api_world["initiatives"][0], api_world["articles"][0]
    return [url.format(initiative=initiative.pk, article=article.pk) for url in ALL_ENDPOINTS]


def test_every_endpoint_answers_304_to_its_etag_and_to_its_last_modified(
    client, settings, api_world
):
    # Last-Modified is the moment the page cache made the answer (as in production).
    settings.PAGE_CACHE = True
    for url in endpoint_urls(api_world):
        first = client.get(url)
        assert first.status_code == 200, url
        etag = first["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url
        # Another ETag: the full answer again.
        assert client.get(url, headers={"if-none-match": '"autre"'}).status_code == 200, url
        since = {"if-modified-since": first["Last-Modified"]}
        assert client.get(url, headers=since).status_code == 304, url
        earlier = {"if-modified-since": http_date(0)}
        assert client.get(url, headers=earlier).status_code == 200, url


def test_a_change_in_the_data_changes_the_etag(client, api_world):
    from showcase.models import Province, Sector

    initiative, article = api_world["initiatives"][0], api_world["articles"][0]
    urls = endpoint_urls(api_world)
    before = {url: client.get(url)["ETag"] for url in urls}

    initiative.title = "Máy nén khí tự ngắt (bản sửa)"
    initiative.save_revision().publish()
    article.title = "Bài viết đã sửa"
    article.save_revision().publish()
    Province.objects.filter(code="01").update(name="Thủ đô Hà Nội")
    Sector.objects.filter(slug="cong-nghiep").update(description="Mô tả mới")
    lang_son = CampaignUnit.objects.get(code="20")
    CampaignUnit.objects.create(code="20-moi", name="Đơn vị mới", kind="district", parent=lang_son)
    UnitReport.objects.create(unit=lang_son, phase=2, as_of=date(2023, 6, 1), registered=5)

    for url in urls:
        again = client.get(url, headers={"if-none-match": before[url]})
        assert again.status_code == 200, url
        assert again["ETag"] != before[url], url


def test_a_page_taken_out_of_a_list_is_not_answered_304_to_if_modified_since(
    client, settings, make_initiative
):
    settings.PAGE_CACHE = True
    older = make_initiative()
    make_initiative()  # the newest publication: it would still date the list
    response = client.get("/api/v1/initiatives/")
    # HTTP dates count whole seconds: the change comes in a later one.
    time.sleep(1.05)
    older.unpublish()

    again = client.get(
        "/api/v1/initiatives/", headers={"if-modified-since": response["Last-Modified"]}
    )

    assert again.status_code == 200
    assert [item["id"] for item in again.json()["results"]] != [
        item["id"] for item in response.json()["results"]
    ]


EMPTY_PARAMETERS = {
    "/api/v1/search/": "q=&type=&sector=&province=&phase=&year=&sort=&page=&page_size=",
    "/api/v1/initiatives/": (
        "sector=&province=&phase=&year=&benefit_min=&benefit_max=&sort=&page=&page_size="
    ),
    "/api/v1/news/": "category=&tag=&year=&page=&page_size=",
    "/api/v1/units/": "kind=&province=&parent=&page=&page_size=",
    "/api/v1/reports/": "unit=&phase=&page=&page_size=",
}


@pytest.mark.parametrize("path", EMPTY_PARAMETERS)
def test_a_filter_left_empty_is_no_filter_on_every_list(client, api_world, path):
    """What a form sends for fields left blank: the list as without them, on the new
    lists as on /api/v1/search/."""
    plain = client.get(path)
    blank = client.get(f"{path}?{EMPTY_PARAMETERS[path]}")

    assert blank.status_code == 200, blank.content
    assert blank.json() == plain.json()
