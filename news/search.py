"""How news articles are searched. Registered with `search.registry` by `NewsConfig.ready`."""

from datetime import datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from search import registry
from search.documents import SearchDocument, stream_text, tag_names
from search.fallback import plain_snippet, words_filter
from search.query import Hit, SearchRequest

from .models import NewsArticlePage, NewsCategory

NEWS = "news"


def article_document(page: NewsArticlePage) -> SearchDocument:
    tags = tag_names(page)
    categories = " ".join(category.name for category in page.categories.all())
    published = timezone.make_aware(datetime.combine(page.published_on, time(8)))
    return SearchDocument(
        type=NEWS,
        id=page.pk,
        title=page.title,
        url=page.url or "",
        summary=page.lead,
        body=stream_text(page.body),
        extra=" ".join(filter(None, [page.author, " ".join(tags), categories])),
        year=page.published_on.year,
        published_at=published,
        tags=tags,
    )


def searchable_articles() -> QuerySet:
    """Live, public articles with what their document reads, in a constant number of queries."""
    return (
        NewsArticlePage.objects.live().public().prefetch_related("tagged_items__tag", "categories")
    )


def fallback_pages(request: SearchRequest, words: list[str], skip: str | None) -> QuerySet:
    articles = NewsArticlePage.objects.live().public()
    # Articles have no sector, province, phase or benefit: those filters rule them out,
    # as they do in the engines.
    if (
        request.sectors
        or request.provinces
        or request.phase
        or request.benefit_min is not None
        or request.benefit_max is not None
    ):
        return articles.none()
    articles = articles.filter(words_filter(words, ("title", "lead")))
    if request.year:
        articles = articles.filter(published_on__year=request.year)
    return articles


def fallback_hit(page: NewsArticlePage) -> Hit:
    return Hit(
        type=NEWS,
        id=page.pk,
        title=page.title,
        url=page.url,
        summary=page.lead,
        snippet_html=plain_snippet(page.lead),
        external_id=None,
        province_code=None,
        province_name=None,
        sector_slug=None,
        sector_name=None,
        phase=None,
        year=page.published_on.year,
        benefit_vnd=None,
        published_at=page.first_published_at,
    )


def register() -> None:
    registry.register_type(
        registry.DocumentType(
            name=NEWS,
            label="Tin tức",
            model=NewsArticlePage,
            build=article_document,
            live_pages=searchable_articles,
            fallback=registry.DatabaseFallback(
                pages=fallback_pages,
                ordering=lambda sort: ("-published_on",),
                hit=fallback_hit,
            ),
            taxonomy={
                NewsCategory: lambda category: category.articles.values_list("pk", flat=True),
            },
        )
    )
