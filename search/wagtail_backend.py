"""Wagtail's search backend on the project's own engine.

`WAGTAILSEARCH_BACKENDS["default"]` points here, so the admin explorer's search,
the page, image, document and snippet choosers and listings, and
`Page.objects.search()` run on the engine `SEARCH_BACKEND` selects, in an index
of their own (`search.admin_index`), with the public search's Vietnamese
handling: "tiet kiem dien" finds "tiết kiệm điện", and typos are forgiven.

A search asks the engine for the ranked ids of the best `MAX_RESULTS` matches
among the documents of the searched model and its indexed subclasses, then
applies the queryset's own filters in SQL (`pk__in`). Results keep the engine's
order when ordered by relevance, else the queryset's order; counts and facets
are counted in the database over the same matches. Past `MAX_RESULTS` matches,
the rest is not shown: an editor refines the words instead.

Indexing never touches the engine: `add`, `add_bulk` and `delete` queue the
change in the outbox (`search.sync.record_change`), in the caller's transaction,
and the replay sends what the database holds. While the engine cannot be
reached, searches match every word in the title in the database instead.
"""

import logging
from collections import OrderedDict
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from modelsearch.backends.base import (
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    FilterFieldError,
    SearchFieldError,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Or, Phrase, PlainText

from . import text
from .admin_index import concrete_model_of, labels_for, model_label
from .engines.base import EngineUnavailable
from .models import IndexChange
from .query import SearchRequest
from .sync import record_change

logger = logging.getLogger(__name__)

# How many of the engine's best matches a search considers.
MAX_RESULTS = 1000


def query_words(query) -> tuple[str | None, bool]:
    """The words of a Wagtail search query and whether all of them are required.

    None stands for "everything" (`MATCH_ALL`). The engine runs its own query plan
    on the words, so phrases and boosts are read as plain words.
    """
    if isinstance(query, MatchAll):
        return None, True
    if isinstance(query, (PlainText, Fuzzy)):
        return query.query_string, query.operator == "and"
    if isinstance(query, Phrase):
        return query.query_string, True
    if isinstance(query, Boost):
        return query_words(query.subquery)
    if isinstance(query, (And, Or)):
        parts = [query_words(subquery)[0] for subquery in query.subqueries]
        if isinstance(query, Or) and None in parts:
            return None, True
        return " ".join(part for part in parts if part), isinstance(query, And)
    raise NotImplementedError(f"`{type(query).__name__}` is not supported by this search backend.")


class EngineQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    # Autocomplete also takes the last word as the start of a title word.
    prefix_last = False
    # Set when the engine could not be reached.
    degraded = False

    def check(self):
        # Filters and ordering run in SQL, so any of them works; only `fields` is checked.
        allowed = {field.field_name for field in self.queryset.model.get_search_fields()}
        for field_name in self.fields or ():
            if field_name not in allowed:
                raise SearchFieldError(
                    f'Cannot search with field "{field_name}". Please add index.SearchField'
                    f'("{field_name}") to {self.queryset.model.__name__}.search_fields.',
                    field_name=field_name,
                )

    @cached_property
    def ranking(self) -> dict[int, float] | None:
        """The engine's ranked ids with their scores, best first.

        None when everything matches, or when the engine cannot be reached (then
        `matching` filters titles in the database). Cached here, on the compiler
        that every slice of the results shares, so paging asks the engine once.
        """
        words, require_all = query_words(self.query)
        if words is None:
            return None
        request = SearchRequest(
            q=words, types=tuple(labels_for(self.queryset.model)), page_size=MAX_RESULTS
        )
        try:
            ranked = self._engine().ranked(
                request, require_all=require_all, prefix_last=self.prefix_last
            )
        except EngineUnavailable as exc:
            logger.warning("Search engine unavailable, searching titles in the database: %s", exc)
            self.degraded = True
            return None
        return dict(ranked)

    @staticmethod
    def _engine():
        from .service import get_search_service

        return get_search_service().admin_engine

    def matching(self):
        """The queryset narrowed to the matches, in SQL."""
        ranking = self.ranking
        if ranking is not None:
            return self.queryset.filter(pk__in=list(ranking))
        if not self.degraded:
            return self.queryset
        return self.queryset.filter(_title_words_filter(self.queryset.model, self.query))

    @cached_property
    def ranked_ids(self) -> list[int]:
        """The matches the queryset's filters let through, in the engine's order."""
        allowed = set(self.matching().values_list("pk", flat=True))
        return [pk for pk in self.ranking if pk in allowed]

    @property
    def keeps_engine_order(self) -> bool:
        return self.order_by_relevance and self.ranking is not None


class AutocompleteQueryCompiler(EngineQueryCompiler):
    prefix_last = True


def _title_words_filter(model, query) -> Q:
    """Every typed word in the title column: the database's answer while the engine is down."""
    fields = model.get_autocomplete_search_fields() or model.get_searchable_search_fields()
    column = next((f.field_name for f in fields if _is_text_column(model, f.field_name)), None)
    if column is None:
        return Q(pk__in=[])
    words, _ = query_words(query)
    matches = Q()
    for word in text.words(words or ""):
        matches &= Q(**{f"{column}__icontains": word})
    return matches


def _is_text_column(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete and not field.is_relation


class EngineSearchResults(BaseSearchResults):
    supports_facet = True

    def _do_search(self):
        compiler = self.query_compiler
        if compiler.keeps_engine_order:
            window = compiler.ranked_ids[self.start : self.stop]
            by_pk = {obj.pk: obj for obj in compiler.matching().filter(pk__in=window)}
            results = [by_pk[pk] for pk in window if pk in by_pk]
        else:
            queryset = compiler.matching()
            if not queryset.ordered:
                # A stable order keeps pages from overlapping (as Wagtail's own backends do).
                queryset = queryset.order_by("-pk")
            results = list(queryset[self.start : self.stop])
        if self._score_field:
            scores = compiler.ranking or {}
            for obj in results:
                setattr(obj, self._score_field, scores.get(obj.pk))
        return results

    def _do_count(self):
        compiler = self.query_compiler
        if compiler.keeps_engine_order:
            count = len(compiler.ranked_ids)
        else:
            count = compiler.matching().count()
        count = max(count - self.start, 0)
        return count if self.stop is None else min(count, self.stop - self.start)

    def facet(self, field_name):
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {compiler.queryset.model.__name__}'
                ".search_fields.",
                field_name=field_name,
            )
        rows = compiler.matching().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


class EngineSearchBackend(BaseSearchBackend):
    query_compiler_class = EngineQueryCompiler
    autocomplete_query_compiler_class = AutocompleteQueryCompiler
    results_class = EngineSearchResults
    # Recording a change is a database write in the caller's transaction: never hide its errors.
    catch_indexing_errors = False

    def add(self, obj):
        self._record([obj], IndexChange.Action.UPSERT)

    def add_bulk(self, model, obj_list):
        self._record(obj_list, IndexChange.Action.UPSERT)

    def delete(self, obj):
        self._record([obj], IndexChange.Action.DELETE)

    @staticmethod
    def _record(objects, action) -> None:
        by_label: dict[str, list[int]] = {}
        for obj in objects:
            by_label.setdefault(model_label(concrete_model_of(obj)), []).append(obj.pk)
        for label, ids in by_label.items():
            record_change(doc_type=label, object_ids=ids, action=action)


SearchBackend = EngineSearchBackend
