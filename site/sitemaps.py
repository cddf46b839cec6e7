"""The sitemap index (/sitemap.xml) and its files, each of at most 50,000 addresses.

Every page but the initiatives (the home page, news, the library's own pages: a few
thousand) goes through Wagtail's sitemap, which asks each page for its addresses
(`get_sitemap_urls`). The initiatives, a million of them, are streamed from their
columns a slice of ids at a time (`showcase.selectors.initiative_sitemap_entries`):
an initiative's address is its parent's followed by its slug.

The listings file (/sitemap-danh-muc.xml) holds the public pages that are not pages of
the tree: the news's monthly archives and tag pages (routes of the news index), the open
data page and its data dictionary, the API's documentation, the leaderboard, the
statistics and the pages of the units that have reported. Left out on purpose: search
results (/tim-kiem/, noindex), feeds, the JSON API, downloads and share images (not
pages for a reader to land on), and the news index filtered by a category (its canonical
address is the index itself).
"""

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from django.db.models import Max
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from news.models import ARCHIVE_SLUG, TAG_SLUG, NewsArticlePage, NewsIndexPage
from portal.page_addresses import ChildAddresses
from showcase.models import CampaignUnit, InitiativePage
from showcase.selectors import (
    initiative_sitemap_entries,
    initiative_sitemap_file_exists,
    initiative_sitemap_files,
)

XML_TYPE = "application/xml; charset=utf-8"
_NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class PagesSitemap(Sitemap):
    """Every live, public page except the initiatives, which have their own files."""

    limit = 50_000

    def items(self):
        return super().items().not_type(InitiativePage)


def index(request) -> HttpResponse:
    pages = PagesSitemap(request)
    entries = [
        (
            request.build_absolute_uri(reverse("sitemap-pages"))
            + (f"?p={number}" if number > 1 else ""),
            None,
        )
        for number in pages.paginator.page_range
    ]
    entries.append((request.build_absolute_uri(reverse("sitemap-listings")), None))
    entries += [
        (request.build_absolute_uri(reverse("sitemap-initiatives", args=[number])), lastmod)
        for number, lastmod in initiative_sitemap_files()
    ]
    return _document("sitemapindex", "sitemap", entries)


def _document(root: str, element: str, entries: list[tuple[str, datetime | None]]):
    """A sitemap document: `root` holding an `element` per address, with its last change."""
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} {_NAMESPACE}>']
    for location, lastmod in entries:
        modified = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<{element}><loc>{escape(location)}</loc>{modified}</{element}>")
    lines.append(f"</{root}>\n")
    return HttpResponse("\n".join(lines), content_type=XML_TYPE)


def pages(request) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"trang": PagesSitemap})


# The site's own views that search engines should index, by url name.
LISTING_VIEWS = ("open_data", "data_dictionary", "api-docs", "leaderboard", "statistics")


def listings(request) -> HttpResponse:
    entries = [(request.build_absolute_uri(reverse(name)), None) for name in LISTING_VIEWS]
    entries += _news_routes(request)
    entries += _unit_pages(request)
    return _document("urlset", "url", entries)


def _news_routes(request) -> list[tuple[str, datetime | None]]:
    """The monthly archives and the tag pages that have a public article, each with the
    latest publication among its articles; none while the news index is not public."""
    news_index = NewsIndexPage.objects.live().public().first()
    if news_index is None:
        return []
    base = news_index.get_full_url(request)
    articles = NewsArticlePage.objects.live().public()
    months = (
        articles.annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(lastmod=Max("last_published_at"))
        .order_by("-month")
    )
    # Filtered then annotated: the latest publication among the tag's public articles only.
    tags = (
        Tag.objects.filter(news_newsarticletag_items__content_object__in=articles.values("pk"))
        .values("slug")
        .annotate(lastmod=Max("news_newsarticletag_items__content_object__last_published_at"))
        .order_by("slug")
    )
    return [
        (f"{base}{ARCHIVE_SLUG}/{month['month']:%Y/%m}/", month["lastmod"]) for month in months
    ] + [(iri_to_uri(f"{base}{TAG_SLUG}/{tag['slug']}/"), tag["lastmod"]) for tag in tags]


def _unit_pages(request) -> list[tuple[str, datetime | None]]:
    """The pages of the campaign's units that have reported (the others show no figures),
    each dated by its latest report."""
    units = (
        CampaignUnit.objects.filter(reports__isnull=False)
        .values("code")
        .annotate(lastmod=Max("reports__created_at"))
        .order_by("code")
    )
    return [
        (request.build_absolute_uri(reverse("campaign_unit", args=[unit["code"]])), unit["lastmod"])
        for unit in units
    ]


def initiatives(request, number: int) -> StreamingHttpResponse:
    if not initiative_sitemap_file_exists(number):
        raise Http404("Không có tệp sơ đồ trang này.")
    return StreamingHttpResponse(_initiative_urlset(request, number), content_type=XML_TYPE)


def _initiative_urlset(request, number: int) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_NAMESPACE}>\n'
    addresses = ChildAddresses(lambda page: page.get_full_url(request))
    for entry in initiative_sitemap_entries(number):
        location = addresses(path=entry.path, url_path=entry.url_path)
        yield (
            f"<url><loc>{escape(location)}</loc><lastmod>{_w3c(entry.lastmod)}</lastmod></url>\n"
        )
    yield "</urlset>\n"


def _w3c(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
