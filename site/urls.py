from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import sitemaps

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("search.urls")),
    path("", include("portal.api_urls")),
    path("", include("showcase.urls")),
    path("", include("showcase.submissions.urls")),
    path("", include("portal.feed_urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-trang.xml", sitemaps.pages, name="sitemap-pages"),
    path("sitemap-danh-muc.xml", sitemaps.listings, name="sitemap-listings"),
    path(
        "sitemap-sang-kien-<int:number>.xml",
        sitemaps.initiatives,
        name="sitemap-initiatives",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

if settings.SERVE_MEDIA:
    from django.urls import re_path

    from portal.media import serve_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "portal.home.views.page_not_found"
handler500 = "portal.home.views.server_error"
