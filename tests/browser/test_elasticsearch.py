"""The site on the Elasticsearch-compatible engine: the editor's journey, then the engine stops.

One site and one engine serve the whole module, whose tests run in file order: the
engine is stopped under the running site for the last test, after the editor's
journey has run on it.
"""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import check_page
from .editor_journey import run_editor_journey


@pytest.fixture(scope="module")
def site(elasticsearch_site):
    return elasticsearch_site


@pytest.fixture(scope="module")
def engine_stopped(site):
    api = f"{site.url}/api/v1/search/?q=an+to%C3%A0n"
    with urllib.request.urlopen(api, timeout=10) as response:  # noqa: S310
        assert json.load(response)["backend"] == "elasticsearch"
    site.elasticsearch.close()  # the engine goes away under the running site


# The embedded engine's module runs the journey at the desktop size and this one at the
# phone size, so that the admin is driven at both sizes and the site on both engines.
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_editor_publishes_and_withdraws_an_article_and_an_initiative_on_elasticsearch(
    page, tmp_path
):
    run_editor_journey(page, tmp_path)


def test_search_answers_from_the_database_with_a_notice_while_the_engine_is_down(
    engine_stopped, page
):
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
