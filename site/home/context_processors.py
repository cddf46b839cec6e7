from functools import cache

from django.db.models import Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from news.models import NewsIndexPage
from showcase.models import ShowcaseIndexPage

from .selectors import sections_read

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
        """The two index pages, as bare instances with what `url` reads: those routing to
        the page read, else in one query."""
        models = {"showcase": ShowcaseIndexPage, "news": NewsIndexPage}
        keys = {model._meta.model_name: key for key, model in models.items()}
        sections = sections_read(request=request)
        if sections is not None:
            found = [
                (page.content_type.model, page.pk, page.path, page.depth, page.url_path)
                for page in sections
                if page.live and page.content_type.model in keys
            ]
        else:
            # By the content type's name in the same query: looking the types up first
            # would cost a query of its own in each process (ContentType's cache is cold).
            of_type = Q()
            for model in models.values():
                of_type |= Q(
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                )
            found = (
                Page.objects.live()
                .filter(of_type)
                .order_by("path")
                .values_list("content_type__model", "pk", "path", "depth", "url_path")
            )
        pages = {}
        for model_name, pk, path, depth, url_path in found:
            key = keys[model_name]
            pages.setdefault(key, models[key](pk=pk, path=path, depth=depth, url_path=url_path))
        return pages

    @cache
    def section_paths() -> dict[str, str]:
        # The paths alone: the sections belong to this site, and Wagtail's get_url would
        # look the request's site up (a query on pages served by views).
        parts = {key: page.get_url_parts(request) for key, page in index_pages().items()}
        return {key: part[2] for key, part in parts.items() if part}

    def links():
        labels = {"showcase": "Thư viện sáng kiến", "news": "Tin tức"}
        links = [{"label": labels[key], "url": path} for key, path in section_paths().items()]
        links += [{"label": label, "url": reverse(name)} for name, label in VIEW_LINKS]
        for link in links:
            link["current"] = request.path.startswith(link["url"])
        return links

    def index_urls():
        urls = dict(section_paths())
        if "showcase" in urls:
            urls["featured"] = urls["showcase"] + index_pages()["showcase"].reverse_subpage(
                "featured"
            )
        return urls

    return {"site_links": SimpleLazyObject(links), "index_urls": SimpleLazyObject(index_urls)}
