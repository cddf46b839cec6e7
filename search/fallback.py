"""A plain database search, used while the search engine cannot be reached.

It matches words as typed in titles and summaries, without the engine's
accent folding or ranking; the response says it is degraded.
"""

from django.db.models import Count, F, Q
from django.utils.html import escape
from django.utils.text import Truncator

from . import text
from .documents import INITIATIVE, NEWS
from .query import FACET_FIELDS, FacetValue, Hit, SearchRequest, SearchResponse

FACET_COLUMNS = {
    "sector": "sector__slug",
    "province": "province__code",
    "phase": "phase",
    "year": "year",
}


def _initiatives(request: SearchRequest, words: list[str], *, skip: str | None = None):
    from showcase.models import InitiativePage

    pages = InitiativePage.objects.live().public().select_related("province", "sector")
    for word in words:
        pages = pages.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if request.sectors and skip != "sector":
        pages = pages.filter(sector__slug__in=request.sectors)
    if request.provinces and skip != "province":
        pages = pages.filter(province__code__in=request.provinces)
    if request.phase and skip != "phase":
        pages = pages.filter(phase=request.phase)
    if request.year and skip != "year":
        pages = pages.filter(year=request.year)
    if request.benefit_min is not None:
        pages = pages.filter(benefit_vnd__gte=request.benefit_min)
    if request.benefit_max is not None:
        pages = pages.filter(benefit_vnd__lte=request.benefit_max)
    return pages


def _articles(request: SearchRequest, words: list[str]):
    from news.models import NewsArticlePage

    articles = NewsArticlePage.objects.live().public()
    for word in words:
        articles = articles.filter(Q(title__icontains=word) | Q(lead__icontains=word))
    if request.year:
        articles = articles.filter(published_on__year=request.year)
    return articles


def _news_applies(request: SearchRequest) -> bool:
    # Initiative-only filters exclude news, as they do in the engines.
    return NEWS in request.types and not (
        request.sectors
        or request.provinces
        or request.phase
        or request.benefit_min is not None
        or request.benefit_max is not None
    )


def database_search(request: SearchRequest) -> SearchResponse:
    words = [word for word in text.words(request.q) if len(word) > 1][:8]
    hits: list[Hit] = []
    count = 0
    window = request.offset + request.page_size
    if INITIATIVE in request.types:
        pages = _initiatives(request, words)
        if request.sort == "benefit":
            pages = pages.order_by(F("benefit_vnd").desc(nulls_last=True))
        else:
            pages = pages.order_by(F("recognised_on").desc(nulls_last=True), "-first_published_at")
        count += pages.count()
        hits += [_initiative_hit(page) for page in pages[:window]]
    if _news_applies(request):
        articles = _articles(request, words).order_by("-published_on")
        count += articles.count()
        hits += [_article_hit(article) for article in articles[:window]]
    if request.sort == "benefit":
        hits.sort(
            key=lambda hit: hit.benefit_vnd if hit.benefit_vnd is not None else -1, reverse=True
        )
    else:
        hits.sort(
            key=lambda hit: hit.published_at.timestamp() if hit.published_at else 0, reverse=True
        )
    facets = {}
    if request.with_facets and INITIATIVE in request.types:
        for facet in FACET_FIELDS:
            column = FACET_COLUMNS[facet]
            rows = (
                _initiatives(request, words, skip=facet)
                .exclude(**{f"{column}__isnull": True})
                .values(column)
                .annotate(count=Count("pk"))
                .order_by("-count")
            )
            facets[facet] = [
                FacetValue(value=str(row[column]), label=str(row[column]), count=row["count"])
                for row in rows
            ]
    return SearchResponse(
        request=request,
        backend="database",
        count=count,
        hits=hits[request.offset : window],
        facets=facets,
        degraded=True,
    )


def _snippet(summary: str) -> str:
    return escape(Truncator(summary).chars(220))


def _initiative_hit(page) -> Hit:
    return Hit(
        type=INITIATIVE,
        id=page.pk,
        title=page.title,
        url=page.url,
        summary=page.summary,
        snippet_html=_snippet(page.summary),
        external_id=page.external_id,
        province_code=page.province.code if page.province else None,
        province_name=page.province.name if page.province else None,
        sector_slug=page.sector.slug if page.sector else None,
        sector_name=page.sector.name if page.sector else None,
        phase=page.phase,
        year=page.year,
        benefit_vnd=page.benefit_vnd,
        published_at=page.first_published_at,
    )


def _article_hit(page) -> Hit:
    return Hit(
        type=NEWS,
        id=page.pk,
        title=page.title,
        url=page.url,
        summary=page.lead,
        snippet_html=_snippet(page.lead),
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
