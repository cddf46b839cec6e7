"""The statistics page's speed with many initiatives and reports: p50/p95 uncached and
queries per page.

    .venv/bin/python bench/stats_bench.py --initiatives 100000 --reports 20000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtsk_statsbench \\
        .venv/bin/python bench/stats_bench.py

Uses the leaderboard benchmark's database set-up (SQLite in a temporary directory unless
BENCH_DATABASE_URL names an empty PostgreSQL database) and its report filler (sub-units
under every national unit, dated reports in every phase), bulk-loads `--initiatives`
live initiatives (`pagegen`) and, on PostgreSQL, analyses the tables as autovacuum would,
then requests /thong-ke/ and each chart's CSV through Django's test client
(no cache in front), and prints the latency percentiles and the most queries a request
ran. Then times what keeps the page's showcase figures in step: counting the tally
afresh (`manage.py tally_initiatives`), and the update each change of one initiative
runs in its transaction.
"""

import argparse
import random
import shutil
import time

import race_bench  # sets Django up on the benchmark's database, so it comes first

fill_reports = race_bench.fill

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from latency import measure, percentile  # noqa: E402
from pagegen import add_initiatives  # noqa: E402

from showcase.models import InitiativePage, UnitReport  # noqa: E402
from showcase.services import rebuild_initiative_tally, tally_initiatives  # noqa: E402
from showcase.stats_views import SECTIONS  # noqa: E402


def analyse() -> None:
    """Statistics as a running site has them: PostgreSQL's autovacuum gathers them after
    a bulk load; SQLite has none unless someone runs ANALYZE, and with them it scans
    every page to look up Wagtail's (empty) view restrictions."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    try:
        run(args)
    finally:
        connection.close()
        # The set-up's throw-away SQLite database (and nothing else: a PostgreSQL
        # benchmark leaves the directory empty).
        shutil.rmtree(race_bench.WORKDIR, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(13)
    fill_reports(args.reports, rng)
    started = time.perf_counter()
    loaded = add_initiatives(args.initiatives, rng=rng)
    elapsed = time.perf_counter() - started
    print(f"loaded {loaded:,} initiatives in {elapsed:.1f} s ({loaded / elapsed:,.0f}/s)")
    analyse()
    report_figures(args.rounds)
    report_tally_costs(args.rounds)


def report_figures(rounds: int) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/thong-ke/")  # compiles the templates once, as a running site has
    csvs = [f"/thong-ke/{section.slug}.csv" for section in SECTIONS]
    size = (
        f"{InitiativePage.objects.live().count():,} initiatives, "
        f"{UnitReport.objects.count():,} reports on {connection.vendor}"
    )
    for name, paths, passes in (
        ("page", ["/thong-ke/"], rounds),
        ("CSV", csvs, max(1, rounds // len(csvs))),
    ):
        timings, most_queries = measure(client, [(path, {}) for path in paths], rounds=passes)
        print(
            f"statistics {name}, {size}: p50 {percentile(timings, 0.5):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms, "
            f"at most {most_queries} queries per request"
        )


def report_tally_costs(rounds: int) -> None:
    started = time.perf_counter()
    counted = rebuild_initiative_tally()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"tally counted afresh: {counted:,} initiatives in {elapsed:.0f} ms")
    # One initiative changing range each time, as an edit of its benefit would.
    pages = list(InitiativePage.objects.order_by("?").values_list("pk", flat=True)[:rounds])
    timings = []
    for page_id in pages:
        InitiativePage.objects.filter(pk=page_id).update(benefit_vnd=123_456_789)
        started = time.perf_counter()
        tally_initiatives(pages=[page_id])
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"tally update for one changed initiative: p50 {percentile(timings, 0.5):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
