"""The sitemap index and its files: every public address once, none over 50,000 a file."""

from datetime import date, datetime
from urllib.parse import quote, unquote, urlsplit

import defusedxml.ElementTree as ET
import pytest
from taggit.models import Tag
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


def initiative_files(client) -> list[tuple[str, str | None]]:
    return [entry for entry in index_files(client) if "/sitemap-sang-kien-" in entry[0]]


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
    assert files[:2] == [
        ("http://testserver/sitemap-trang.xml", None),
        ("http://testserver/sitemap-danh-muc.xml", None),
    ]
    number = page.pk // selectors.SITEMAP_FILE_SIZE
    location, lastmod = files[2]
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
    for location, _ in initiative_files(client):
        urls |= addresses(client, location)
    assert list(urls) == [shown.full_url]
    assert urls[shown.full_url].startswith(shown.last_published_at.date().isoformat())


def test_no_file_holds_more_than_its_share_and_together_they_hold_every_initiative(
    client, make_initiative, monkeypatch
):
    monkeypatch.setattr(selectors, "SITEMAP_FILE_SIZE", 2)
    monkeypatch.setattr(selectors, "SITEMAP_READ_CHUNK", 1)
    pages = [make_initiative(title=f"Sáng kiến {n}") for n in range(5)]
    files = initiative_files(client)
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


# The listings file: pages that are not in the page tree -------------------------------


def all_addresses(client) -> dict[str, str | None]:
    urls = {}
    for location, _ in index_files(client):
        urls |= addresses(client, location)
    return urls


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_the_listings_file_lists_open_data_api_docs_and_the_news_archives_and_tag_pages(
    client, make_article
):
    may = make_article(published_on=date(2023, 5, 3), tags=["khí nén"])
    make_article(published_on=date(2023, 5, 20), tags=["điện"])
    make_article(published_on=date(2022, 12, 1), tags=["điện"])
    # Neither a private nor an unpublished article brings its month or its tag.
    private = make_article(published_on=date(2021, 1, 5), tags=["nội bộ"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = make_article(published_on=date(2020, 2, 5), tags=["bản nháp"])
    draft.unpublish()
    khi_nen, dien = may.tags.get().slug, Tag.objects.get(name="điện").slug

    listed = addresses(client, "/sitemap-danh-muc.xml")

    assert sorted(path_of(url) for url in listed) == sorted(
        [
            "/du-lieu-mo/",
            "/du-lieu-mo/tu-dien-du-lieu/",
            "/api/v1/docs/",
            "/bang-xep-hang/",
            "/thong-ke/",
            "/tin-tuc/luu-tru/2023/05/",
            "/tin-tuc/luu-tru/2022/12/",
            f"/tin-tuc/the/{quote(khi_nen)}/",
            f"/tin-tuc/the/{quote(dien)}/",
        ]
    )
    # Every address is one a reader (and a crawler) can open.
    for url in listed:
        assert client.get(unquote(path_of(url))).status_code == 200, url


def test_the_listings_file_lists_the_pages_of_the_units_that_have_reported(client, home):
    from showcase.models import CampaignUnit, UnitReport

    reported = CampaignUnit.objects.get(code="20")
    UnitReport.objects.create(unit=reported, phase=1, as_of=date(2022, 6, 30), registered=10)
    latest = UnitReport.objects.create(
        unit=reported, phase=2, as_of=date(2023, 6, 30), registered=40
    )
    silent = CampaignUnit.objects.exclude(reports__isnull=False).first()

    listed = {
        path_of(url): lastmod for url, lastmod in addresses(client, "/sitemap-danh-muc.xml").items()
    }

    dated = datetime.fromisoformat(listed["/bang-xep-hang/don-vi/20/"])
    assert dated == latest.created_at.replace(microsecond=0)
    assert f"/bang-xep-hang/don-vi/{silent.code}/" not in listed
    assert client.get("/bang-xep-hang/don-vi/20/").status_code == 200


def test_a_month_or_tag_is_dated_by_its_latest_published_article(client, make_article):
    older = make_article(published_on=date(2023, 5, 3), tags=["điện"])
    newer = make_article(published_on=date(2023, 5, 20))
    older.refresh_from_db()
    newer.refresh_from_db()

    listed = {path_of(url): lastmod for url, lastmod in all_addresses(client).items()}

    assert listed["/tin-tuc/luu-tru/2023/05/"].startswith(
        max(older.last_published_at, newer.last_published_at).isoformat()[:19]
    )
    tag_path = f"/tin-tuc/the/{quote(older.tags.get().slug)}/"
    assert listed[tag_path].startswith(older.last_published_at.isoformat()[:19])


def test_no_sitemap_lists_search_results_feeds_the_json_api_downloads_or_share_images(
    client, make_article, make_initiative, news_index
):
    make_article(tags=["điện"])
    make_initiative()

    paths = [path_of(url) for url in all_addresses(client)]

    assert "/tin-tuc/" in paths and "/du-lieu-mo/" in paths
    left_out = ("/tim-kiem/", "/nguon-tin/", "/du-lieu-mo/tai-ve/", "/anh-chia-se/")
    assert [path for path in paths if path.startswith(left_out)] == []
    assert [p for p in paths if p.startswith("/api/") and p != "/api/v1/docs/"] == []
    # Filtered listings have the unfiltered index as their canonical address.
    assert [path for path in paths if "?" in path] == []


def test_a_private_news_section_takes_its_archives_and_tag_pages_out_of_the_sitemap(
    client, make_article, news_index
):
    make_article(tags=["điện"])
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")

    paths = [path_of(url) for url in addresses(client, "/sitemap-danh-muc.xml")]

    assert "/du-lieu-mo/" in paths
    assert [path for path in paths if path.startswith("/tin-tuc/")] == []


def test_robots_keep_crawlers_off_the_filtered_downloads(client, showcase_index):
    # Every listing links its downloads (up to 100,000 rows each, per filter): a crawler
    # following them would run one export per combination of filters.
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /du-lieu-mo/tai-ve/" in robots
    assert "Disallow: /du-lieu-mo/" not in robots  # the open data page itself is indexed
