"""Search quality on the independent judged sets: NDCG@10 per class and overall, per engine.

    .venv/bin/python bench/relevance.py                 # both engines, both sets
    .venv/bin/python bench/relevance.py --engines embedded --sets holdout --weakest 15

The judged queries were written and judged over the demo corpus by people who had
not read the ranking code: tests/search/judged_demo.jsonl before tuning, and
tests/search/judged_holdout.jsonl, by someone who had not seen the first set
either, kept out of tuning (tests/search/judged.py).
The demo initiatives are indexed as the site indexes them, into a fresh
embedded index and into the osmem in-memory Elasticsearch-compatible server.
Also prints the checks the search issue asks for: every NFD twin returns the
same top 10 as its composed query, and every accent-free twin scores within
0.05 of its accented one.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="mtsk-relevance-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'relevance.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["SEARCH_SYNC"] = "off"
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from search.service import SearchService  # noqa: E402
from tests.search.judged import JUDGED_SETS, demo_documents, evaluate, judged_queries  # noqa: E402


def report(name: str, service, weakest: int, sets: list[str]) -> None:
    for judged_set in sets:
        report_set(f"{name}, {judged_set} set", service, weakest, JUDGED_SETS[judged_set])


def report_set(name: str, service, weakest: int, path: Path) -> None:
    queries = judged_queries(path)
    result = evaluate(service, queries)
    print(f"{name}: {len(queries)} judged queries, mean NDCG@10 {result.overall:.3f}")
    for cls, score in result.by_class().items():
        count = sum(1 for judged in queries if judged.cls == cls)
        print(f"  {cls:<13} {score:.3f}  ({count} queries)")
    below = [(key, score) for key, score in result.scores.items() if score < 0.6]
    print(f"  queries under 0.6: {len(below)}")
    for key, score in result.weakest(weakest):
        judged = result.queries[key]
        print(f"    {score:.3f} {key} {judged.query!r} -> {result.rankings[key][:5]}")
    nfd_differ = result.twins_ranked_differently("nfd")
    print(f"  NFD twins with a different top 10: {len(nfd_differ)} {nfd_differ}")
    gaps = [gap for gap in result.twin_gaps() if result.queries[gap[0]].cls == "accent_free"]
    worst = max(gaps, key=lambda gap: gap[2], default=None)
    if worst:
        print(f"  largest accent-free gap: {worst[2]:+.3f} ({worst[0]} vs {worst[1]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=["embedded", "elasticsearch"])
    parser.add_argument("--weakest", type=int, default=8)
    parser.add_argument("--sets", nargs="+", choices=list(JUDGED_SETS), default=list(JUDGED_SETS))
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    documents = demo_documents()
    if "embedded" in args.engines:
        from search.engines.embedded import EmbeddedEngine

        engine = EmbeddedEngine(WORKDIR / "index")
        engine.rebuild(documents)
        report("embedded (tantivy)", SearchService(engine), args.weakest, args.sets)
    if "elasticsearch" in args.engines:
        from osmem_server import OsmemServer

        with OsmemServer.start() as server:
            from search.engines.elastic import ElasticsearchEngine

            engine = ElasticsearchEngine(server.url, index="relevance")
            engine.rebuild(documents)
            report("elasticsearch (osmem)", SearchService(engine), args.weakest, args.sets)


if __name__ == "__main__":
    main()
