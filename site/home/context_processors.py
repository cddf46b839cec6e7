from functools import cache

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

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
        pages = {}
        for key, model in (("showcase", ShowcaseIndexPage), ("news", NewsIndexPage)):
            page = model.objects.live().only("url_path", "path", "depth").first()
            if page is not None:
                pages[key] = page
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
