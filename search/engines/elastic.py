"""The Elasticsearch engine (8.x and 9.x), for installs that outgrow one machine.

Documents go to a versioned index behind an alias; a rebuild fills a new
index and moves the alias in one atomic step, so search stays up. Only the
built-in `whitespace` analyzer is used: the text is prepared in Python
(search.text), which also keeps the engine free of plugins.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import HttpHeaders, TransportError, Urllib3HttpNode
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.helpers import BulkIndexError, streaming_bulk
from elasticsearch_dsl import A, Q, Search

from ..documents import SearchDocument, document_id, payload, prepare
from ..plan import QueryPlan, plan_query
from ..query import (
    FACET_FIELDS,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResponse,
    hit_from_payload,
)
from ..scoring import (
    RELAX_BELOW,
    TEXT_PAIRS,
    TIER,
    Constant,
    Fuzzy,
    Prefix,
    Term,
    can_relax,
    compound,
    describe,
    known_fields,
    lookups,
    pairs,
)
from .base import EngineUnavailable
from .embedded import NO_BENEFIT

# Part of the index's name: an alias on another version is rebuilt by `search_sync`
# (3: reuse_count, for the "reused" sort).
MAPPING_VERSION = "3"
BULK_CHUNK = 500
TEXT = {"type": "text", "analyzer": "whitespace"}
# Pair terms ("sang_kien") are only counted, as in the embedded index: no positions.
PAIRS = {**TEXT, "index_options": "freqs"}
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "key": {"type": "keyword"},
        "type": {"type": "keyword"},
        "title_exact": TEXT,
        "title_fold": TEXT,
        "text_exact": TEXT,
        "text_fold": TEXT,
        "title_pairs": PAIRS,
        "text_pairs": PAIRS,
        "sector": {"type": "keyword"},
        "province": {"type": "keyword"},
        "phase": {"type": "integer"},
        "year": {"type": "integer"},
        "benefit": {"type": "long"},
        "published": {"type": "long"},
        "reuse_count": {"type": "integer"},
        "payload": {"type": "object", "enabled": False},
    },
}
FACET_SOURCE = {"sector": "sector", "province": "province", "phase": "phase", "year": "year"}
# How long the engine keeps a scroll (`ids`) open between two batches.
SCROLL_KEEP = "5m"
_COMPAT_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+([a-z-]+); compatible-with=\d+")


class PlainJsonNode(Urllib3HttpNode):
    """Sends plain `application/json`, which every Elasticsearch accepts.

    The 8.x client always asks for the `compatible-with=8` media type, which
    Elasticsearch 9 and OpenSearch-compatible servers refuse with HTTP 406.
    """

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = HttpHeaders(headers)
            for name in ("accept", "content-type"):
                if name in headers:
                    headers[name] = _COMPAT_MIMETYPE.sub(r"application/\1", headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def _source(document: SearchDocument) -> dict:
    prepared = prepare(document)
    published = document.published_at
    return {
        "key": document.key,
        "type": document.type,
        "title_exact": prepared.title_exact,
        "title_fold": prepared.title_fold,
        "text_exact": prepared.text_exact,
        "text_fold": prepared.text_fold,
        "title_pairs": prepared.title_pairs,
        "text_pairs": prepared.text_pairs,
        "sector": document.sector_slug,
        "province": document.province_code,
        "phase": document.phase,
        "year": document.year,
        "benefit": NO_BENEFIT if document.benefit_vnd is None else document.benefit_vnd,
        "published": int(published.timestamp()) if published else 0,
        "reuse_count": document.reuse_count or 0,
        "payload": payload(document),
    }


def compile_query(node) -> dict:
    """A node of search.scoring's description in the Elasticsearch query DSL."""
    if isinstance(node, Term):
        return {"term": {node.field: {"value": node.value, "boost": node.boost}}}
    if isinstance(node, Fuzzy):
        fuzzy = {"value": node.value, "fuzziness": node.distance, "transpositions": True}
        return {"fuzzy": {node.field: {**fuzzy, "boost": node.boost}}}
    if isinstance(node, Constant):
        return {"constant_score": {"filter": compile_query(node.query), "boost": node.score}}
    if isinstance(node, Prefix):
        return {"match_phrase_prefix": {node.field: {"query": " ".join(node.words)}}}
    query: dict = {"boost": node.boost}
    if node.must:
        query["must"] = [compile_query(clause) for clause in node.must]
    if node.must_not:
        query["must_not"] = [compile_query(clause) for clause in node.must_not]
    if node.should:
        query["should"] = [compile_query(clause) for clause in node.should]
        query["minimum_should_match"] = (
            node.minimum if node.minimum is not None else (0 if node.must else 1)
        )
    return {"bool": query}


def _unavailable(function):
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (TransportConnectionError, TransportError) as exc:
            raise EngineUnavailable(f"Elasticsearch cannot be reached: {exc}") from exc
        except ApiError as exc:
            if exc.meta.status == 404 and getattr(exc, "error", "") == "index_not_found_exception":
                # The server lost the index (restarted empty, or deleted by hand): search
                # answers from the database, and the next call creates an empty one.
                args[0]._alias_ready = False
                raise EngineUnavailable(f"Elasticsearch has no index: {exc}") from exc
            if exc.meta.status >= 500:
                raise EngineUnavailable(f"Elasticsearch failed: {exc}") from exc
            raise

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, url: str, *, index: str, timeout: float = 5.0):
        self.alias = index
        self._alias_ready = False
        self.client = Elasticsearch(
            url, node_class=PlainJsonNode, request_timeout=timeout, max_retries=1
        )

    # Index management ------------------------------------------------------

    def _new_index_name(self) -> str:
        return f"{self.alias}-v{MAPPING_VERSION}-{time.time_ns()}"

    def _ensure_alias(self) -> None:
        """Create an empty index behind the alias on first use; checked once per process."""
        if self._alias_ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            self.client.indices.create(index=name, mappings=MAPPINGS)
            self.client.indices.put_alias(index=name, name=self.alias)
        self._alias_ready = True

    def _bulk(self, actions, *, index: str) -> None:
        try:
            for ok, item in streaming_bulk(
                self.client, actions, index=index, chunk_size=BULK_CHUNK, raise_on_error=False
            ):
                if not ok:
                    operation, result = next(iter(item.items()))
                    if not (operation == "delete" and result.get("status") == 404):
                        raise BulkIndexError("Elasticsearch refused a document", [item])
        except BulkIndexError as exc:
            raise EngineUnavailable(str(exc)) from exc

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Nothing to hold: each bulk request stands alone."""
        yield

    @_unavailable
    def apply(self, *, upserts: Iterable[SearchDocument] = (), deletes: Iterable[str] = ()):
        self._ensure_alias()
        actions = [{"_op_type": "delete", "_id": key} for key in deletes]
        actions += [
            {"_op_type": "index", "_id": document.key, "_source": _source(document)}
            for document in upserts
        ]
        if actions:
            self._bulk(actions, index=self.alias)
            self.client.indices.refresh(index=self.alias)

    @_unavailable
    def rebuild(self, documents: Iterable[SearchDocument], *, progress=None) -> int:
        name = self._new_index_name()
        self.client.indices.create(index=name, mappings=MAPPINGS)
        count = 0

        def actions():
            nonlocal count
            for document in documents:
                count += 1
                if progress:
                    progress(1)
                yield {"_op_type": "index", "_id": document.key, "_source": _source(document)}

        try:
            self._bulk(actions(), index=name)
            self.client.indices.refresh(index=name)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        previous = []
        if self.client.indices.exists_alias(name=self.alias):
            previous = list(self.client.indices.get_alias(name=self.alias))
        swap = [{"remove": {"index": old, "alias": self.alias}} for old in previous]
        swap.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=swap)
        for old in previous:
            self.client.indices.delete(index=old, ignore_unavailable=True)
        self._alias_ready = True
        return count

    @_unavailable
    def needs_rebuild(self) -> bool:
        """True when the alias is missing or points at an index of an older mapping."""
        if not self.client.indices.exists_alias(name=self.alias):
            return True
        current = f"{self.alias}-v{MAPPING_VERSION}-"
        return not all(
            name.startswith(current) for name in self.client.indices.get_alias(name=self.alias)
        )

    @_unavailable
    def clear(self) -> None:
        if self.client.indices.exists_alias(name=self.alias):
            for name in list(self.client.indices.get_alias(name=self.alias)):
                self.client.indices.delete(index=name, ignore_unavailable=True)
        self._alias_ready = False

    @_unavailable
    def document_count(self) -> int:
        self._ensure_alias()
        return self.client.count(index=self.alias)["count"]

    @_unavailable
    def ping(self) -> None:
        self.client.info()

    # Queries ---------------------------------------------------------------

    def _search(self) -> Search:
        return Search(using=self.client, index=self.alias)

    def _document_counts(
        self, terms: list[tuple[tuple[str, ...], str]]
    ) -> dict[tuple[tuple[str, ...], str], int]:
        """How many documents hold each term in any of its fields, in one request."""
        if not terms:
            return {}
        searches = []
        for fields, term in terms:
            query = {"bool": {"should": [{"term": {field: term}} for field in fields]}}
            searches += [{"index": self.alias}, {"size": 0, "query": query}]
        responses = self.client.msearch(searches=searches)["responses"]
        return {
            key: response.get("hits", {}).get("total", {}).get("value", 0)
            for key, response in zip(terms, responses, strict=True)
        }

    def _known_words(self, words: list[str]) -> set[str]:
        """Which words occur in the index, folded or, if they have any, with their
        diacritics (typo tolerance applies to the others)."""
        counts = self._document_counts([(known_fields(word), word) for word in words])
        return {word for (_, word), count in counts.items() if count}

    def _compounds(self, plan: QueryPlan) -> Callable[[str, str], bool]:
        """Which adjacent syllables of the query are one word in the indexed text."""
        words = [(("text_fold",), word) for word in plan.folded_words]
        together = [((TEXT_PAIRS,), pair) for pair in pairs(plan.folded_words)]
        counts = self._document_counts(list(dict.fromkeys(words + together)))

        def is_compound(left: str, right: str) -> bool:
            return compound(
                counts.get(((TEXT_PAIRS,), f"{left}_{right}"), 0),
                counts.get((("text_fold",), left), 0),
                counts.get((("text_fold",), right), 0),
            )

        return is_compound

    def _text_query(self, plan: QueryPlan, known: set[str], *, relaxed=False, prefix_last=False):
        description = describe(
            plan,
            known.__contains__,
            relaxed=relaxed,
            prefix_last=prefix_last,
            is_compound=self._compounds(plan) if relaxed else None,
        )
        # One request: the tiers at once, ranked as the embedded engine ranks them apart.
        if description is None:
            return None, False
        return Q(compile_query(description.at_once())), description.has_all is not None

    def _facet_filters(self, request: SearchRequest) -> dict[str, Q]:
        filters = {}
        if request.sectors:
            filters["sector"] = Q("terms", sector=list(request.sectors))
        if request.provinces:
            filters["province"] = Q("terms", province=list(request.provinces))
        if request.phase:
            filters["phase"] = Q("term", phase=request.phase)
        if request.year:
            filters["year"] = Q("term", year=request.year)
        return filters

    def _base_filters(self, request: SearchRequest) -> list[Q]:
        filters = [Q("terms", type=list(request.types))] if request.types else []
        if request.benefit_min is not None or request.benefit_max is not None:
            bounds = {"gte": request.benefit_min if request.benefit_min is not None else 0}
            if request.benefit_max is not None:
                bounds["lte"] = request.benefit_max
            filters.append(Q("range", benefit=bounds))
        return filters

    def _build(self, request: SearchRequest, scored: Q | None) -> Search:
        facet_filters = self._facet_filters(request)
        query = Q("bool", must=[scored] if scored else [], filter=self._base_filters(request))
        search = self._search().query(query).extra(track_total_hits=True)
        if facet_filters:
            # Facet filters narrow the hits but not the counts of their own facet.
            search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
        if request.with_facets:
            for facet in FACET_FIELDS:
                others = [q for name, q in facet_filters.items() if name != facet]
                bucket = A("filter", Q("bool", filter=others))
                bucket.bucket("values", "terms", field=FACET_SOURCE[facet], size=200)
                search.aggs.bucket(facet, bucket)
        sort = request.sort
        if sort == "relevance" and scored is None:
            sort = "newest"
        if sort == "newest":
            search = search.sort({"published": {"order": "desc"}})
        elif sort == "benefit":
            search = search.sort({"benefit": {"order": "desc"}})
        elif sort == "reused":
            # Ties as the embedded engine breaks them: the newest first.
            search = search.sort(
                {"reuse_count": {"order": "desc"}}, {"published": {"order": "desc"}}
            )
        return search[request.offset : request.offset + request.page_size]

    @_unavailable
    def search(self, request: SearchRequest, plan: QueryPlan | None = None) -> SearchResponse:
        self._ensure_alias()
        plan = plan_query(request.q) if plan is None else plan
        known = self._known_words(lookups(plan)) if not plan.is_empty else set()
        query, tiered = self._text_query(plan, known)
        result = self._build(request, query).execute()
        if result.hits.total.value < RELAX_BELOW and can_relax(plan):
            # Few documents have enough of the words: show those with any of them after.
            query, tiered = self._text_query(plan, known, relaxed=True)
            result = self._build(request, query).execute()
        ranked = query is not None and request.sort == "relevance"
        hits = []
        for found in result.hits:
            score = found.meta.score or 0.0
            hit = hit_from_payload(found.to_dict()["payload"], plan.highlight_terms, score)
            # The first tier is lifted by TIER: below it, only some of the words.
            hit.partial = (tiered and score < TIER) if ranked else None
            hits.append(hit)
        facets = {}
        if request.with_facets:
            for facet in FACET_FIELDS:
                buckets = result.aggregations[facet]["values"]["buckets"]
                facets[facet] = [
                    FacetValue(value=str(b["key"]), label=str(b["key"]), count=b["doc_count"])
                    for b in buckets
                ]
        suggestion = None
        if result.hits.total.value == 0 and not plan.is_empty:
            suggestion = self._did_you_mean(plan, known)
        return SearchResponse(
            request=request,
            backend=self.name,
            count=result.hits.total.value,
            hits=hits,
            facets=facets,
            suggestion=suggestion,
        )

    def ids(
        self, request: SearchRequest, plan: QueryPlan | None = None, *, limit: int, batch: int
    ) -> Iterator[list[int]]:
        """The ids of `request`'s results in the order of its pages, ties included,
        `batch` at a time and at most `limit` in all (see the embedded engine's `ids`).

        A scroll of the very search a page runs (same query, post-filter and sort, no
        source): it goes on from the last hit it sent, where the pages would make the
        engine collect the best n × page size, and is not capped by the index's
        max_result_window (10,000) as from + size is."""
        plan = plan_query(request.q) if plan is None else plan
        request = replace(request, page=1, page_size=batch, with_facets=False)
        found = self._first_scroll(request, plan)
        scroll_id, sent = found.get("_scroll_id"), 0
        try:
            while hits := found["hits"]["hits"][: limit - sent]:
                yield [document_id(hit["_id"]) for hit in hits]
                sent += len(hits)
                if sent >= limit or len(hits) < batch:
                    return
                found = self._next_scroll(scroll_id)
                scroll_id = found.get("_scroll_id", scroll_id)
        finally:
            self._close_scroll(scroll_id)

    @_unavailable
    def _first_scroll(self, request: SearchRequest, plan: QueryPlan) -> dict:
        """The scroll's first batch, on the query `search` would run, relaxed as it is."""
        self._ensure_alias()
        known = self._known_words(lookups(plan)) if not plan.is_empty else set()
        query, _ = self._text_query(plan, known)
        found = self._open_scroll(self._build(request, query))
        if found["hits"]["total"]["value"] < RELAX_BELOW and can_relax(plan):
            # Few documents have enough of the words: those with any of them after.
            self._close_scroll(found.get("_scroll_id"))
            query, _ = self._text_query(plan, known, relaxed=True)
            found = self._open_scroll(self._build(request, query))
        return found

    def _open_scroll(self, search: Search) -> dict:
        body = search.source(False).to_dict()
        body.pop("from", None)  # a scroll starts at its first hit
        return self.client.search(index=self.alias, body=body, scroll=SCROLL_KEEP).body

    @_unavailable
    def _next_scroll(self, scroll_id: str) -> dict:
        return self.client.scroll(scroll_id=scroll_id, scroll=SCROLL_KEEP).body

    def _close_scroll(self, scroll_id: str | None) -> None:
        """Free the engine's scroll at once, not when it times out; best effort."""
        if scroll_id:
            with suppress(ApiError, TransportError, TransportConnectionError):
                self.client.clear_scroll(scroll_id=scroll_id)

    def _did_you_mean(self, plan: QueryPlan, known: set[str]) -> str | None:
        words = plan.folded_words
        unknown = [w for w in words if w not in known and not w.isdigit()]
        if not unknown:
            return None
        corrections = {}
        for word in unknown:
            split = self._split_known(word)
            if split:
                corrections[word] = split
        rest = [w for w in unknown if w not in corrections]
        if rest:
            response = (
                self._search()
                .extra(size=0)
                .suggest(
                    "words", " ".join(rest), term={"field": "text_fold", "suggest_mode": "missing"}
                )
                .execute()
            )
            for entry in response.suggest.words:
                if entry.options:
                    corrections[entry.text] = entry.options[0].text
        if not corrections:
            return None
        return " ".join(corrections.get(word, word) for word in words)

    def _split_known(self, word: str) -> str | None:
        cuts = [(word[:cut], word[cut:]) for cut in range(2, len(word) - 1)]
        if not cuts:
            return None
        halves = sorted({part for pair in cuts for part in pair})
        known = self._known_words(halves)
        for left, right in cuts:
            if left in known and right in known:
                return f"{left} {right}"
        return None

    @_unavailable
    def ranked(
        self, request: SearchRequest, *, require_all: bool = True, prefix_last: bool = False
    ) -> list[tuple[int, float]]:
        """Ids and scores of the best `request.page_size` matches, best first (see the
        embedded engine's `ranked`)."""
        plan = plan_query(request.q)
        if plan.is_empty:
            return []
        self._ensure_alias()
        known = self._known_words(lookups(plan))
        scored, _ = self._text_query(plan, known, relaxed=not require_all, prefix_last=prefix_last)
        query = Q("bool", must=[scored], filter=self._base_filters(request))
        response = self._search().query(query).source(False)[: request.page_size].execute()
        return [(document_id(hit.meta.id), hit.meta.score or 0.0) for hit in response.hits]

    @_unavailable
    def suggest(self, prefix: str, *, limit: int = 8, types=()) -> list[dict]:
        """Titles starting with `prefix` (among `types`; every type when empty)."""
        plan = plan_query(prefix)
        if plan.is_empty:
            return []
        self._ensure_alias()
        query = Q(
            "bool",
            must=[Q("match_phrase_prefix", title_fold={"query": " ".join(plan.folded_words)})],
            filter=[Q("terms", type=list(types))] if types else [],
        )
        response = self._search().query(query)[:limit].execute()
        return [
            {"title": hit.payload.title, "url": hit.payload.url, "type": hit.payload.type}
            for hit in response.hits
        ]

    @_unavailable
    def related(self, document: SearchDocument, *, limit: int = 4) -> list[Hit]:
        self._ensure_alias()
        words = [w for w in prepare(document).title_fold.split() if len(w) > 2][:12]
        if not words:
            return []
        should = [Q("term", title_fold={"value": w, "boost": 1.0}) for w in words]
        should += [Q("term", text_fold={"value": w, "boost": 0.5}) for w in words]
        if document.sector_slug:
            should.append(Q("term", sector={"value": document.sector_slug, "boost": 2.0}))
        query = Q(
            "bool",
            must=[Q("bool", should=should, minimum_should_match=1)],
            filter=[Q("term", type=document.type)],
            must_not=[Q("term", key=document.key)],
        )
        response = self._search().query(query)[:limit].execute()
        plan = QueryPlan()
        return [
            hit_from_payload(hit.to_dict()["payload"], plan.highlight_terms, hit.meta.score or 0.0)
            for hit in response.hits
        ]
