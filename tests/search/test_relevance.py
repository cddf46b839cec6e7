"""Search quality on the independent judged sets (tests/search/judged.py), per engine.

The floors are the latest measured figures (docs/search.md), rounded down: no class
of queries may get worse on either set. `bench/relevance.py` prints them.
"""

import pytest

from .judged import JUDGED_SETS, evaluate, judged_queries

CLASSES = (
    "exact",
    "accent_free",
    "nfd",
    "typo",
    "abbreviation",
    "province",
    "sector",
    "synonym",
    "question",
)
# Mean NDCG@10 per class and overall that neither engine may fall below, per judged
# set: the lower of the two engines' latest figures (docs/search.md), less 0.02 for
# ties ordered differently.
FLOORS = {
    "first": {
        "exact": 0.86,
        "accent_free": 0.86,
        "nfd": 0.91,
        "typo": 0.92,
        "abbreviation": 0.83,
        "province": 0.91,
        "sector": 0.77,
        "synonym": 0.83,
        "question": 0.76,
        "overall": 0.85,
    },
    "holdout": {
        "exact": 0.79,
        "accent_free": 0.90,
        "nfd": 0.87,
        "typo": 0.89,
        "abbreviation": 0.87,
        "province": 0.88,
        "sector": 0.89,
        "synonym": 0.82,
        "question": 0.88,
        "overall": 0.87,
    },
    "third": {
        "exact": 0.94,
        "accent_free": 0.93,
        "nfd": 0.96,
        "typo": 0.85,
        "abbreviation": 0.90,
        "province": 0.95,
        "sector": 0.86,
        "synonym": 0.82,
        "question": 0.84,
        "overall": 0.90,
    },
}
# The issue asks for 0.97 overall and no query under 0.6; not met (docs/search.md).
# Accent-free twins more than 0.05 below their accented query, with that gap as their
# ceiling: "hoc sinh dan toc chua noi duoc tieng Viet" reads "noi" as "nội" (nội trú)
# as well as "nói", and an idea about boarding pupils moves up one place.
KNOWN_ACCENT_GAPS = {("third", "af-14"): 0.25}


@pytest.fixture(params=list(JUDGED_SETS))
def evaluation(request, demo_service):
    return request.param, evaluate(demo_service, judged_queries(JUDGED_SETS[request.param]))


@pytest.mark.parametrize("judged_set", list(JUDGED_SETS))
def test_each_judged_set_covers_every_class_with_enough_queries(judged_set):
    queries = judged_queries(JUDGED_SETS[judged_set])
    assert len(queries) >= 120
    for cls in CLASSES:
        assert sum(1 for judged in queries if judged.cls == cls) >= 12, cls


def test_no_class_of_queries_falls_below_its_floor(evaluation):
    judged_set, result = evaluation
    floors = FLOORS[judged_set]
    below = {
        cls: round(score, 3) for cls, score in result.by_class().items() if score < floors[cls]
    }
    assert not below, f"classes below their floor: {below}; weakest: {result.weakest(5)}"
    assert result.overall >= floors["overall"]


def test_decomposed_queries_return_the_same_top_ten_as_their_composed_twins(evaluation):
    _, result = evaluation
    assert result.twins_ranked_differently("nfd") == []


def test_accent_free_queries_score_within_five_hundredths_of_their_accented_twins(evaluation):
    judged_set, result = evaluation
    gaps = [gap for gap in result.twin_gaps() if result.queries[gap[0]].cls == "accent_free"]
    assert len(gaps) >= 12
    too_far = [
        (key, twin, round(gap, 3))
        for key, twin, gap in gaps
        if gap > KNOWN_ACCENT_GAPS.get((judged_set, key), 0.05)
    ]
    assert not too_far
