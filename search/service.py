"""The one search service the views and the API use, whatever the engine."""

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from . import registry
from .engines.base import EngineUnavailable
from .plan import QueryPlan, plan_query
from .query import FacetValue, SearchRequest, SearchResponse, SuggestedFilter

# The admin index's directory under SEARCH_INDEX_DIR, or suffix of ELASTICSEARCH_INDEX.
ADMIN_INDEX = "admin"


class SearchService:
    """`engine` holds the public index; `admin_engine`, an engine of the same kind, the index
    Wagtail's own search uses (search.wagtail_backend)."""

    def __init__(self, engine, admin_engine=None):
        self.engine = engine
        self.admin_engine = admin_engine

    @property
    def backend(self) -> str:
        return self.engine.name

    def search(self, request: SearchRequest) -> SearchResponse:
        plan = plan_query(request.q)
        try:
            response = self.engine.search(request, plan)
        except EngineUnavailable:
            from .fallback import database_search

            response = database_search(request)
        _label_facets(response)
        response.suggested_filters = suggested_filters(plan, request)
        return response

    def result_ids(
        self, request: SearchRequest, *, limit: int, batch: int = 1_000
    ) -> Iterator[list[int]]:
        """The ids of every result of `request` in the order its pages list them (ties
        included), `batch` at a time and at most `limit` in all: for a download of a
        whole view. The engine answers in one query or one cursor, without payloads,
        snippets or facets, where asking for pages 1..n would make it collect the best
        n × page size for each. While the engine is down, the database's pages."""
        plan = plan_query(request.q)
        batches = self.engine.ids(request, plan, limit=limit, batch=batch)
        try:
            first = next(batches, None)
        except EngineUnavailable:
            yield from self._paged_ids(request, limit=limit, batch=batch)
            return
        if first is not None:
            yield first
            yield from batches

    def _paged_ids(self, request: SearchRequest, *, limit: int, batch: int) -> Iterator[list[int]]:
        """`result_ids` from the database, page after page as `search` answers them while
        the engine is down (without asking the engine again for each page)."""
        from .fallback import database_search

        number, sent = 1, 0
        while sent < limit:
            page = replace(request, page=number, page_size=batch, with_facets=False)
            hits = database_search(page).hits[: limit - sent]
            if not hits:
                return
            yield [hit.id for hit in hits]
            sent += len(hits)
            if len(hits) < batch:
                return
            number += 1

    def suggest(self, prefix: str, *, limit: int = 8) -> list[dict]:
        try:
            return self.engine.suggest(prefix, limit=limit)
        except EngineUnavailable:
            return []

    def related(self, document, *, limit: int = 4):
        try:
            return self.engine.related(document, limit=limit)
        except EngineUnavailable:
            return []


def suggested_filters(plan: QueryPlan, request: SearchRequest) -> list[SuggestedFilter]:
    """The places and sectors the query is about, unless already filtered on."""
    # Only types whose documents carry the facet can be narrowed by it.
    types = registry.document_types(request.types)
    if not any(intent.facet in t.fallback.facet_columns for t in types for intent in plan.intents):
        return []
    active = {"province": set(request.provinces), "sector": set(request.sectors)}
    return [
        SuggestedFilter(intent.facet, intent.value, intent.label, intent.suggestion)
        for intent in plan.intents
        if intent.suggestion and intent.value not in active.get(intent.facet, {intent.value})
    ]


def _label_facets(response: SearchResponse) -> None:
    """Engines count facet values; their labels come from the apps' vocabularies."""
    for facet, values in response.facets.items():
        if not values:
            continue
        names = registry.facet_labels(facet)
        response.facets[facet] = [
            FacetValue(value=item.value, label=names.get(item.value, item.label), count=item.count)
            for item in values
        ]


def build_engine(backend: str, *, admin: bool = False):
    """The public index's engine, or with `admin` the admin index's: its own directory or alias."""
    if backend == "embedded":
        from .engines.embedded import EmbeddedEngine

        directory = Path(settings.SEARCH_INDEX_DIR)
        return EmbeddedEngine(directory / ADMIN_INDEX if admin else directory)
    if backend == "elasticsearch":
        from .engines.elastic import ElasticsearchEngine

        alias = settings.ELASTICSEARCH_INDEX
        return ElasticsearchEngine(
            settings.ELASTICSEARCH_URL, index=f"{alias}-{ADMIN_INDEX}" if admin else alias
        )
    raise ValueError(f"SEARCH_BACKEND must be 'embedded' or 'elasticsearch', not {backend!r}")


@lru_cache(maxsize=1)
def get_search_service() -> SearchService:
    backend = settings.SEARCH_BACKEND
    return SearchService(build_engine(backend), build_engine(backend, admin=True))
