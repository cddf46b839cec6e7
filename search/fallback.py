"""A plain database search, used while the search engine cannot be reached.

It matches words as typed in titles and summaries, without the engine's
accent folding or ranking; the response says it is degraded. Each document
type says how the database queries it (`search.registry.DatabaseFallback`).
"""

from collections import Counter

from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.text import Truncator

from . import registry, text
from .query import FACET_FIELDS, FacetValue, Hit, SearchRequest, SearchResponse


def words_filter(words: list[str], columns: tuple[str, ...]) -> Q:
    """Every word in one of `columns`, as typed (case aside)."""
    matches = Q()
    for word in words:
        matches &= Q(*(Q(**{f"{column}__icontains": word}) for column in columns), _connector=Q.OR)
    return matches


def plain_snippet(summary: str) -> str:
    return escape(Truncator(summary).chars(220))


def _published(hit: Hit) -> float:
    return hit.published_at.timestamp() if hit.published_at else 0


def _sort_key(request: SearchRequest):
    """How the hits of several types merge into one list, as each type ordered its own."""
    if request.sort == "benefit":
        return lambda hit: hit.benefit_vnd if hit.benefit_vnd is not None else -1
    if request.sort == "reused":
        return lambda hit: (hit.reuse_count, _published(hit))
    return _published


def database_search(request: SearchRequest) -> SearchResponse:
    words = [word for word in text.words(request.q) if len(word) > 1][:8]
    document_types = registry.document_types(request.types)
    hits: list[Hit] = []
    count = 0
    window = request.offset + request.page_size
    for document_type in document_types:
        fallback = document_type.fallback
        pages = fallback.pages(request, words, None).order_by(*fallback.ordering(request.sort))
        count += pages.count()
        hits += [fallback.hit(page) for page in pages[:window]]
    hits.sort(key=_sort_key(request), reverse=True)
    facets = {}
    if request.with_facets:
        facets = _facets(request, words, document_types)
    return SearchResponse(
        request=request,
        backend="database",
        count=count,
        hits=hits[request.offset : window],
        facets=facets,
        degraded=True,
    )


def _facets(request: SearchRequest, words: list[str], document_types) -> dict:
    """Counts per facet, each respecting the other filters, over the types that have it."""
    faceted = [entry for entry in document_types if entry.fallback.facet_columns]
    if not faceted:
        return {}
    facets = {}
    for facet in FACET_FIELDS:
        counts: Counter = Counter()
        for document_type in faceted:
            column = document_type.fallback.facet_columns.get(facet)
            if column is None:
                continue
            rows = (
                document_type.fallback.pages(request, words, facet)
                .exclude(**{f"{column}__isnull": True})
                .values(column)
                .annotate(count=Count("pk"))
                .order_by("-count")
            )
            counts.update({str(row[column]): row["count"] for row in rows})
        facets[facet] = [
            FacetValue(value=value, label=value, count=number)
            for value, number in counts.most_common()
        ]
    return facets
