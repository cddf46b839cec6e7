"""A whole view's ids at once (`SearchService.result_ids`, for the open-data downloads):
the ids its pages list, in their order, ties included, on every engine."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.conf import settings

from search.documents import SearchDocument
from search.query import SearchRequest
from search.service import get_search_service
from showcase.search import INITIATIVE

from .conftest import ENGINES, indexed

TITLES = (
    "Máy cắt tôn tự động cho xưởng cơ khí",
    "Máy cắt tôn tự động cho xưởng cơ khí",  # the same words: the same score
    "Cải tiến máy cắt tôn bằng tia nước",
    "Máy ép bùn thải",
)
BATCH = 7


def tied_documents() -> list[SearchDocument]:
    """Forty initiatives whose sort keys tie in groups: five share each publication
    time, a third share each benefit, half share each reuse count."""
    return [
        SearchDocument(
            type=INITIATIVE,
            id=pk,
            title=TITLES[pk % len(TITLES)],
            url=f"/sang-kien/mau-{pk}/",
            summary="Sáng kiến của công nhân.",
            body="",
            province_code="79" if pk % 3 else "01",
            province_name="TP Hồ Chí Minh" if pk % 3 else "Hà Nội",
            sector_slug="cong-nghiep",
            sector_name="Công nghiệp – chế biến, chế tạo",
            phase=2,
            year=2023,
            benefit_vnd=(pk % 3) * 100_000_000,
            published_at=datetime(2023, 1, 1 + pk // 5, tzinfo=UTC),
            reuse_count=pk % 2,
        )
        for pk in range(1, 41)
    ]


@pytest.fixture(scope="module", params=ENGINES)
def tied_settings(request, tmp_path_factory, osmem_server):
    corpus = tied_documents()
    with indexed(
        request.param, corpus, tmp_path_factory=tmp_path_factory, osmem_server=osmem_server
    ) as overrides:
        yield overrides


@pytest.fixture
def service(tied_settings, db, settings):
    for name, value in tied_settings.items():
        setattr(settings, name, value)
    get_search_service.cache_clear()
    yield get_search_service()
    get_search_service.cache_clear()


def paged_ids(service, request: SearchRequest, *, page_size: int = 5) -> list[int]:
    """The ids a reader sees turning every page of the view."""
    ids, number = [], 1
    while hits := service.search(replace(request, page=number, page_size=page_size)).hits:
        ids += [hit.id for hit in hits]
        number += 1
    return ids


VIEWS = [
    SearchRequest(types=(INITIATIVE,)),
    SearchRequest(types=(INITIATIVE,), sort="benefit"),
    SearchRequest(types=(INITIATIVE,), sort="reused"),
    SearchRequest(types=(INITIATIVE,), sort="newest", provinces=("79",)),
    SearchRequest(q="máy cắt tôn", types=(INITIATIVE,)),
    # Two tiers: every word first, then those with only some of them.
    SearchRequest(q="máy cắt tôn tự động", types=(INITIATIVE,)),
    # Fewer than RELAX_BELOW have every word: the relaxed query, as the pages run it.
    SearchRequest(q="máy ép bùn tia nước", types=(INITIATIVE,)),
    SearchRequest(q="máy cắt tôn", types=(INITIATIVE,), sort="benefit", benefit_min=1),
]


@pytest.mark.parametrize("request_", VIEWS, ids=lambda r: f"{r.q or '-'}/{r.sort}")
def test_result_ids_are_the_pages_ids_in_their_order(service, request_):
    expected = paged_ids(service, request_)
    batches = list(service.result_ids(request_, limit=1_000, batch=BATCH))
    assert expected
    assert [pk for batch in batches for pk in batch] == expected
    assert all(len(batch) == BATCH for batch in batches[:-1])


def test_ties_across_a_batch_boundary_keep_the_pages_order(service):
    request = SearchRequest(types=(INITIATIVE,), sort="benefit", with_facets=False)
    hits = service.search(replace(request, page_size=40)).hits
    # The last of the first batch and the first of the second share their benefit.
    assert hits[BATCH - 1].benefit_vnd == hits[BATCH].benefit_vnd
    first, second, *_ = service.result_ids(request, limit=1_000, batch=BATCH)
    assert first + second == paged_ids(service, request, page_size=3)[: 2 * BATCH]


def test_result_ids_stop_at_the_limit(service):
    request = SearchRequest(types=(INITIATIVE,), sort="reused")
    batches = list(service.result_ids(request, limit=10, batch=BATCH))
    assert [len(batch) for batch in batches] == [BATCH, 3]
    assert [pk for batch in batches for pk in batch] == paged_ids(service, request)[:10]


def test_a_view_past_the_engines_result_window_is_listed_whole(service):
    """Elasticsearch refuses from + size beyond max_result_window (10,000 by default);
    its scroll does not. The embedded engine has no such window."""
    if settings.SEARCH_BACKEND == "elasticsearch":
        engine = service.engine
        engine.client.indices.put_settings(index=engine.alias, settings={"max_result_window": 10})
    try:
        request = SearchRequest(types=(INITIATIVE,))
        batches = service.result_ids(request, limit=1_000, batch=BATCH)
        assert sorted(pk for batch in batches for pk in batch) == list(range(1, 41))
    finally:
        if settings.SEARCH_BACKEND == "elasticsearch":
            engine.client.indices.put_settings(
                index=engine.alias, settings={"max_result_window": 10_000}
            )
