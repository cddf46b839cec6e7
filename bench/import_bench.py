"""Import benchmark: memory of the validation pass and write throughput.

    .venv/bin/python bench/import_bench.py [--rows 10000 100000] [--write-rows 500]

Uses a throw-away SQLite database and search index, so it never touches var/.
Prints peak traced Python memory while validating files of growing size (it
should stay flat) and the rows per second of a full import.
"""

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="mtsk-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORKDIR / "media")
os.environ["SEARCH_INDEX_DIR"] = str(WORKDIR / "index")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

VOCABULARY = (
    "cải tiến hệ thống bơm nước làm mát lò nung tiết kiệm điện năng giảm chi phí vận hành "
    "an toàn lao động tự động hóa dây chuyền đóng gói nâng cao năng suất công nhân"
)
WORDS = VOCABULARY.split(" ")
PROVINCES = ["01", "79", "TP.HCM", "Thanh Hóa", "Tỉnh Đắk Lắk", "31", "48", "TW01"]
SECTORS = ["nang-luong", "cong-nghiep", "y-te", "An toàn, vệ sinh lao động", "giao-duc"]


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "external_id",
                "title",
                "summary",
                "body",
                "province",
                "sector",
                "phase",
                "benefit_vnd",
                "tags",
            ]
        )
        for n in range(rows):
            words = rng.choices(WORDS, k=60)
            writer.writerow(
                [
                    f"B-{n}",
                    " ".join(words[:10]).capitalize(),
                    " ".join(words[10:30]),
                    f"Vấn đề: {' '.join(words[30:40])}.\n\nGiải pháp: {' '.join(words[40:60])}.",
                    rng.choice(PROVINCES),
                    rng.choice(SECTORS),
                    rng.choice(("1", "2")),
                    str(rng.randrange(0, 10**11)),
                    "tiết kiệm điện;năng suất",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--write-rows", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from showcase.importing import ReferenceLookup, RowValidator, iter_rows

    print("Validation pass (streamed):")
    for rows in args.rows:
        path = WORKDIR / f"rows-{rows}.csv"
        write_csv(path, rows)
        lookup = ReferenceLookup()
        tracemalloc.start()
        started = time.perf_counter()
        with RowValidator(lookup) as validator:
            valid = sum(
                validator.validate(line, row)[0] is not None for line, row in iter_rows(path, "csv")
            )
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size_mb = path.stat().st_size / 2**20
        max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"  {rows:>9,} rows ({size_mb:6.1f} MB): {valid:,} valid, "
            f"{rows / elapsed:8,.0f} rows/s, peak Python memory {peak / 2**20:6.1f} MB, "
            f"process max RSS so far {max_rss_mb:6.1f} MB"
        )

    path = WORKDIR / "write.csv"
    write_csv(path, args.write_rows)
    started = time.perf_counter()
    call_command("import_initiatives", str(path), "--no-progress", verbosity=0)
    elapsed = time.perf_counter() - started
    print(f"Full import of {args.write_rows} rows: {args.write_rows / elapsed:,.1f} rows/s")
    started = time.perf_counter()
    call_command("import_initiatives", str(path), "--no-progress", verbosity=0)
    elapsed = time.perf_counter() - started
    print(f"Rerun of the same file (unchanged rows): {args.write_rows / elapsed:,.1f} rows/s")


if __name__ == "__main__":
    main()
