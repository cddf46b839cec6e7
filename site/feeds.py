"""What the site's RSS 2.0 and Atom feeds share (news.feeds, showcase.feeds): one feed
class per content type, answering for the whole listing or one scope of it (a category,
a province…), in Vietnamese with Vietnam's time."""

import copy
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

FEED_SIZE = 30
SITE_NAME = "Một triệu sáng kiến"
PUBLISHER = "Tổng Liên đoàn Lao động Việt Nam"
LOCAL_TZ = timezone.get_default_timezone()


def local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment, LOCAL_TZ) if moment else None


class ScopedFeed(Feed):
    """A feed of the whole listing (`scope` None) or of one scope, found by its slug.

    `scopes` maps each scope to the objects its slug is looked up in and its heading
    ("{name}" replaced by the object's name); `whole_heading` is the whole listing's.
    """

    language = "vi"
    scopes: dict[str, tuple[QuerySet, str]] = {}
    whole_heading = ""

    def __init__(self, scope: str | None = None):
        super().__init__()
        if scope is not None and scope not in self.scopes:
            raise ValueError(f"unknown feed scope: {scope}")
        self.scope = scope

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request: each request gets its own copy to read
        # its pages' addresses with (Wagtail memoises the site's root paths on it).
        feed = copy.copy(self)
        feed.request = request
        response = Feed.__call__(feed, request, *args, **kwargs)
        # Django dates the feed by its newest item, which an item taken out of the feed
        # (or renamed) does not move: a reader sending only If-Modified-Since would get a
        # stale 304. The ETag covers every change; the page cache adds the moment the
        # feed was made, which any change it depends on renews (portal.page_cache).
        response.headers.pop("Last-Modified", None)
        return response

    @classmethod
    def heading(cls, scope: str | None, obj=None) -> str:
        """The feed's name without the site's, as the pages that link to it show it."""
        if scope is None:
            return cls.whole_heading
        return cls.scopes[scope][1].format(name=obj.name)

    def get_object(self, request, slug: str | None = None):
        if self.scope is None:
            return None
        return get_object_or_404(self.scopes[self.scope][0], slug=slug)

    def title(self, obj):
        return f"{self.heading(self.scope, obj)} · {SITE_NAME}"

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # A feed without items still says when it was made, in Vietnam's time.
        if not feed.items:
            feed.feed["updateddate"] = timezone.localtime(timezone=LOCAL_TZ)
        return feed


class AtomFeedMixin:
    """The Atom version of a feed: its description as the subtitle, and the publisher as
    the feed's author, which Atom requires of a feed whose entries do not all name
    their own (RFC 4287, 4.1.1): an article without a byline, an initiative without
    authors or unit."""

    feed_type = Atom1Feed
    author_name = PUBLISHER

    def subtitle(self, obj):
        return self.description(obj)
