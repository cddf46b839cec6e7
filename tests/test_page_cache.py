"""Whole pages cached for anonymous readers (portal.page_cache), in the real cache (Redis):
served again without a query, renewed by exactly the changes that affect them."""

import gzip
import logging
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from showcase.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def _without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def get(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code in (200, 304, 404), (path, response.status_code)
    return response


def test_a_second_anonymous_request_is_served_from_the_cache_without_a_query(
    client, make_initiative
):
    initiative = make_initiative(title="Máy tách vỏ lạc cải tiến")
    first = get(client, initiative.url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, initiative.url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    # The same page, each with its reader's own form token.
    assert _without_tokens(second.content) == _without_tokens(first.content)
    assert second["Cache-Control"] == "no-cache"
    assert second["Last-Modified"]
    assert second["Content-Security-Policy"]  # the outer headers, on every response


def test_a_reader_who_has_the_page_gets_304(client, make_initiative):
    initiative = make_initiative()
    etag = get(client, initiative.url)["ETag"]
    assert etag.startswith('W/"')  # its form's token differs per reader, the page does not
    assert get(client, initiative.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    modified = get(client, "/tin-tuc/")["Last-Modified"]
    assert get(client, "/tin-tuc/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    api = get(client, "/api/v1/search/?q=sang+kien")
    assert (
        get(client, "/api/v1/search/?q=sang+kien", HTTP_IF_NONE_MATCH=api["ETag"]).status_code
        == 304
    )


@pytest.mark.parametrize(
    "path", ["/tin-tuc/", "/api/v1/initiatives/", "/nguon-tin/tin-tuc/rss.xml"]
)
def test_a_reader_who_got_the_page_as_it_was_made_gets_304_from_the_cached_copy(
    client, make_article, path
):
    make_article()
    gzip_only = {"HTTP_ACCEPT_ENCODING": "gzip"}
    made = get(client, path, **gzip_only)
    assert made["X-Page-Cache"] == "miss"

    again = get(client, path, HTTP_IF_NONE_MATCH=made["ETag"], **gzip_only)
    plain = get(client, path, HTTP_IF_NONE_MATCH=made["ETag"])

    assert again.status_code == 304
    assert plain.status_code == 304


def test_a_published_title_change_shows_on_the_next_request_page_and_listings(
    client, make_initiative, django_capture_on_commit_callbacks
):
    initiative = make_initiative(title="Băng tải phân loại cũ")
    for path in (initiative.url, "/sang-kien/", "/"):
        get(client, path)
        assert get(client, path)["X-Page-Cache"] == "hit"

    initiative.title = "Băng tải phân loại thế hệ mới"
    with django_capture_on_commit_callbacks(execute=True):
        initiative.save_revision().publish()

    for path in (initiative.url, "/sang-kien/", "/"):
        html = get(client, path).content.decode()
        assert "Băng tải phân loại thế hệ mới" in html, path
        assert "Băng tải phân loại cũ" not in html, path


def test_an_unpublished_initiative_is_gone_on_the_next_request(
    client, make_initiative, django_capture_on_commit_callbacks
):
    initiative = make_initiative(title="Sáng kiến sắp gỡ")
    get(client, initiative.url)
    get(client, "/sang-kien/")
    with django_capture_on_commit_callbacks(execute=True):
        initiative.unpublish()
    assert client.get(initiative.url).status_code == 404
    assert "Sáng kiến sắp gỡ" not in get(client, "/sang-kien/").content.decode()


def test_renaming_a_province_renews_the_pages_that_show_it(
    client, make_initiative, django_capture_on_commit_callbacks
):
    initiative = make_initiative()
    get(client, initiative.url)
    province = Province.objects.get(pk=initiative.province_id)
    province.name = "Thủ đô Hà Nội"
    with django_capture_on_commit_callbacks(execute=True):
        province.save()
    assert "Thủ đô Hà Nội" in get(client, initiative.url).content.decode()


def test_publishing_an_article_leaves_an_unrelated_initiative_cached(
    client, make_initiative, make_article, django_capture_on_commit_callbacks
):
    initiative = make_initiative()
    get(client, initiative.url)
    get(client, "/tin-tuc/")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Tin mới về phong trào")
    assert get(client, initiative.url)["X-Page-Cache"] == "hit"
    # …while the news listing, which shows it, is made again.
    assert "Tin mới về phong trào" in get(client, "/tin-tuc/").content.decode()


def test_editors_always_get_fresh_pages_and_never_fill_the_cache(client, make_initiative, editor):
    initiative = make_initiative()
    client.force_login(editor)
    assert "X-Page-Cache" not in get(client, initiative.url)
    assert "X-Page-Cache" not in get(client, initiative.url)
    assert Client().get(initiative.url)["X-Page-Cache"] == "miss"


def test_every_reader_of_a_cached_form_gets_a_working_token_of_their_own(make_initiative):
    initiative = make_initiative(title="Bộ gá hàn khung xe")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(initiative.url)
    page = second.get(initiative.url)
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert token != "__csrf_token__"
    posted = second.post(
        f"{initiative.url}ap-dung/",
        {
            "unit_name": "Công ty CP Cơ khí Đông Anh",
            "contact": "0912 345 678",
            "csrfmiddlewaretoken": token,
        },
    )
    assert posted.status_code == 302  # accepted, not 403


def test_with_the_cache_down_pages_are_served_uncached_and_the_outage_logged(
    client, settings, make_initiative, caplog
):
    initiative = make_initiative()
    # The site's own cache configuration, pointing where nothing listens.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/1"}
    }
    with caplog.at_level(logging.WARNING):
        responses = [client.get(path) for path in (initiative.url, "/", "/sang-kien/", "/")]
    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    assert all(
        "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
        for response in responses
    )
    assert "Redis unreachable" in caplog.text


def test_making_a_section_private_hides_its_cached_pages_at_once(
    client, make_initiative, showcase_index
):
    initiative = make_initiative(title="Sáng kiến trong khu vực riêng")
    get(client, initiative.url)
    assert get(client, initiative.url)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=showcase_index, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(initiative.url)
    assert response.status_code == 302  # to the sign-in page
    assert "login/?next=" in response["Location"]


def test_a_cached_page_goes_out_compressed_once_and_plain_to_who_asks(client, make_article):
    article = make_article(title="Tin nén một lần")
    get(client, article.url)
    compressed = get(client, article.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Tin nén một lần" in gzip.decompress(compressed.content).decode()
    plain = get(client, article.url, HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in plain
    assert "Tin nén một lần" in plain.content.decode()
