"""The sitemap index (/sitemap.xml) and its files, each of at most 50,000 addresses.

Every page but the initiatives (the home page, news, the library's own pages: a few
thousand) goes through Wagtail's sitemap, which asks each page for its addresses
(`get_sitemap_urls`). The initiatives, a million of them, are streamed from their
columns a slice of ids at a time (`showcase.selectors.initiative_sitemap_entries`):
an initiative's address is its parent's followed by its slug.
"""

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from portal.page_addresses import ChildAddresses
from showcase.models import InitiativePage
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
    entries += [
        (request.build_absolute_uri(reverse("sitemap-initiatives", args=[number])), lastmod)
        for number, lastmod in initiative_sitemap_files()
    ]
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {_NAMESPACE}>']
    for location, lastmod in entries:
        modified = f"<lastmod>{_w3c(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<sitemap><loc>{escape(location)}</loc>{modified}</sitemap>")
    lines.append("</sitemapindex>\n")
    return HttpResponse("\n".join(lines), content_type=XML_TYPE)


def pages(request) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"trang": PagesSitemap})


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
