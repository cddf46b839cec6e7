from news.models import NewsIndexPage
from showcase.models import ShowcaseIndexPage


def site_navigation(request):
    """Header links; resolved lazily so that pages without navigation pay nothing."""

    def links():
        items = []
        for model, label in ((ShowcaseIndexPage, "Thư viện sáng kiến"), (NewsIndexPage, "Tin tức")):
            page = model.objects.live().only("url_path", "path", "depth").first()
            if page is not None:
                items.append({"label": label, "url": page.url, "page_id": page.pk})
        return items

    return {"site_links": links}
