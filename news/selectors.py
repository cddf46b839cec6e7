"""Read-side queries for news."""

from collections.abc import Mapping

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from portal.images.models import CampaignRendition
from showcase.selectors import initiative_cards, paginate

from .forms import NewsFilterForm
from .models import NewsArticlePage, NewsIndexPage

THUMBNAIL_RENDITION = "fill-640x360"


def news_cards() -> QuerySet:
    renditions = Prefetch(
        "featured_image__renditions",
        queryset=CampaignRendition.objects.filter(filter_spec=THUMBNAIL_RENDITION),
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
    }


def news_related_initiatives(*, article: NewsArticlePage) -> list:
    ids = [link.initiative_id for link in article.related_initiatives.all()]
    by_id = {page.pk: page for page in initiative_cards().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
