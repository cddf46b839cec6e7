"""RSS 2.0 and Atom feeds of the news: all of it, a category, a tag, or a province.

Articles have no province of their own: an article belongs to a province's feed when one
of the initiatives it is about (NewsRelatedInitiative) comes from that province.
"""

import copy
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from showcase.models import Province

from .models import NewsArticlePage, NewsArticleTag, NewsCategory, NewsIndexPage

FEED_SIZE = 30
LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)
SITE_NAME = "Một triệu sáng kiến"


def local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(LOCAL_TZ) if moment else None


def article_published(article: NewsArticlePage) -> datetime:
    """The article's date of publication, at the hour it went live that day if it did."""
    first = local(article.first_published_at)
    if first and first.date() == article.published_on:
        return first
    return datetime.combine(article.published_on, time(0), tzinfo=LOCAL_TZ)


class NewsFeed(Feed):
    """/nguon-tin/tin-tuc/…: `scope` is None, "category", "tag" or "province"."""

    language = "vi"
    scope: str | None = None

    def __init__(self, scope: str | None = None):
        super().__init__()
        self.scope = scope

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request: each request gets its own copy to read
        # its pages' addresses with (Wagtail memoises the site's root paths on it).
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, slug: str | None = None):
        if self.scope == "category":
            return get_object_or_404(NewsCategory, slug=slug)
        if self.scope == "tag":
            return get_object_or_404(
                Tag.objects.filter(news_newsarticletag_items__isnull=False).distinct(), slug=slug
            )
        if self.scope == "province":
            return get_object_or_404(Province, slug=slug)
        return None

    def title(self, obj):
        if self.scope == "category":
            return f"Tin tức chuyên mục {obj.name} · {SITE_NAME}"
        if self.scope == "tag":
            return f"Tin tức với từ khóa “{obj.name}” · {SITE_NAME}"
        if self.scope == "province":
            return f"Tin tức về sáng kiến của {obj.name} · {SITE_NAME}"
        return f"Tin tức · {SITE_NAME}"

    def description(self, obj):
        return "Tin tức phong trào “Một triệu sáng kiến” của Tổng Liên đoàn Lao động Việt Nam."

    def link(self, obj):
        index = NewsIndexPage.objects.live().first()
        base = index.get_url(self.request) if index else "/"
        if self.scope in ("category", "tag"):
            return f"{base}?{self.scope}={obj.slug}"
        return base

    def items(self, obj):
        articles = (
            NewsArticlePage.objects.live()
            .public()
            .prefetch_related(
                "categories",
                Prefetch("tagged_items", queryset=NewsArticleTag.objects.select_related("tag")),
            )
            .order_by("-published_on", "-first_published_at", "-pk")
        )
        if self.scope == "category":
            articles = articles.filter(categories=obj)
        elif self.scope == "tag":
            articles = articles.filter(tagged_items__tag=obj)
        elif self.scope == "province":
            ids = NewsArticlePage.objects.filter(
                related_initiatives__initiative__province=obj
            ).values("pk")
            articles = articles.filter(pk__in=ids)
        return articles[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return article_published(item)

    def item_updateddate(self, item):
        return local(item.last_published_at) or article_published(item)

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [category.name for category in item.categories.all()] + [
            tagged.tag.name for tagged in item.tagged_items.all()
        ]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # A feed without items still says when it was made, in Vietnam's time.
        if not feed.items:
            feed.feed["updateddate"] = timezone.localtime(timezone=LOCAL_TZ)
        return feed


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
