"""Wagtail's built-in search (`Page.objects.search`) as the baseline to beat.

    .venv/bin/python bench/search_bench.py --engines wagtail --sizes 10000 100000

Loads the benchmark's synthetic initiatives as real `InitiativePage` rows under
the showcase index, builds the index of Wagtail's database search backend
(FTS5 tables on SQLite, tsvector on PostgreSQL) for them, then times its
`search(query, InitiativePage.objects.live())[:20]` over the same query mix,
once plain and once with facets on sector and province. The site itself runs
Wagtail's search on its own engine (`search.wagtail_backend`); the database
backend is named here explicitly, as the baseline it replaced.

Saving pages one at a time through `add_child` manages about 15 pages/s, so the
pages are bulk-inserted instead: treebeard paths are computed here, the
`wagtailcore_page` rows go in with `bulk_create`, and the `InitiativePage`
rows, which `bulk_create` refuses for multi-table inheritance, are inserted
with the same instances into the child table. No revisions, signals or
reference-index rows are written: none of them is read by search.

`search_bench.py` sets Django up (a throw-away database) and passes its
generator and query mix, so both engines and Wagtail see the same data.
"""

import math
import statistics
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import StringIO
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import OperationalError, connections, router, transaction
from django.utils.html import escape
from latency import percentile
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from portal.vietnamese import slugify_vi
from search.documents import SearchDocument
from showcase.models import InitiativePage, Province, Sector, ShowcaseIndexPage

# Marks the pages this module loads so that a later size replaces them without
# touching initiatives that were in the database before.
EXTERNAL_ID_PREFIX = "bench-"
LOAD_BATCH = 2_000
INDEX_CHUNK = 1_000
DELETE_CHUNK = 500
TOP = 20
FACET_FIELDS = ("sector_id", "province_id")
# On SQLite the backend ranks every hit with a correlated subquery that runs the
# full-text match again, so a query costs about hits x pages: from some 10,000
# pages on, a common word takes minutes, and at 100,000 hours.
QUERY_LIMIT_S = 30.0
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout
DATABASE_BACKEND = "wagtail.search.backends.database"


def measure_wagtail(
    n: int,
    rounds: int,
    documents: Iterable[SearchDocument],
    queries: list[str],
    *,
    query_limit_s: float | None = QUERY_LIMIT_S,
    backend_name: str = DATABASE_BACKEND,
) -> None:
    """Load `documents` as pages, index them with Wagtail and time `queries`; print figures.

    `backend_name` "default" measures the site's own backend (the project's engine,
    search.wagtail_backend) through the same Wagtail API instead of the database one.
    On SQLite a query still running after `query_limit_s` is interrupted and
    counted at the limit (None: no limit).
    """
    parent = ShowcaseIndexPage.objects.first()
    if parent is None:
        raise RuntimeError("No ShowcaseIndexPage: run the migrations first.")
    _remove_loaded_pages(parent=parent)
    # The caller passes a generator; generating the text is not Wagtail's work, so
    # it happens before the clock starts, as search_bench.measure does.
    documents = list(documents)

    started = time.perf_counter()
    loaded = _load_pages(parent=parent, documents=documents)
    load_elapsed = time.perf_counter() - started
    index_started = time.perf_counter()
    indexed = _build_index(backend_name)
    index_elapsed = time.perf_counter() - index_started
    total = load_elapsed + index_elapsed
    print(
        f"  load: {loaded:,} pages in {load_elapsed:.1f} s = {loaded / load_elapsed:,.0f} pages/s"
    )
    print(
        f"  index: {indexed:,} pages in {index_elapsed:.1f} s = "
        f"{indexed / index_elapsed:,.0f} pages/s"
    )
    print(f"  load + index: {n:,} pages in {total:.1f} s = {n / total:,.0f} pages/s")

    # A query that hits the limit is not run again in later rounds (nor measured
    # after timing out in the warm-up): at 100k pages one common word would
    # otherwise cost hours, and it would only hit the limit again.
    given_up: set[str] = set()
    facets_given_up: set[str] = set()
    for query in queries[:3]:  # warm caches, as the engine benchmark does
        top, _ = _run_query(
            query=query, facets=False, limit_s=query_limit_s, backend_name=backend_name
        )
        if top is None:
            given_up.add(query)
    # Both lines come from the same runs (facets are extra statements on the same
    # results), which halves the wall time without changing either figure.
    top_timings: list[float | None] = []
    faceted_timings: list[float | None] = []
    for _ in range(rounds):
        for query in queries:
            if query in given_up:
                top_timings.append(None)
                faceted_timings.append(None)
                continue
            facets = query not in facets_given_up
            top, faceted = _run_query(
                query=query, facets=facets, limit_s=query_limit_s, backend_name=backend_name
            )
            top_timings.append(top)
            faceted_timings.append(faceted)
            if top is None:
                given_up.add(query)
            elif faceted is None:
                facets_given_up.add(query)
    mix = f"{len(queries)}-query mix x {rounds}"
    print(
        f"  queries ({mix}, top 20, no facets, no highlighting): "
        + _summary(timings=top_timings, limit_s=query_limit_s)
    )
    print(
        f"  queries ({mix}, top 20 + facets on sector and province, no highlighting): "
        + _summary(timings=faceted_timings, limit_s=query_limit_s)
    )


def _run_query(
    *, query: str, facets: bool, limit_s: float | None, backend_name: str
) -> tuple[float | None, float | None]:
    """Milliseconds for the top 20, then for top 20 plus facets; None past the limit."""
    with _time_limit(seconds=limit_s) as expired:
        start = time.perf_counter()
        try:
            backend = get_search_backend(backend_name)
            results = backend.search(query, InitiativePage.objects.live())
            list(results[:TOP])
            top = (time.perf_counter() - start) * 1000
            if not facets:
                return top, None
        except OperationalError as error:
            if not _stopped_by_limit(error, expired):
                raise
            return None, None
        try:
            for field in FACET_FIELDS:
                results.facet(field)
        except OperationalError as error:
            if not _stopped_by_limit(error, expired):
                raise
            return top, None
        return top, (time.perf_counter() - start) * 1000


def _stopped_by_limit(error: OperationalError, expired: threading.Event) -> bool:
    return expired.is_set() or getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED


@contextmanager
def _time_limit(*, seconds: float | None) -> Iterator[threading.Event]:
    """Stop the statement still running after `seconds`.

    SQLite is interrupted from a timer, which sets the event; PostgreSQL gets a
    `statement_timeout`. `_stopped_by_limit` tells either apart from any other error.
    """
    expired = threading.Event()
    connection = connections[router.db_for_read(InitiativePage)]
    if seconds is None:
        yield expired
        return
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
        try:
            yield expired
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        return
    raw_connection = connection.connection

    def interrupt() -> None:
        expired.set()
        raw_connection.interrupt()

    timer = threading.Timer(seconds, interrupt)
    timer.start()
    try:
        yield expired
    finally:
        timer.cancel()


def _summary(*, timings: list[float | None], limit_s: float | None) -> str:
    limit_ms = math.inf if limit_s is None else limit_s * 1000
    # A run stopped at the limit counts as the limit: the percentiles are then
    # lower bounds, and a figure at the limit is printed as "> limit".
    values = [limit_ms if value is None else value for value in timings]
    stopped = sum(value is None for value in timings)

    def show(value: float) -> str:
        return f"> {value:,.0f} ms" if value >= limit_ms else f"{value:,.1f} ms"

    line = (
        f"p50 {show(statistics.median(values))}, p95 {show(percentile(values, 0.95))}, "
        f"max {show(max(values))}"
    )
    if stopped:
        line += (
            f" ({stopped} of {len(values)} runs stopped at the {limit_s:g} s limit, "
            "so these are lower bounds)"
        )
    return line


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _loaded_pages():
    return InitiativePage._base_manager.filter(external_id__startswith=EXTERNAL_ID_PREFIX)


def _remove_loaded_pages(*, parent: Page) -> None:
    """Drop the pages of a previous size with raw deletes: the ORM's cascade is slow."""
    pks = list(_loaded_pages().values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(InitiativePage)
    using = router.db_for_write(Page)
    with transaction.atomic(using=using):
        for chunk in _batched(pks, DELETE_CHUNK):
            IndexEntry._default_manager.filter(
                content_type=content_type, object_id__in=[str(pk) for pk in chunk]
            )._raw_delete(using)
            InitiativePage._base_manager.filter(page_ptr_id__in=chunk)._raw_delete(using)
            Page._base_manager.filter(pk__in=chunk)._raw_delete(using)
        _refresh_numchild(parent=parent)


def _refresh_numchild(*, parent: Page) -> None:
    # Not parent.get_children(): treebeard answers it from the in-memory numchild.
    children = Page._base_manager.filter(path__startswith=parent.path, depth=parent.depth + 1)
    Page._base_manager.filter(pk=parent.pk).update(numchild=children.count())


def _next_step(*, parent: Page) -> int:
    last_child = parent.get_last_child()
    if last_child is None:
        return 1
    return Page._str2int(last_child.path[-Page.steplen :]) + 1


def _load_pages(*, parent: Page, documents: Iterable[SearchDocument]) -> int:
    """Insert one live InitiativePage per document under `parent`; return how many."""
    content_type_id = ContentType.objects.get_for_model(InitiativePage).pk
    province_pks = dict(Province.objects.values_list("code", "pk"))
    sector_pks = dict(Sector.objects.values_list("slug", "pk"))
    child_fields = InitiativePage._meta.local_concrete_fields
    using = router.db_for_write(InitiativePage)
    connection = connections[using]
    step = _next_step(parent=parent)
    loaded = 0
    for batch in _batched(documents, LOAD_BATCH):
        pages = []
        for document in batch:
            pages.append(
                _build_page(
                    document=document,
                    parent=parent,
                    step=step,
                    content_type_id=content_type_id,
                    province_pk=province_pks.get(document.province_code),
                    sector_pk=sector_pks.get(document.sector_slug),
                )
            )
            step += 1
        with transaction.atomic(using=using):
            # bulk_create on the parent model only reads Page's columns from the
            # instances, and on SQLite 3.35+ and PostgreSQL sets their ids.
            Page.objects.using(using).bulk_create(pages, batch_size=LOAD_BATCH)
            for page in pages:
                page.page_ptr_id = page.id
            # Django caps parameters per statement below the database's real limit.
            insert_batch = connection.ops.bulk_batch_size(child_fields, pages)
            for chunk in _batched(pages, insert_batch):
                InitiativePage._base_manager.using(using)._insert(chunk, fields=child_fields)
        loaded += len(pages)
    _refresh_numchild(parent=parent)
    return loaded


def _build_page(
    *,
    document: SearchDocument,
    parent: Page,
    step: int,
    content_type_id: int,
    province_pk: int | None,
    sector_pk: int | None,
) -> InitiativePage:
    depth = parent.depth + 1
    slug = f"{slugify_vi(document.title, max_length=60)}-{document.id}"
    return InitiativePage(
        path=Page._get_path(parent.path, depth, step),
        depth=depth,
        numchild=0,
        locale_id=parent.locale_id,
        content_type_id=content_type_id,
        title=document.title,
        draft_title=document.title,
        slug=slug,
        url_path=f"{parent.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=document.published_at,
        last_published_at=document.published_at,
        latest_revision_created_at=document.published_at,
        summary=document.summary,
        # Raw block data: StreamField stores it as is (adding block ids) without
        # converting every block to Python and back.
        body=[{"type": "paragraph", "value": f"<p>{escape(document.body)}</p>"}],
        province_id=province_pk,
        sector_id=sector_pk,
        phase=document.phase,
        year=document.year,
        benefit_vnd=document.benefit_vnd,
        external_id=f"{EXTERNAL_ID_PREFIX}{document.id}",
    )


def _build_index(backend_name: str) -> int:
    """Index the loaded pages the way `update_index` does; return how many."""
    if backend_name != DATABASE_BACKEND:
        # The site's backend indexes in the project's engine, built by its own command.
        call_command("rebuild_search_index", "--index", "admin", "--no-progress", stdout=StringIO())
        return _loaded_pages().count()
    backend = get_search_backend(DATABASE_BACKEND)
    # get_indexed_objects adds the select_related/prefetch_related that the
    # RelatedFields (province, sector, tags) need, avoiding a query per page.
    queryset = (
        InitiativePage.get_indexed_objects()
        .filter(external_id__startswith=EXTERNAL_ID_PREFIX)
        .order_by("pk")
    )
    indexed = 0
    last_pk = 0
    while chunk := list(queryset.filter(pk__gt=last_pk)[:INDEX_CHUNK]):
        with transaction.atomic():
            backend.add_bulk(InitiativePage, chunk)
        indexed += len(chunk)
        last_pk = chunk[-1].pk
    # Each chunk weights titles by the running average title length; update_index
    # ends with a full pass so that every entry uses the final average. The
    # database backend does that in its rebuilder, which has no public entry point
    # that does not also re-index every other model.
    index = backend.get_index_for_model(InitiativePage)
    refresh = getattr(index, "_refresh_title_norms", None)
    if refresh is not None:
        with transaction.atomic():
            refresh(full=True)
    return indexed
