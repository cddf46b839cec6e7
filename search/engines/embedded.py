"""The embedded engine: a tantivy index on local disk.

Rebuilds write a new index directory and then switch the `current` symlink, so
searches keep being answered from the old index until the new one is complete.
Tantivy allows one writer per index; writes from this process are serialised
by a lock, and a writer held by another process surfaces as `EngineBusy`.

Adjacent syllables are indexed as pair terms ("sang_kien"). Vietnamese words
are mostly two syllables, so a pair is close to a word, and boosting on pair
terms ranks adjacent syllables first without phrase queries: those read the
positions of every matching document, which at a million documents cost
several times the rest of a query.
"""

import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path

import tantivy
from tantivy import Occur, Order, Query

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
    Constant,
    Description,
    Fuzzy,
    Prefix,
    Term,
    can_relax,
    compound,
    describe,
    known_fields,
)
from .base import EngineBusy, EngineUnavailable

# Part of the index directory's name: an index of another version is rebuilt by
# `search_sync` (3: the "reused" sort key).
SCHEMA_VERSION = "3"
TOKENIZER = "prepared"  # the text arrives already normalised, separated by spaces
WRITER_HEAP = 64 * 1024 * 1024
NO_BENEFIT = -1
# tantivy sorts by one fast field: the "reused" key holds the reuse count in its high
# bits and the publication time (seconds, unsigned 32 bits) in its low ones, so that one
# descending sort gives the most reused first and, among equals, the newest.
_TIME_BITS = 32

FACET_SOURCE = {"sector": "sector", "province": "province", "phase": "phase", "year": "year"}
TOTAL = "_total"
# Beyond this many documents with every word, the partial ones cannot be paged to
# (the search form stops at page 500 of 20).
FULL_MATCHES_ENOUGH = 10_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("type", stored=True, tokenizer_name="raw", fast=True)
    # Only title_fold keeps positions: the autocomplete's phrase-prefix query needs them.
    builder.add_text_field("title_fold", tokenizer_name=TOKENIZER, index_option="position")
    for name in ("title_exact", "text_exact", "text_fold", "title_pairs", "text_pairs"):
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_text_field("sector", tokenizer_name="raw", fast=True)
    builder.add_text_field("province", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("phase", indexed=True, fast=True)
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_integer_field("benefit", indexed=True, fast=True)
    builder.add_integer_field("published", indexed=True, fast=True)
    builder.add_integer_field("reused", fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


def _payload(document: SearchDocument) -> bytes:
    return json.dumps(payload(document), ensure_ascii=False).encode()


def reused_key(reuse_count: int, published: int) -> int:
    """The "reused" sort key: by reuse count, then by publication time (seconds)."""
    return (reuse_count << _TIME_BITS) | min(max(published, 0), 2**_TIME_BITS - 1)


class EmbeddedEngine:
    name = "embedded"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.schema = _schema()
        self._index = None
        self._opened_target: str | None = None
        # Re-entrant: `apply` runs inside `writing`.
        self._write_lock = threading.RLock()
        self._held: tantivy.IndexWriter | None = None
        self._read_lock = threading.Lock()

    # Index files -----------------------------------------------------------

    @property
    def _current_link(self) -> Path:
        return self.directory / "current"

    def _new_index_dir(self) -> Path:
        path = self.directory / f"v{SCHEMA_VERSION}-{time.time_ns()}"
        path.mkdir(parents=True)
        return path

    def _open(self, path: Path) -> tantivy.Index:
        index = tantivy.Index(self.schema, path=str(path), reuse=True)
        index.register_tokenizer(
            TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        return index

    def _index_now(self) -> tantivy.Index:
        """The current index, reopened when a rebuild has switched to a new directory."""
        with self._read_lock:
            if not self._current_link.exists():
                self.directory.mkdir(parents=True, exist_ok=True)
                self._switch_to(self._new_index_dir())
            target = os.readlink(self._current_link)
            if not target.startswith(f"v{SCHEMA_VERSION}-"):
                raise EngineUnavailable(
                    "the search index was built by an older version; run rebuild_search_index"
                )
            if self._index is None or target != self._opened_target:
                self._index = self._open(self.directory / target)
                self._opened_target = target
            return self._index

    def needs_rebuild(self) -> bool:
        """True when there is no index yet, or one built with an older schema."""
        link = self._current_link
        return not link.exists() or not os.readlink(link).startswith(f"v{SCHEMA_VERSION}-")

    def _switch_to(self, path: Path) -> None:
        temporary = self.directory / f"current-{time.time_ns()}"
        temporary.symlink_to(path.name)
        os.replace(temporary, self._current_link)

    def _writer(self, index: tantivy.Index):
        try:
            return index.writer(heap_size=WRITER_HEAP, num_threads=1)
        except ValueError as exc:
            raise EngineBusy(f"tantivy writer is held elsewhere: {exc}") from exc

    # Writes ----------------------------------------------------------------

    def _tantivy_document(self, document: SearchDocument) -> tantivy.Document:
        prepared = prepare(document)
        doc = tantivy.Document()
        doc.add_text("key", document.key)
        doc.add_text("type", document.type)
        doc.add_text("title_exact", prepared.title_exact)
        doc.add_text("title_fold", prepared.title_fold)
        doc.add_text("text_exact", prepared.text_exact)
        doc.add_text("text_fold", prepared.text_fold)
        doc.add_text("title_pairs", prepared.title_pairs)
        doc.add_text("text_pairs", prepared.text_pairs)
        if document.sector_slug:
            doc.add_text("sector", document.sector_slug)
        if document.province_code:
            doc.add_text("province", document.province_code)
        if document.phase:
            doc.add_unsigned("phase", document.phase)
        if document.year:
            doc.add_unsigned("year", document.year)
        benefit = document.benefit_vnd
        doc.add_integer("benefit", NO_BENEFIT if benefit is None else benefit)
        published = document.published_at
        published_at = int(published.timestamp()) if published else 0
        doc.add_integer("published", published_at)
        doc.add_integer("reused", reused_key(document.reuse_count or 0, published_at))
        doc.add_bytes("payload", _payload(document))
        return doc

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Keep one writer for every `apply` inside: a backlog drained batch after batch
        commits each batch, while the writer's merge threads keep the number of segments
        down, where a writer per batch would leave them unmerged. Other processes get
        EngineBusy meanwhile and leave their changes to the one draining."""
        with self._write_lock:
            if self._held is not None:  # already inside
                yield
                return
            index = self._index_now()
            self._held = self._writer(index)
            try:
                yield
            finally:
                writer, self._held = self._held, None
                writer.wait_merging_threads()
                index.reload()

    def apply(self, *, upserts: Iterable[SearchDocument] = (), deletes: Iterable[str] = ()):
        """Write changes and commit them together; searches see all or none of them."""
        with self._write_lock:
            index = self._index_now()
            writer = self._held or self._writer(index)
            try:
                for key in deletes:
                    writer.delete_documents_by_term("key", key)
                for document in upserts:
                    writer.delete_documents_by_term("key", document.key)
                    writer.add_document(self._tantivy_document(document))
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                if self._held is None:
                    del writer
            index.reload()

    def rebuild(self, documents: Iterable[SearchDocument], *, progress=None) -> int:
        """Index everything into a fresh directory, then switch to it at once."""
        with self._write_lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self._new_index_dir()
            index = self._open(path)
            writer = index.writer(heap_size=WRITER_HEAP * 2, num_threads=2)
            count = 0
            try:
                for document in documents:
                    writer.add_document(self._tantivy_document(document))
                    count += 1
                    if progress:
                        progress(1)
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                del writer
                shutil.rmtree(path, ignore_errors=True)
                raise
            previous = self._current_link.resolve() if self._current_link.exists() else None
            self._switch_to(path)
            if previous and previous != path:
                shutil.rmtree(previous, ignore_errors=True)
            return count

    # Reads -----------------------------------------------------------------

    def document_count(self) -> int:
        index = self._index_now()
        index.reload()
        return index.searcher().num_docs

    def _compile(self, node) -> Query:
        """A node of search.scoring's description as a tantivy query."""
        if isinstance(node, Term):
            return self._boosted_term(node.field, node.value, node.boost)
        if isinstance(node, Fuzzy):
            fuzzy = Query.fuzzy_term_query(
                self.schema, node.field, node.value, distance=node.distance,
                transposition_cost_one=True,
            )  # fmt: skip
            return Query.boost_query(fuzzy, node.boost)
        if isinstance(node, Constant):
            return Query.const_score_query(self._compile(node.query), node.score)
        if isinstance(node, Prefix):
            return Query.phrase_prefix_query(self.schema, node.field, list(node.words))
        clauses = [(Occur.Must, self._compile(c)) for c in node.must]
        clauses += [(Occur.MustNot, self._compile(c)) for c in node.must_not]
        clauses += [(Occur.Should, self._compile(c)) for c in node.should]
        minimum = node.minimum if node.should and node.minimum is not None else None
        if minimum == 1 and not node.must:
            # Implied by a query of only `should` clauses; tantivy's minimum-match scorer
            # is much slower than its plain union, so it is asked for only when needed.
            minimum = None
        query = Query.boolean_query(clauses, minimum_number_should_match=minimum)
        return query if node.boost == 1.0 else Query.boost_query(query, node.boost)

    def _boosted_term(self, field: str, value: str, boost: float) -> Query:
        query = Query.term_query(self.schema, field, value)
        return query if boost == 1.0 else Query.boost_query(query, boost)

    def _description(self, plan: QueryPlan, searcher, *, relaxed=False, prefix_last=False):
        # Asked about each word several times a query (every tier, the pairs).
        @cache
        def is_known(word: str) -> bool:
            """Whether a document has the word: with its diacritics if it has any."""
            return any(searcher.doc_freq(field, word) for field in known_fields(word))

        def is_compound(left: str, right: str) -> bool:
            return compound(
                searcher.doc_freq("text_pairs", f"{left}_{right}"),
                searcher.doc_freq("text_fold", left),
                searcher.doc_freq("text_fold", right),
            )

        return describe(
            plan, is_known, relaxed=relaxed, prefix_last=prefix_last, is_compound=is_compound
        )

    def _filter_clauses(self, request: SearchRequest, *, skip: str | None = None) -> list:
        filters = []
        if request.types:
            filters.append(Query.term_set_query(self.schema, "type", list(request.types)))
        if request.sectors and skip != "sector":
            filters.append(Query.term_set_query(self.schema, "sector", list(request.sectors)))
        if request.provinces and skip != "province":
            filters.append(Query.term_set_query(self.schema, "province", list(request.provinces)))
        if request.phase and skip != "phase":
            filters.append(Query.term_query(self.schema, "phase", request.phase))
        if request.year and skip != "year":
            filters.append(Query.term_query(self.schema, "year", request.year))
        if request.benefit_min is not None or request.benefit_max is not None:
            filters.append(
                Query.range_query(
                    self.schema,
                    "benefit",
                    tantivy.FieldType.Integer,
                    request.benefit_min if request.benefit_min is not None else 0,
                    request.benefit_max if request.benefit_max is not None else 2**62,
                    include_lower=True,
                    include_upper=True,
                )
            )
        return filters

    def _combined(self, text_query: Query | None, filters: list) -> Query:
        clauses = [(Occur.Must, text_query)] if text_query is not None else []
        clauses += [(Occur.Must, f) for f in filters]
        if not clauses:
            return Query.all_query()
        return Query.boolean_query(clauses)

    def search(self, request: SearchRequest, plan: QueryPlan | None = None) -> SearchResponse:
        index = self._index_now()
        searcher = index.searcher()
        plan = plan_query(request.q) if plan is None else plan
        description = self._description(plan, searcher)
        result = self._ranked(searcher, description, request, plan)
        if can_relax(plan) and self._few(searcher, description, request, result):
            # Few documents have enough of the words: show those with any of them after.
            description = self._description(plan, searcher, relaxed=True)
            result = self._ranked(searcher, description, request, plan)
        counted = None
        if description is not None:
            counted = self._compile(
                description.has_all if result.first_tier_only else description.counted
            )
        facets, total = self._aggregate(
            searcher, counted, request, facets=request.with_facets, total=result.count is None
        )
        count = total if result.count is None else result.count
        suggestion = None
        if count == 0 and not plan.is_empty:
            suggestion = self._did_you_mean(searcher, plan)
        return SearchResponse(
            request=request,
            backend=self.name,
            count=count,
            hits=result.hits,
            facets=facets,
            suggestion=suggestion,
        )

    def ids(
        self, request: SearchRequest, plan: QueryPlan | None = None, *, limit: int, batch: int
    ) -> Iterator[list[int]]:
        """The ids of `request`'s results in the order of its pages, ties included,
        `batch` at a time and at most `limit` in all.

        One query for the best `limit`, ranked as `search` ranks a page (the same tiers
        and relaxing), where pages 1..n would each collect the best n × page size. No
        payloads, snippets or facets: each id comes from the stored key, read a batch at
        a time as the caller asks."""
        searcher = self._index_now().searcher()
        plan = plan_query(request.q) if plan is None else plan
        # A page as large as the whole list: tantivy sorts by (value, document address),
        # so the first n results of one query are those of pages 1..n, in their order.
        request = replace(request, page=1, page_size=limit, with_facets=False)
        description = self._description(plan, searcher)
        result = self._ranked(searcher, description, request, plan, addresses=True)
        if can_relax(plan) and self._few(searcher, description, request, result):
            description = self._description(plan, searcher, relaxed=True)
            result = self._ranked(searcher, description, request, plan, addresses=True)
        for start in range(0, len(result.hits), batch):
            yield [
                document_id(searcher.doc(address).get_first("key"))
                for address in result.hits[start : start + batch]
            ]

    def _few(self, searcher, description, request, result: "_Result") -> bool:
        """Whether fewer than RELAX_BELOW documents match, whichever page was asked for."""
        if result.count is not None:
            return result.count < RELAX_BELOW
        if request.page_size >= RELAX_BELOW:
            return False  # the first tier alone filled the page
        counted = self._combined(self._compile(description.counted), self._filter_clauses(request))
        return searcher.search(counted, limit=1, count=True).count < RELAX_BELOW

    def _ranked(
        self, searcher, description: Description | None, request, plan, *, addresses=False
    ) -> "_Result":
        """The page of hits, and their total unless the first tier filled the page;
        with `addresses`, the hits' document addresses only.

        The first tier (every content word) is an intersection, cheap to score
        even when most of a million documents match; the union of the second tier
        is only scored when the page reaches past the first. Its total then comes
        from the aggregation pass, which does not score.
        """
        filters = self._filter_clauses(request)
        offset, size = request.offset, request.page_size
        if description is None or description.full is None or request.sort != "relevance":
            query = None if description is None else self._compile(description.most)
            ranked = description is not None and request.sort == "relevance"
            return self._run(
                searcher,
                self._combined(query, filters),
                request,
                plan,
                offset,
                size,
                partial=False if ranked else None,
                addresses=addresses,
            )
        first_query = self._combined(self._compile(description.full), filters)
        first = self._run(
            searcher, first_query, request, plan, offset, size, partial=False, addresses=addresses
        )
        if first.count >= FULL_MATCHES_ENOUGH:
            # The partial matches would start past the last page anyone can open:
            # count and facet the full matches, an intersection, not the union.
            return _Result(first.count, first.hits, first_tier_only=True)
        if len(first.hits) == size:
            return _Result(None, first.hits)
        second_query = self._combined(self._compile(description.second_tier()), filters)
        second = self._run(
            searcher,
            second_query,
            request,
            plan,
            max(0, offset - first.count),
            size - len(first.hits),
            partial=True,
            addresses=addresses,
        )
        return _Result(first.count + second.count, first.hits + second.hits)

    def _run(
        self,
        searcher,
        query: Query,
        request: SearchRequest,
        plan,
        offset: int,
        limit: int,
        *,
        partial: bool | None = None,
        addresses: bool = False,
    ):
        sort = request.sort
        if sort == "relevance" and plan.is_empty:
            sort = "newest"
        kwargs = {"limit": limit, "offset": offset, "count": True}
        if sort == "newest":
            kwargs.update(order_by_field="published", order=Order.Desc)
        elif sort == "benefit":
            kwargs.update(order_by_field="benefit", order=Order.Desc)
        elif sort == "reused":
            kwargs.update(order_by_field="reused", order=Order.Desc)
        found = (
            searcher.search(query, **kwargs)
            if limit > 0
            else searcher.search(query, limit=1, count=True)
        )
        if addresses:
            return _Result(found.count, [address for _, address in found.hits[:limit]])
        hits = []
        for order_key, address in found.hits[:limit]:
            stored = json.loads(bytes(searcher.doc(address)["payload"][0]))
            hit = hit_from_payload(
                stored, plan.highlight_terms, order_key if sort == "relevance" else 0.0
            )
            hit.partial = partial
            hits.append(hit)
        return _Result(found.count, hits)

    def _aggregate(
        self, searcher, query: Query | None, request: SearchRequest, *, facets: bool, total: bool
    ):
        """Counts per facet that respect the other active filters, and the total if asked.

        Facets without an active filter of their own share one pass with every
        filter applied, which also gives the total, so the common case costs one
        aggregation pass; aggregations read the matches without scoring them.
        """
        active = {
            "sector": bool(request.sectors),
            "province": bool(request.provinces),
            "phase": bool(request.phase),
            "year": bool(request.year),
        }
        passes = [[f for f in FACET_FIELDS if not active[f]] if facets else []]
        if facets:
            passes += [[f] for f in FACET_FIELDS if active[f]]
        found: dict[str, list[FacetValue]] = {}
        count = None
        for number, group in enumerate(passes):
            wanted = {f: {"terms": {"field": FACET_SOURCE[f], "size": 200}} for f in group}
            if number == 0 and total:
                wanted[TOTAL] = {"terms": {"field": "type", "size": 10}}
            if not wanted:
                continue
            skip = group[0] if number > 0 else None
            combined = self._combined(query, self._filter_clauses(request, skip=skip))
            aggregations = searcher.aggregate(combined, wanted)
            if TOTAL in wanted:
                count = sum(bucket["doc_count"] for bucket in aggregations[TOTAL]["buckets"])
            for facet in group:
                found[facet] = [
                    FacetValue(value=str(b["key"]), label=str(b["key"]), count=b["doc_count"])
                    for b in aggregations[facet]["buckets"]
                ]
        return ({facet: found[facet] for facet in FACET_FIELDS} if facets else {}), count

    def _did_you_mean(self, searcher, plan: QueryPlan) -> str | None:
        corrected, changed = [], False
        for word in plan.folded_words:
            if searcher.doc_freq("text_fold", word) or word.isdigit():
                corrected.append(word)
                continue
            best = _split_known(searcher, word) or _closest_term(searcher, word)
            if best:
                corrected.append(best)
                changed = True
            else:
                corrected.append(word)
        return " ".join(corrected) if changed else None

    def ranked(
        self, request: SearchRequest, *, require_all: bool = True, prefix_last: bool = False
    ) -> list[tuple[int, float]]:
        """Ids and scores of the best `request.page_size` matches, best first.

        Only the ranking: no payloads, snippets, facets or "did you mean" (Wagtail's
        search reads the objects from the database). `require_all=False` needs any
        one word; `prefix_last` also matches the last word as a title prefix.
        """
        plan = plan_query(request.q)
        if plan.is_empty:
            return []
        searcher = self._index_now().searcher()
        description = self._description(
            plan, searcher, relaxed=not require_all, prefix_last=prefix_last
        )
        scored = self._compile(description.at_once())
        found = searcher.search(
            self._combined(scored, self._filter_clauses(request)), limit=request.page_size
        )
        return [
            (document_id(searcher.doc(address)["key"][0]), score) for score, address in found.hits
        ]

    def suggest(self, prefix: str, *, limit: int = 8, types=()) -> list[dict]:
        """Titles starting with `prefix` (among `types`; every type when empty)."""
        plan = plan_query(prefix)
        if plan.is_empty:
            return []
        words = plan.folded_words
        index = self._index_now()
        searcher = index.searcher()
        clauses = [(Occur.Must, Query.phrase_prefix_query(self.schema, "title_fold", words))]
        if types:
            clauses.append((Occur.Must, Query.term_set_query(self.schema, "type", list(types))))
        found = searcher.search(Query.boolean_query(clauses), limit=limit)
        suggestions = []
        for _, address in found.hits:
            stored = json.loads(bytes(searcher.doc(address)["payload"][0]))
            suggestions.append(
                {"title": stored["title"], "url": stored["url"], "type": stored["type"]}
            )
        return suggestions

    def related(self, document: SearchDocument, *, limit: int = 4) -> list[Hit]:
        index = self._index_now()
        searcher = index.searcher()
        words = [w for w in prepare(document).title_fold.split() if len(w) > 2][:12]
        if not words:
            return []
        clauses = [(Occur.Should, self._boosted_term("title_fold", w, 1.0)) for w in words]
        clauses += [(Occur.Should, self._boosted_term("text_fold", w, 0.5)) for w in words]
        if document.sector_slug:
            sector = Query.term_query(self.schema, "sector", document.sector_slug)
            clauses.append((Occur.Should, Query.boost_query(sector, 2.0)))
        query = Query.boolean_query(
            [
                (Occur.Must, Query.boolean_query(clauses)),
                (Occur.Must, Query.term_query(self.schema, "type", document.type)),
                (Occur.MustNot, Query.term_query(self.schema, "key", document.key)),
            ]
        )
        found = searcher.search(query, limit=limit)
        plan = QueryPlan()
        return [
            hit_from_payload(
                json.loads(bytes(searcher.doc(address)["payload"][0])), plan.highlight_terms, score
            )
            for score, address in found.hits
        ]

    def clear(self) -> None:
        with self._write_lock:
            index = self._index_now()
            writer = self._writer(index)
            writer.delete_all_documents()
            writer.commit()
            del writer
            index.reload()

    def ping(self) -> None:
        try:
            self._index_now()
        except OSError as exc:
            raise EngineUnavailable(str(exc)) from exc


class _Result:
    """A page of results: `hits` are Hits, or DocAddresses when only those were asked."""

    def __init__(self, count: int | None, hits: list, *, first_tier_only: bool = False):
        self.count = count
        self.hits = hits
        self.first_tier_only = first_tier_only


def _split_known(searcher, word: str) -> str | None:
    """ "congdoan" -> "cong doan", when both halves are indexed words."""
    splits = [
        (word[:cut], word[cut:])
        for cut in range(2, len(word) - 1)
        if searcher.doc_freq("text_fold", word[:cut]) and searcher.doc_freq("text_fold", word[cut:])
    ]
    if not splits:
        return None
    left, right = max(
        splits,
        key=lambda pair: min(
            searcher.doc_freq("text_fold", pair[0]), searcher.doc_freq("text_fold", pair[1])
        ),
    )
    return f"{left} {right}"


def _closest_term(searcher, word: str) -> str | None:
    """The indexed word nearest to `word` (edit distance ≤ 2), preferring frequent ones."""
    if len(word) < 3:
        return None
    best, best_key = None, None
    for prefix in {word[:2], word[:1]}:
        for candidate, frequency in searcher.terms_with_prefix("text_fold", prefix, limit=5000):
            distance = _edit_distance(word, candidate, limit=2)
            if distance is None:
                continue
            key = (distance, -frequency)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
        if best:
            break
    return best


def _edit_distance(a: str, b: str, *, limit: int) -> int | None:
    if abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None
