"""With the Elasticsearch-compatible server stopped, search still answers and says so."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import check_page


@pytest.fixture(scope="module")
def site(elasticsearch_site):
    api = f"{elasticsearch_site.url}/api/v1/search/?q=an+to%C3%A0n"
    with urllib.request.urlopen(api, timeout=10) as response:  # noqa: S310
        assert json.load(response)["backend"] == "elasticsearch"
    elasticsearch_site.elasticsearch.close()  # the engine goes away under the running site
    return elasticsearch_site


def test_search_answers_from_the_database_with_a_notice_while_the_engine_is_down(page):
    page.goto("/tim-kiem/?q=an+toàn")

    expect(page.get_by_role("status")).to_contain_text("Máy tìm kiếm đang tạm gián đoạn")
    expect(page.locator(".result__title a").first).to_be_visible()
    check_page(page, "search-degraded")

    # Suggestions fall silent instead of failing; the page raises no JavaScript error.
    box = page.get_by_role("banner").get_by_role("combobox", name="Tìm sáng kiến và tin tức")
    with page.expect_response(lambda response: "/api/v1/suggest/" in response.url):
        box.press_sequentially("an toan", delay=30)
    expect(page.get_by_role("listbox", name="Gợi ý tìm kiếm").first).to_be_hidden()

    page.goto("/sang-kien/?sort=benefit")
    expect(page.locator("main .card__title a").first).to_be_visible()
