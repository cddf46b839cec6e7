from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from news.models import NewsIndexPage
from showcase.models import ShowcaseIndexPage

# Sections served by views rather than pages: (URL name, label).
VIEW_LINKS = (
    ("leaderboard", "Thi đua"),
    ("statistics", "Thống kê"),
    ("submission_form", "Gửi sáng kiến"),
)


def site_navigation(request):
    """Header and footer links, looked up once per request and only if a template uses them."""

    @cache
    def index_pages():
        """The two index pages, in one query: as bare instances with what `url` reads."""
        models = {"showcase": ShowcaseIndexPage, "news": NewsIndexPage}
        types = ContentType.objects.get_for_models(*models.values())
        keys = {types[model].pk: key for key, model in models.items()}
        pages = {}
        found = (
            Page.objects.live()
            .filter(content_type__in=keys)
            .order_by("path")
            .values_list("content_type_id", "pk", "path", "depth", "url_path")
        )
        for content_type_id, pk, path, depth, url_path in found:
            key = keys[content_type_id]
            pages.setdefault(key, models[key](pk=pk, path=path, depth=depth, url_path=url_path))
        return pages

    def links():
        labels = {"showcase": "Thư viện sáng kiến", "news": "Tin tức"}
        links = [{"label": labels[key], "url": page.url} for key, page in index_pages().items()]
        links += [{"label": label, "url": reverse(name)} for name, label in VIEW_LINKS]
        for link in links:
            link["current"] = request.path.startswith(link["url"])
        return links

    def index_urls():
        urls = {key: page.url for key, page in index_pages().items()}
        if "showcase" in urls:
            urls["featured"] = urls["showcase"] + index_pages()["showcase"].reverse_subpage(
                "featured"
            )
        return urls

    return {"site_links": SimpleLazyObject(links), "index_urls": SimpleLazyObject(index_urls)}
