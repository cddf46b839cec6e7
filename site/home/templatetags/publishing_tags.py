"""Tags for what a page publishes beyond itself: its feeds, its JSON-LD and its share
image (portal.structured_data, portal.share_images, portal.feed_urls)."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from news.feeds import NewsFeed
from portal import structured_data
from portal.share_images import HEIGHT, WIDTH, card_for_page
from showcase.feeds import InitiativeFeed

register = template.Library()

# By the name of a listing's feeds (portal.feed_urls): their class, and the filters of
# the listing that have a feed of their own, in the order their links come.
FEEDS = {
    "news": (NewsFeed, ("category", "tag")),
    "initiatives": (InitiativeFeed, ("province", "sector")),
}


def _feed(request, title: str, name: str, **kwargs) -> dict:
    return {
        "title": title,
        "rss": request.build_absolute_uri(reverse(f"feed-{name}-rss", kwargs=kwargs)),
        "atom": request.build_absolute_uri(reverse(f"feed-{name}-atom", kwargs=kwargs)),
    }


def _listing_feeds(context, kind: str) -> list[dict]:
    """The feeds of a listing ("news" or "initiatives"), those of its category, tag,
    province or sector filter first."""
    feed, scopes = FEEDS[kind]
    filters = context.get("filters") or {}
    if context.get("archive_tag") is not None:
        # A tag's own page (NewsIndexPage.tag_archive) is that tag's listing.
        filters = {**filters, "tag": context["archive_tag"]}
    request = context["request"]
    feeds = [
        _feed(
            request,
            feed.heading(scope, filters[scope]),
            f"{kind}-{scope}",
            slug=filters[scope].slug,
        )
        for scope in scopes
        if scope in filters
    ]
    feeds.append(_feed(request, feed.heading(None), kind))
    return feeds


@register.inclusion_tag("components/feed_links.html", takes_context=True)
def feed_links(context, kind: str):
    """`<link rel="alternate">` to the listing's feeds, for feed readers and browsers."""
    return {"feeds": _listing_feeds(context, kind)}


@register.inclusion_tag("components/feed_subscribe.html", takes_context=True)
def feed_subscribe(context, kind: str):
    """A visible link to the listing's most specific feed, for readers who follow it."""
    return {"feed": _listing_feeds(context, kind)[0]}


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
