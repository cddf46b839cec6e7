"""RSS 2.0 and Atom feeds of the news: all of it, a category, a tag, or a province.

Articles have no province of their own: an article belongs to a province's feed when one
of the initiatives it is about (NewsRelatedInitiative) comes from that province.
"""

from datetime import datetime, time

from django.db.models import Prefetch
from taggit.models import Tag

from portal.feeds import FEED_SIZE, LOCAL_TZ, AtomFeedMixin, ScopedFeed, local
from showcase.models import InitiativePage, Province

from .models import TAG_SLUG, NewsArticlePage, NewsArticleTag, NewsCategory, NewsIndexPage


def article_published(article: NewsArticlePage) -> datetime:
    """The article's date of publication, at the hour it went live that day if it did."""
    first = local(article.first_published_at)
    if first and first.date() == article.published_on:
        return first
    return datetime.combine(article.published_on, time(0), tzinfo=LOCAL_TZ)


class NewsFeed(ScopedFeed):
    """/nguon-tin/tin-tuc/…: `scope` is None, "category", "tag" or "province"."""

    scopes = {
        "category": (NewsCategory.objects.all(), "Tin tức chuyên mục {name}"),
        "tag": (
            Tag.objects.filter(news_newsarticletag_items__isnull=False).distinct(),
            "Tin tức với từ khóa “{name}”",
        ),
        "province": (Province.objects.all(), "Tin tức về sáng kiến của {name}"),
    }
    whole_heading = "Tin tức"

    def description(self, obj):
        return "Tin tức phong trào “Một triệu sáng kiến” của Tổng Liên đoàn Lao động Việt Nam."

    def link(self, obj):
        index = NewsIndexPage.objects.live().first()
        base = index.get_url(self.request) if index else "/"
        if self.scope == "tag":
            # The tag's own page (NewsIndexPage.tag_archive), as its sitemap lists it.
            return f"{base}{TAG_SLUG}/{obj.slug}/"
        if self.scope == "category":
            return f"{base}?category={obj.slug}"
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
            # Through the province's initiatives that readers can see: an article is
            # not "about" a province by an initiative taken down or kept private.
            ids = NewsArticlePage.objects.filter(
                related_initiatives__initiative__in=InitiativePage.objects.live()
                .public()
                .filter(province=obj)
            ).values("pk")
            articles = articles.filter(pk__in=ids)
        return articles[:FEED_SIZE]

    def item_description(self, item):
        return item.lead

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


class NewsAtomFeed(AtomFeedMixin, NewsFeed):
    pass
