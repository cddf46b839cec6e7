"""The sitemap index and its files: every public address once, none over 50,000 a file."""

import defusedxml.ElementTree as ET
import pytest
from wagtail.models import PageViewRestriction

from showcase import selectors

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return ET.fromstring(body)


def index_files(client) -> list[tuple[str, str | None]]:
    root = parse(client.get("/sitemap.xml"))
    return [
        (entry.findtext("s:loc", namespaces=NS), entry.findtext("s:lastmod", namespaces=NS))
        for entry in root.findall("s:sitemap", NS)
    ]


def addresses(client, location: str) -> dict[str, str | None]:
    root = parse(client.get(location.removeprefix("http://testserver")))
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_the_index_lists_the_pages_file_and_the_initiatives_files_with_their_dates(
    client, make_initiative
):
    page = make_initiative(title="Máy bóc vỏ tôm")
    page.refresh_from_db()
    files = index_files(client)
    assert files[0] == ("http://testserver/sitemap-trang.xml", None)
    number = page.pk // selectors.SITEMAP_FILE_SIZE
    location, lastmod = files[1]
    assert location == f"http://testserver/sitemap-sang-kien-{number}.xml"
    assert lastmod.startswith(page.last_published_at.date().isoformat())
    assert addresses(client, location) == {page.full_url: lastmod}


def test_initiatives_are_listed_once_with_lastmod_and_never_drafts_or_private_ones(
    client, make_initiative
):
    shown = make_initiative(title="Máy bóc vỏ tôm")
    make_initiative(title="Bản nháp", live=False, publish=False)
    private = make_initiative(title="Chỉ nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    shown.refresh_from_db()
    urls = {}
    for location, _ in index_files(client)[1:]:
        urls |= addresses(client, location)
    assert list(urls) == [shown.full_url]
    assert urls[shown.full_url].startswith(shown.last_published_at.date().isoformat())


def test_no_file_holds_more_than_its_share_and_together_they_hold_every_initiative(
    client, make_initiative, monkeypatch
):
    monkeypatch.setattr(selectors, "SITEMAP_FILE_SIZE", 2)
    monkeypatch.setattr(selectors, "SITEMAP_READ_CHUNK", 1)
    pages = [make_initiative(title=f"Sáng kiến {n}") for n in range(5)]
    files = index_files(client)[1:]
    assert len(files) >= 3
    seen = []
    for location, _ in files:
        listed = addresses(client, location)
        assert 1 <= len(listed) <= 2
        seen += listed
    assert sorted(seen) == sorted(page.full_url for page in pages)


def test_the_pages_file_lists_the_other_pages_and_the_featured_list(client, make_initiative):
    initiative = make_initiative(title="Máy bóc vỏ tôm")
    urls = addresses(client, "/sitemap-trang.xml")
    home = initiative.get_site().root_url
    assert f"{home}/" in urls
    assert f"{home}/sang-kien/noi-bat/" in urls  # a route of the library
    assert initiative.full_url not in urls


@pytest.mark.parametrize("number", [7, 99999])
def test_a_file_past_the_last_is_not_found(client, make_initiative, number):
    make_initiative(title="Máy bóc vỏ tôm")
    assert client.get(f"/sitemap-sang-kien-{number}.xml").status_code == 404
