"""Deep pages cost the engine a top-k of page × size: the listings stop at a page limit."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_pages(settings, monkeypatch, make_initiative):
    """Five initiatives, one per page, with pages reachable up to the second."""
    settings.PAGE_SIZE_INITIATIVES = 1
    monkeypatch.setattr("search.paging.MAX_PAGE", 2)
    return [make_initiative(title=f"Máy bơm số {n}") for n in range(5)]


def test_the_showcase_offers_only_the_reachable_pages_and_says_why(client, few_pages):
    html = client.get("/sang-kien/").content.decode()
    assert "?page=2" in html and "?page=3" not in html
    assert "Chỉ xem được 2 trang đầu" in html


def test_a_page_past_the_limit_shows_the_last_reachable_one(client, few_pages):
    response = client.get("/sang-kien/", {"page": 400})
    assert response.status_code == 200
    assert 'aria-current="page"><span class="visually-hidden">Trang </span>2<' in (
        response.content.decode()
    )


def test_the_search_page_stops_at_the_same_limit(client, few_pages):
    response = client.get("/tim-kiem/", {"q": "máy bơm", "page_size": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ xem được 2 trang đầu" in html


def test_no_note_when_every_page_is_reachable(client, settings, make_initiative):
    settings.PAGE_SIZE_INITIATIVES = 1
    for n in range(3):
        make_initiative(title=f"Máy bơm số {n}")
    assert "Chỉ xem được" not in client.get("/sang-kien/").content.decode()
