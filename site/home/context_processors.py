from functools import cache

from django.utils.functional import SimpleLazyObject

from news.models import NewsIndexPage
from showcase.models import ShowcaseIndexPage


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
        return [
            {"label": labels[key], "url": page.url, "page_id": page.pk}
            for key, page in index_pages().items()
        ]

    def index_urls():
        return {key: page.url for key, page in index_pages().items()}

    return {"site_links": SimpleLazyObject(links), "index_urls": SimpleLazyObject(index_urls)}
