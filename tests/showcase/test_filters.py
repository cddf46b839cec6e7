import datetime

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(make_initiative):
    from tests.showcase.factories import province, sector

    return {
        "hanoi_energy": make_initiative(
            title="Hà Nội năng lượng",
            province=province("01"),
            sector=sector("nang-luong"),
            recognised_on=datetime.date(2021, 11, 2),
            benefit_vnd=5_000_000_000,
        ),
        "hcm_health": make_initiative(
            title="TP.HCM y tế",
            province=province("79"),
            sector=sector("y-te"),
            recognised_on=datetime.date(2023, 3, 15),
            benefit_vnd=None,
        ),
        "hcm_energy": make_initiative(
            title="TP.HCM năng lượng",
            province=province("79"),
            sector=sector("nang-luong"),
            recognised_on=datetime.date(2022, 8, 20),
            benefit_vnd=90_000_000_000,
        ),
    }


def titles(response):
    return [page.title for page in response.context["initiatives"]]


def test_filter_by_sector_slug(client, catalogue):
    response = client.get("/sang-kien/", {"sector": "nang-luong"})
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Hà Nội năng lượng", "TP.HCM năng lượng"]


def test_filter_by_province_code(client, catalogue):
    assert sorted(titles(client.get("/sang-kien/", {"province": "79"}))) == [
        "TP.HCM năng lượng",
        "TP.HCM y tế",
    ]


def test_filter_by_phase_and_year_combined_with_sector(client, catalogue):
    assert titles(client.get("/sang-kien/", {"phase": "1"})) == ["Hà Nội năng lượng"]
    assert titles(client.get("/sang-kien/", {"year": "2023"})) == ["TP.HCM y tế"]
    assert titles(client.get("/sang-kien/", {"phase": "2", "sector": "nang-luong"})) == [
        "TP.HCM năng lượng"
    ]


def test_newest_first_by_default(client, catalogue):
    assert titles(client.get("/sang-kien/")) == [
        "TP.HCM y tế",
        "TP.HCM năng lượng",
        "Hà Nội năng lượng",
    ]


def test_sort_by_highest_benefit_puts_unvalued_ideas_last(client, catalogue):
    assert titles(client.get("/sang-kien/", {"sort": "benefit"})) == [
        "TP.HCM năng lượng",
        "Hà Nội năng lượng",
        "TP.HCM y tế",
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sector": "khong-ton-tai"}, "Không có lĩnh vực này"),
        ({"province": "99"}, "Không có tỉnh, thành phố hay công đoàn ngành với mã này"),
        ({"phase": "3"}, "Giai đoạn chỉ có thể là 1 hoặc 2"),
        ({"year": "abc"}, "Năm phải nằm trong thời gian phong trào"),
        ({"sort": "'; DROP TABLE"}, "Cách sắp xếp không hợp lệ"),
    ],
)
def test_unknown_filter_values_get_a_friendly_400(client, catalogue, params, message):
    response = client.get("/sang-kien/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(titles(response)) == 3


def test_a_bad_filter_does_not_discard_the_good_ones(client, catalogue):
    response = client.get("/sang-kien/", {"sector": "nang-luong", "year": "1999"})
    assert response.status_code == 400
    assert sorted(titles(response)) == ["Hà Nội năng lượng", "TP.HCM năng lượng"]


def test_pagination_keeps_filters_and_tolerates_bad_page_numbers(client, make_initiative, settings):
    settings.PAGE_SIZE_INITIATIVES = 2
    for n in range(5):
        make_initiative(title=f"Sáng kiến {n}")
    first = client.get("/sang-kien/", {"sort": "benefit"})
    assert 'href="?sort=benefit&amp;page=2"' in first.content.decode()
    assert client.get("/sang-kien/", {"page": "3"}).context["initiatives"].number == 3
    assert client.get("/sang-kien/", {"page": "999"}).context["initiatives"].number == 3
    assert client.get("/sang-kien/", {"page": "abc"}).context["initiatives"].number == 1


def test_keyword_search_finds_by_title(client, catalogue):
    response = client.get("/sang-kien/", {"q": "năng lượng"})
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Hà Nội năng lượng", "TP.HCM năng lượng"]


@pytest.mark.parametrize("query", ["\"')(*", "năng -lượng*", "NEAR(a b)", "OR AND NOT"])
def test_search_syntax_characters_never_break_the_page(client, catalogue, query):
    assert client.get("/sang-kien/", {"q": query}).status_code == 200


def test_keyword_search_can_be_sorted_by_benefit(client, catalogue):
    response = client.get("/sang-kien/", {"q": "năng lượng", "sort": "benefit"})
    assert titles(response) == ["TP.HCM năng lượng", "Hà Nội năng lượng"]


def test_an_overlong_query_gets_a_friendly_400(client, catalogue):
    response = client.get("/sang-kien/", {"q": "a" * 201})
    assert response.status_code == 400
    assert "Từ khóa" in response.content.decode()


@pytest.mark.parametrize("field", ["q", "sector", "province", "phase", "year", "sort", "page"])
def test_nul_characters_in_any_parameter_are_refused_politely(client, catalogue, field):
    response = client.get("/sang-kien/", {field: "ab\x00c"})
    assert response.status_code in (200, 400)
    assert len(titles(response)) == 3
