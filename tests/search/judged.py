"""The independent judged query sets over the demo corpus, and how they are scored.

`judged_demo.jsonl` was written and judged by someone who had not read the
ranking code, before the ranking was tuned; `judged_holdout.jsonl` by someone
else who had read neither the code nor the first set, and the ranking is not
tuned on it. One query per line with its class
(exact, accent_free, nfd, typo, abbreviation, province, sector, synonym,
question), the graded demo initiatives (3 exactly what was asked, 2 relevant,
1 related) and, for accent-free and NFD forms, the query it is the twin of.
Used by `bench/relevance.py` (figures) and `tests/search/test_relevance.py`
(floors per class, so that no class regresses).
"""

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from search.documents import SearchDocument
from search.query import SearchRequest

JUDGED_FILE = Path(__file__).with_name("judged_demo.jsonl")
# A second set, written and judged by another helper who had read neither the ranking
# code nor the first set, after the ranking had been tuned on the first.
HOLDOUT_FILE = Path(__file__).with_name("judged_holdout.jsonl")
# A third, by a third helper, after the ranking had been tuned on the first two: the
# figures that count; nothing was changed after reading them.
THIRD_FILE = Path(__file__).with_name("judged_third.jsonl")
JUDGED_SETS = {"first": JUDGED_FILE, "holdout": HOLDOUT_FILE, "third": THIRD_FILE}
DEMO_DATA = Path(__file__).resolve().parents[2] / "site" / "demo" / "data"


@dataclass(frozen=True)
class Judged:
    id: str
    cls: str
    query: str
    grades: dict[str, int]
    twin: str | None = None


def judged_queries(path: Path = JUDGED_FILE) -> list[Judged]:
    queries = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                queries.append(
                    Judged(row["id"], row["class"], row["query"], row["grades"], row.get("twin"))
                )
    return queries


def demo_documents() -> list[SearchDocument]:
    """The demo initiatives as the site indexes them, read with the importer's own rules."""
    from showcase.importing import ReferenceLookup, RowValidator, iter_rows

    documents = []
    with RowValidator(ReferenceLookup()) as validator:
        for path in sorted(DEMO_DATA.glob("initiatives_*.jsonl")):
            for line, row in iter_rows(path, "jsonl"):
                data, errors = validator.validate(line, row)
                assert data and not errors, errors
                documents.append(_document(len(documents) + 1, data))
    return documents


def _document(pk: int, data) -> SearchDocument:
    province, sector = data.province, data.sector
    extra = [
        " ".join(data.authors),
        data.unit,
        data.benefit_note,
        " ".join(data.tags),
        province.name,
        province.full_name,
        province.aliases.replace(";", " "),
        sector.name,
    ]
    return SearchDocument(
        type="initiative",
        id=pk,
        title=data.title,
        url=f"/sang-kien/demo-{pk}/",
        summary=data.summary,
        body=data.body,
        extra=" ".join(filter(None, extra)),
        external_id=data.external_id,
        province_code=province.code,
        province_name=province.name,
        sector_slug=sector.slug,
        sector_name=sector.name,
        phase=data.phase,
        year=data.year,
        benefit_vnd=data.benefit_vnd,
        published_at=datetime(data.year, 1 + pk % 12, 1 + pk % 28, tzinfo=UTC),
        tags=data.tags,
    )


def ranked_external_ids(service, query: str) -> list[str]:
    request = SearchRequest(q=query, types=("initiative",), page_size=10, with_facets=False)
    return [hit.external_id for hit in service.search(request).hits]


def ndcg_at_10(ranking: list[str], grades: dict[str, int]) -> float:
    def dcg(values):
        return sum((2**g - 1) / math.log2(position + 2) for position, g in enumerate(values))

    ideal = dcg(sorted(grades.values(), reverse=True)[:10])
    return dcg([grades.get(key, 0) for key in ranking[:10]]) / ideal


@dataclass
class Evaluation:
    scores: dict[str, float]  # per query id
    rankings: dict[str, list[str]]
    queries: dict[str, Judged]

    @property
    def overall(self) -> float:
        return sum(self.scores.values()) / len(self.scores)

    def by_class(self) -> dict[str, float]:
        classes = defaultdict(list)
        for key, score in self.scores.items():
            classes[self.queries[key].cls].append(score)
        return {cls: sum(values) / len(values) for cls, values in sorted(classes.items())}

    def weakest(self, count: int = 10) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda item: item[1])[:count]

    def twins_ranked_differently(self, cls: str) -> list[str]:
        """Queries of `cls` whose top 10 differs from their twin's."""
        return [
            key
            for key, judged in self.queries.items()
            if judged.cls == cls
            and judged.twin in self.rankings
            and self.rankings[key] != self.rankings[judged.twin]
        ]

    def twin_gaps(self) -> list[tuple[str, str, float]]:
        """(query, twin, accented score minus this one's) for every query with a twin."""
        return [
            (key, judged.twin, self.scores[judged.twin] - self.scores[key])
            for key, judged in self.queries.items()
            if judged.twin in self.scores
        ]


def evaluate(service, queries: list[Judged] | None = None) -> Evaluation:
    queries = judged_queries() if queries is None else queries
    rankings = {judged.id: ranked_external_ids(service, judged.query) for judged in queries}
    scores = {judged.id: ndcg_at_10(rankings[judged.id], judged.grades) for judged in queries}
    return Evaluation(scores, rankings, {judged.id: judged for judged in queries})
