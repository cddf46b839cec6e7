"""Search quality on the independent judged set (tests/search/judged_demo.jsonl), per engine.

The floors are the figures measured when the set was first scored (docs/search.md),
rounded down: no class of queries may get worse. `bench/relevance.py` prints them.
"""

import pytest

from .judged import evaluate, judged_queries

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
# Mean NDCG@10 per class that neither engine may fall below: the lower of the two
# engines' first scores (docs/search.md), less 0.02 for ties ordered differently.
CLASS_FLOORS = {
    "exact": 0.88,
    "accent_free": 0.88,
    "nfd": 0.92,
    "typo": 0.87,
    "abbreviation": 0.69,
    "province": 0.86,
    "sector": 0.75,
    "synonym": 0.78,
    "question": 0.75,
}
OVERALL_FLOOR = 0.82
# The issue asks for 0.97 overall and no query under 0.6; not met yet (docs/search.md).
# Accent-free twins more than 0.05 below their accented query when first measured,
# with that gap as their ceiling: "do ga han" swaps two close welding-jig ideas.
KNOWN_ACCENT_GAPS = {"accent_free-16": 0.07}


@pytest.fixture
def evaluation(demo_service):
    return evaluate(demo_service)


def test_the_judged_set_covers_every_class_with_enough_queries():
    queries = judged_queries()
    assert len(queries) >= 120
    for cls in CLASSES:
        assert sum(1 for judged in queries if judged.cls == cls) >= 12, cls


def test_no_class_of_queries_falls_below_its_floor(evaluation):
    by_class = evaluation.by_class()
    below = {cls: round(score, 3) for cls, score in by_class.items() if score < CLASS_FLOORS[cls]}
    assert not below, f"classes below their floor: {below}; weakest: {evaluation.weakest(5)}"
    assert evaluation.overall >= OVERALL_FLOOR


def test_decomposed_queries_return_the_same_top_ten_as_their_composed_twins(evaluation):
    assert evaluation.twins_ranked_differently("nfd") == []


def test_accent_free_queries_score_within_five_hundredths_of_their_accented_twins(evaluation):
    gaps = [
        gap for gap in evaluation.twin_gaps() if evaluation.queries[gap[0]].cls == "accent_free"
    ]
    assert len(gaps) >= 12
    too_far = [
        (key, twin, round(gap, 3))
        for key, twin, gap in gaps
        if gap > KNOWN_ACCENT_GAPS.get(key, 0.05)
    ]
    assert not too_far
