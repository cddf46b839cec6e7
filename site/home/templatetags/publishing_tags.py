"""Tags for what a page publishes beyond itself: its feeds, its JSON-LD and its share
image (portal.structured_data, portal.share_images, portal.feed_urls)."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from portal import structured_data
from portal.share_images import HEIGHT, WIDTH, card_for_page

register = template.Library()


def _feed(request, title: str, name: str, **kwargs) -> dict:
    return {
        "title": title,
        "rss": request.build_absolute_uri(reverse(f"feed-{name}-rss", kwargs=kwargs)),
        "atom": request.build_absolute_uri(reverse(f"feed-{name}-atom", kwargs=kwargs)),
    }


@register.inclusion_tag("components/feed_links.html", takes_context=True)
def feed_links(context, kind: str):
    """`<link rel="alternate">` to the feeds of a listing ("news" or "initiatives"), those
    of its category, tag, province or sector filter first."""
    filters = context.get("filters") or {}
    request = context["request"]
    feeds = []
    if kind == "news":
        if "category" in filters:
            category = filters["category"]
            feeds.append(
                _feed(
                    request,
                    f"Tin tức chuyên mục {category.name}",
                    "news-category",
                    slug=category.slug,
                )
            )
        if "tag" in filters:
            tag = filters["tag"]
            feeds.append(
                _feed(request, f"Tin tức với từ khóa “{tag.name}”", "news-tag", slug=tag.slug)
            )
        feeds.append(_feed(request, "Tin tức", "news"))
    else:
        if "province" in filters:
            province = filters["province"]
            feeds.append(
                _feed(
                    request,
                    f"Sáng kiến mới của {province.name}",
                    "initiatives-province",
                    slug=province.slug,
                )
            )
        if "sector" in filters:
            sector = filters["sector"]
            feeds.append(
                _feed(
                    request,
                    f"Sáng kiến mới lĩnh vực {sector.name}",
                    "initiatives-sector",
                    slug=sector.slug,
                )
            )
        feeds.append(_feed(request, "Sáng kiến mới", "initiatives"))
    return {"feeds": feeds}


@register.inclusion_tag("components/json_ld.html", takes_context=True)
def page_structured_data(context):
    """The JSON-LD of the page in the context: Organization on the home page, NewsArticle
    or CreativeWork with a BreadcrumbList on articles and initiatives."""
    from news.models import NewsArticlePage
    from portal.home.models import HomePage
    from showcase.models import InitiativePage

    page, request = context.get("page"), context["request"]
    if isinstance(page, HomePage):
        items = structured_data.home_page_data(request)
    elif isinstance(page, NewsArticlePage):
        items = structured_data.article_data(request, page)
    elif isinstance(page, InitiativePage):
        items = structured_data.initiative_data(request, page, tags=context.get("tags") or ())
    else:
        items = []
    return {"blocks": [mark_safe(structured_data.to_script_json(item)) for item in items]}  # noqa: S308 - escaped for a script element by to_script_json


@register.inclusion_tag("components/share_image.html", takes_context=True)
def share_image_meta(context):
    """OpenGraph and Twitter tags for the page's generated share image."""
    page, request = context.get("page"), context["request"]
    card = card_for_page(page)
    if card is None:
        return {"image": None}
    return {
        "image": {
            "url": request.build_absolute_uri(card.url),
            "width": WIDTH,
            "height": HEIGHT,
            "alt": page.title,
        }
    }
