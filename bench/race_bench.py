"""The leaderboard's speed with many reports: p50/p95 uncached and queries per page.

    .venv/bin/python bench/race_bench.py --reports 20000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtsk_bench \\
        .venv/bin/python bench/race_bench.py --reports 20000

Migrates an empty database (SQLite in a temporary directory unless BENCH_DATABASE_URL
names an empty PostgreSQL database), adds sub-units under every national unit and
dated reports until there are `--reports` of them, then requests /bang-xep-hang/ with
a mix of phases, metrics, dates, regions and a sub-unit race, and unit pages, through
Django's test client (no cache in front), and prints the latency percentiles and the
most queries a page ran.
"""

import argparse
import random
from datetime import date, timedelta

import benchsite  # starts Django on the throw-away site before the project is imported

WORKDIR = benchsite.set_up("mtsk-race-bench-")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from latency import measure, percentile  # noqa: E402

from showcase.models import CampaignUnit, UnitReport  # noqa: E402

SUB_UNITS_PER_UNIT = 10
PHASE_STARTS = ((0, date(2021, 10, 1)), (1, date(2021, 10, 1)), (2, date(2022, 6, 15)))


def fill(total: int, rng: random.Random) -> None:
    national = list(CampaignUnit.objects.filter(parent=None))
    CampaignUnit.objects.bulk_create(
        CampaignUnit(
            code=f"{unit.code}-{n}", name=f"Đơn vị {n} của {unit.short_name}", kind="district",
            parent=unit,
        )
        for unit in national
        for n in range(SUB_UNITS_PER_UNIT)
    )  # fmt: skip
    units = list(CampaignUnit.objects.all())
    per_unit = max(1, -(-total // (len(units) * 3)))
    reports = []
    for unit in units:
        for phase, start in PHASE_STARTS:
            registered = 0
            for step in range(per_unit):
                registered += rng.randint(0, 400)
                reports.append(
                    UnitReport(
                        unit=unit, phase=phase, as_of=start + timedelta(days=7 * step),
                        registered=registered, target=rng.choice([None, 0, rng.randint(500, 9000)]),
                        benefit_vnd=registered * rng.randint(10, 90) * 1_000_000, is_demo=True,
                    )
                )  # fmt: skip
    UnitReport.objects.bulk_create(reports[:total], batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.reports, random.Random(13))
    client = Client(HTTP_HOST="127.0.0.1")
    leaderboard = [
        {},
        {"giai_doan": "1"},
        {"giai_doan": "2", "xep_theo": "percent"},
        {"xep_theo": "benefit"},
        {"giai_doan": "1", "ngay": "2022-03-03"},
        {"loai": "central"},
        {"vung": "dong-bang-song-hong", "giai_doan": "2"},
        {"don_vi": "20", "giai_doan": "1"},
    ]
    pages = {
        "leaderboard": [("/bang-xep-hang/", params) for params in leaderboard],
        "unit page": [
            (f"/bang-xep-hang/don-vi/{code}/", {}) for code in ("20", "79", "TW01", "20-3")
        ],
    }
    for name, requests in pages.items():
        timings, most_queries = measure(client, requests, rounds=args.rounds)
        print(
            f"{name}, {UnitReport.objects.count():,} reports of "
            f"{CampaignUnit.objects.count():,} units on {connection.vendor}: "
            f"p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
            f"max {max(timings):.1f} ms, at most {most_queries} queries per page"
        )


if __name__ == "__main__":
    main()
