"""Many live initiatives in bulk, spread like a real showcase, for the benchmarks.

    from pagegen import add_initiatives
    add_initiatives(100_000, rng=random.Random(7))

Needs Django set up and migrated (the showcase index page must exist). Provinces and
sectors are drawn with Zipf-like weights (a few large federations and sectors hold most
initiatives), phase 1 or 2 with a year of that phase, and a benefit log-uniform from
1 triệu to 500 tỷ đồng, with some initiatives unquantified.

Wagtail's `add_child` saves about 20 pages a second, so the pages go in through
`wagtail_baseline`'s bulk loader: treebeard paths computed in Python under the showcase
index, the `wagtailcore_page` rows by `bulk_create`, then the `InitiativePage` rows into
the child table, and the index's `numchild` updated. No revisions or search entries;
the statistics' tally is counted afresh.
"""

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from wagtail_baseline import _load_pages

from search.documents import SearchDocument
from showcase.campaign import PHASES, Phase
from showcase.models import InitiativePage, Province, Sector, ShowcaseIndexPage
from showcase.search import INITIATIVE
from showcase.services import rebuild_initiative_tally

UNQUANTIFIED_SHARE = 0.08
BENEFIT_RANGE_VND = (1_000_000, 500_000_000_000)
FIRST_PHASE_SHARE = 0.4


def initiative_documents(
    n: int, *, rng: random.Random, first_id: int = 1
) -> Iterator[SearchDocument]:
    """`n` synthetic initiatives as the documents the bulk loader takes."""
    provinces = list(Province.objects.order_by("sort_order").values_list("code", flat=True))
    sectors = list(Sector.objects.order_by("sort_order").values_list("slug", flat=True))
    province_weights = _zipf_weights(len(provinces))
    sector_weights = _zipf_weights(len(sectors))
    low, high = (math.log(bound) for bound in BENEFIT_RANGE_VND)
    for number in range(first_id, first_id + n):
        phase = Phase.FIRST if rng.random() < FIRST_PHASE_SHARE else Phase.SECOND
        start, end = PHASES[phase]
        recognised = start + timedelta(days=rng.randrange((end - start).days + 1))
        benefit = None
        if rng.random() >= UNQUANTIFIED_SHARE:
            benefit = int(math.exp(rng.uniform(low, high)))
        yield SearchDocument(
            type=INITIATIVE,
            id=number,
            title=f"Sáng kiến cải tiến số {number}",
            url="",
            summary="Cải tiến quy trình giúp tiết kiệm chi phí cho đơn vị.",
            body="Giải pháp, kết quả và hiệu quả áp dụng.",
            province_code=rng.choices(provinces, cum_weights=province_weights)[0],
            sector_slug=rng.choices(sectors, cum_weights=sector_weights)[0],
            phase=phase,
            year=recognised.year,
            benefit_vnd=benefit,
            published_at=datetime(recognised.year, recognised.month, recognised.day, tzinfo=UTC),
        )


def add_initiatives(n: int, *, rng: random.Random) -> int:
    """Insert `n` live, public initiatives under the showcase index, then count the
    statistics' tally afresh (the rows went in without the signals that keep it); return
    how many were inserted."""
    parent = ShowcaseIndexPage.objects.get()
    first_id = InitiativePage.objects.count() + 1
    documents = initiative_documents(n, rng=rng, first_id=first_id)
    added = _load_pages(parent=parent, documents=documents)
    rebuild_initiative_tally()
    return added


def _zipf_weights(count: int) -> list[float]:
    """Cumulative weights 1, 1/2, 1/3…: the first items are drawn most often."""
    return list(accumulate(1 / rank for rank in range(1, count + 1)))
