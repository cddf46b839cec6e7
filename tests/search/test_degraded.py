"""When Elasticsearch cannot be reached, search still answers from the database."""

import pytest

from search.models import IndexChange
from search.service import get_search_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_elasticsearch(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    get_search_service.cache_clear()
    yield
    get_search_service.cache_clear()


def test_search_page_answers_from_the_database_with_a_notice(
    client, make_initiative, unreachable_elasticsearch
):
    make_initiative(title="Máy ép bùn thải tiết kiệm điện")
    response = client.get("/tim-kiem/", {"q": "tiết kiệm"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Máy tìm kiếm đang tạm gián đoạn" in html
    assert "Máy ép bùn thải tiết kiệm điện" in html


def test_api_says_it_is_degraded(client, make_initiative, unreachable_elasticsearch):
    make_initiative(title="Máy ép bùn thải tiết kiệm điện", benefit_vnd=9_000_000)
    data = client.get("/api/v1/search/", {"q": "ép bùn", "sort": "benefit"}).json()
    assert data["backend"] == "database"
    assert data["degraded"] is True
    assert [r["title"] for r in data["results"]] == ["Máy ép bùn thải tiết kiệm điện"]
    assert data["facets"]["sector"][0]["label"] == "Công nghiệp – chế biến, chế tạo"


def test_showcase_listing_still_works(client, make_initiative, unreachable_elasticsearch):
    make_initiative(title="Sáng kiến khi mất kết nối")
    response = client.get("/sang-kien/")
    assert response.status_code == 200
    assert "Sáng kiến khi mất kết nối" in response.content.decode()


def test_changes_are_kept_until_the_engine_is_back(make_initiative, unreachable_elasticsearch):
    make_initiative(title="Chờ máy tìm kiếm")
    assert IndexChange.objects.filter(action="upsert").count() == 1


def test_suggestions_are_empty_rather_than_an_error(client, unreachable_elasticsearch):
    response = client.get("/api/v1/suggest/", {"q": "tiet"})
    assert response.status_code == 200
    assert response.json()["suggestions"] == []
