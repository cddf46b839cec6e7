"""Read-side queries for news."""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from taggit.models import Tag
from wagtail.images.models import Filter

from portal.images.models import CampaignRendition
from showcase.selectors import initiative_cards, paginate

from .forms import NewsFilterForm
from .models import NewsArticlePage, NewsArticleTag, NewsIndexPage, NewsRelatedInitiative

# The renditions of a news card's picture: exactly the specs of the {% picture %} tag in
# templates/components/news_card.html, so that a listing reads them in one query.
THUMBNAIL_RENDITIONS = Filter.expand_spec("format-{avif,webp,jpeg}|fill-{320x180,640x360}")


def news_cards() -> QuerySet:
    renditions = Prefetch(
        "featured_image__renditions",
        queryset=CampaignRendition.objects.filter(filter_spec__in=THUMBNAIL_RENDITIONS),
    )
    return (
        NewsArticlePage.objects.live()
        .public()
        .select_related("featured_image")
        .prefetch_related("categories", renditions)
        .order_by("-published_on", "-first_published_at", "-pk")
    )


def news_latest(*, limit: int) -> list[NewsArticlePage]:
    return list(news_cards()[:limit])


def news_listing(*, index_page: NewsIndexPage, params: Mapping) -> dict:
    form = NewsFilterForm(params)
    filters = form.valid_filters()
    articles = news_cards()
    if "category" in filters:
        articles = articles.filter(categories=filters["category"])
    if "tag" in filters:
        articles = articles.filter(tags=filters["tag"])
    page = paginate(articles, page_number=params.get("page"), per_page=settings.PAGE_SIZE_NEWS)
    return {
        "filter_form": form,
        "filters": filters,
        "filter_errors": form.error_messages_list(),
        "articles": page,
        "categories": form.fields["category"].queryset,
        "archive_months": news_archive_months(),
    }


def news_related_initiatives(*, article: NewsArticlePage) -> list:
    ids = [link.initiative_id for link in article.related_initiatives.all()]
    by_id = {page.pk: page for page in initiative_cards().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


RELATED_ARTICLES = 4


def news_related_articles(*, article: NewsArticlePage, limit: int = RELATED_ARTICLES) -> list:
    """Other articles sharing the most tags and related initiatives with `article`, the
    newest first among equals, in three queries (the cards, their categories and their
    pictures) however many tags and initiatives it has."""
    tag_ids = NewsArticleTag.objects.filter(content_object_id=article.pk).values("tag_id")
    initiative_ids = NewsRelatedInitiative.objects.filter(page_id=article.pk).values(
        "initiative_id"
    )
    return list(
        news_cards()
        .exclude(pk=article.pk)
        .annotate(
            shared_tags=Count(
                "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True
            ),
            shared_initiatives=Count(
                "related_initiatives",
                filter=Q(related_initiatives__initiative_id__in=initiative_ids),
                distinct=True,
            ),
        )
        .annotate(shared=F("shared_tags") + F("shared_initiatives"))
        .filter(shared__gt=0)
        .order_by("-shared", "-published_on", "-first_published_at", "-pk")[:limit]
    )


def news_neighbours(*, article: NewsArticlePage) -> dict:
    """The previous and next public articles in the order of the news listing (publication
    date, then first publication, then creation), or None at either end."""
    if article.pk is None or article.first_published_at is None:
        return {"previous_article": None, "next_article": None}
    day, moment, pk = article.published_on, article.first_published_at, article.pk
    before = (
        Q(published_on__lt=day)
        | Q(published_on=day, first_published_at__lt=moment)
        | Q(published_on=day, first_published_at=moment, pk__lt=pk)
    )
    after = (
        Q(published_on__gt=day)
        | Q(published_on=day, first_published_at__gt=moment)
        | Q(published_on=day, first_published_at=moment, pk__gt=pk)
    )
    articles = NewsArticlePage.objects.live().public().defer_streamfields()
    return {
        "previous_article": articles.filter(before)
        .order_by("-published_on", "-first_published_at", "-pk")
        .first(),
        "next_article": articles.filter(after)
        .order_by("published_on", "first_published_at", "pk")
        .first(),
    }


def news_archive_months() -> list[dict]:
    """Months with public articles, newest first, with how many each has (one query)."""
    return list(
        NewsArticlePage.objects.live()
        .public()
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )


def news_month_listing(*, year: int, month: int, params: Mapping) -> dict | None:
    """Public articles published in one month, or None for a month that does not exist."""
    try:
        first_day = datetime.date(year, month, 1)
    except ValueError:
        return None
    articles = news_cards().filter(
        published_on__year=first_day.year, published_on__month=first_day.month
    )
    page = paginate(articles, page_number=params.get("page"), per_page=settings.PAGE_SIZE_NEWS)
    return {"articles": page, "archive_month": first_day}


def news_tag_listing(*, tag_slug: str, params: Mapping) -> dict | None:
    """Public articles with one tag, or None for a tag no article carries."""
    tag = Tag.objects.filter(slug=tag_slug, news_newsarticletag_items__isnull=False).first()
    if tag is None:
        return None
    articles = news_cards().filter(tags=tag)
    page = paginate(articles, page_number=params.get("page"), per_page=settings.PAGE_SIZE_NEWS)
    return {"articles": page, "archive_tag": tag}
