"""Import benchmark: a generated file to published, searchable pages, end to end.

    .venv/bin/python bench/import_bench.py --rows 1000000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtsk_importbench \\
        .venv/bin/python bench/import_bench.py --rows 1000000
    .venv/bin/python bench/import_bench.py --rows 10000 --kill    # killed, then rerun

Writes `--rows` initiatives that read like the demo's (`corpus.py`, seeded) to a CSV
file, then runs, as an operator would, `manage.py import_initiatives` on it beside a
`manage.py search_sync` worker, on a throw-away database (SQLite in a temporary
directory, or the empty PostgreSQL database BENCH_DATABASE_URL names) and index.

Prints the rows per second of the import command, of the whole way to searchable
(the clock stops when the worker has indexed every page in both indexes), and of a
rerun of the same file (every row "unchanged"), with the import's peak memory. With
`--kill`, the first import is killed (SIGKILL) at a random point and run again
instead. Then checks what must hold whatever the timing, and exits non-zero if any
fails: one page per row, a sound tree (Wagtail's fixtree up to 20,000 pages; above,
the same checks in SQL), the statistics' tally, both search indexes holding every
page, and sampled titles found by search.
"""

import argparse
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import benchsite

WORKDIR = benchsite.set_up("mtsk-import-bench-")

from corpus import write_import_file  # noqa: E402
from django.core.management import call_command  # noqa: E402

ROOT = benchsite.ROOT
FIXTREE_LIMIT = 20_000


def command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def run_import(path: Path, *, kill_after: float | None = None) -> tuple[float, str]:
    """Seconds the import command took and what it printed; killed after `kill_after`."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        command("import_initiatives", str(path), "--no-progress"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if kill_after is not None:
        try:
            output, _ = process.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            output, _ = process.communicate()
            return time.perf_counter() - started, "(killed)"
    else:
        output, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"import_initiatives failed ({process.returncode}):\n{output}")
    return time.perf_counter() - started, output.strip().splitlines()[-1]


def wait_until_indexed(started: float, *, timeout: float) -> float:
    """Seconds from `started` until the outbox is empty (the worker deletes a change
    only once both indexes have committed it)."""
    from search.models import IndexChange

    while IndexChange.objects.exists():
        if time.perf_counter() - started > timeout:
            raise SystemExit("the search worker did not catch up in time")
        time.sleep(0.2)
    return time.perf_counter() - started


def check(rows: int, path: Path) -> list[str]:
    """What must hold after an import of `path` ({rows} rows); returns the failures."""
    from wagtail.models import Page

    from search.query import SearchRequest
    from search.service import get_search_service
    from showcase.models import InitiativePage, ShowcaseIndexPage
    from showcase.selectors import tally_differences

    failures = []
    pages = InitiativePage.objects.all()
    counted = pages.count()
    distinct = pages.values("external_id").distinct().count()
    if counted != rows or distinct != rows:
        failures.append(f"{counted} pages, {distinct} external ids for {rows} rows")
    showcase = ShowcaseIndexPage.objects.get()
    children = Page.objects.filter(path__startswith=showcase.path, depth=showcase.depth + 1)
    if showcase.numchild != children.count():
        failures.append(f"numchild {showcase.numchild}, children {children.count()}")
    if rows <= FIXTREE_LIMIT:
        from io import StringIO

        out = StringIO()
        call_command("fixtree", stdout=out)
        if "No problems found" not in out.getvalue():
            failures.append("fixtree: " + out.getvalue())
    else:
        # fixtree's checks without loading every page: a page row for every initiative
        # row and the other way round, and every initiative a child of the showcase.
        from django.contrib.contenttypes.models import ContentType

        typed = Page.objects.filter(content_type=ContentType.objects.get_for_model(InitiativePage))
        if typed.count() != counted:
            failures.append(f"{typed.count()} page rows for {counted} initiative rows")
        misplaced = pages.exclude(path__startswith=showcase.path, depth=showcase.depth + 1)
        if misplaced.exists():
            failures.append(f"{misplaced.count()} initiatives outside the showcase")
    if differences := tally_differences():
        failures.append(f"tally differs: {differences[:3]}")
    service = get_search_service()
    for name, engine in (("public", service.engine), ("admin", service.admin_engine)):
        indexed = engine.document_count()
        expected = rows + (0 if name == "public" else Page.objects.count() - rows)
        if name == "public" and indexed < rows:
            failures.append(f"public index holds {indexed} documents for {rows} pages")
        if name == "admin" and indexed < expected:
            failures.append(f"admin index holds {indexed} documents for {expected} pages")
    rng = random.Random(rows)
    sample = list(pages.order_by("?").values_list("pk", "title")[:5]) if rows <= 100_000 else []
    if not sample:
        ids = [rng.randrange(1, rows + 1) for _ in range(5)]
        sample = list(
            pages.filter(external_id__in=[f"GEN-{n:07d}" for n in ids]).values_list("pk", "title")
        )
    for _, title in sample:
        # Generated titles repeat (one of 300 topics, most followed by a place and a
        # number): a page of the same topic will do.
        found = service.search(SearchRequest(q=title, page_size=10)).hits
        if not any(title.startswith(hit.title) for hit in found):
            failures.append(f"search for “{title}” does not find it in the first 10")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--kill", action="store_true", help="kill the first import, then rerun")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    path = WORKDIR / f"initiatives-{args.rows}.csv"
    started = time.perf_counter()
    size = write_import_file(path, rows=args.rows, seed=args.seed)
    print(
        f"{args.rows:,} rows, {size / 2**20:,.1f} MB, written in "
        f"{time.perf_counter() - started:.1f} s ({os.environ['DATABASE_URL'].split(':')[0]})"
    )
    worker = subprocess.Popen(command("search_sync"), stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        if args.kill:
            # Somewhere between the end of the validation pass and the end of the writes.
            expected = max(args.rows / 1_500, 2.0)
            kill_after = random.Random(args.seed).uniform(0.3, 0.9) * expected
            elapsed, _ = run_import(path, kill_after=kill_after)
            from showcase.models import InitiativePage

            written = InitiativePage.objects.count()
            print(f"killed after {elapsed:.1f} s with {written:,} pages written")
        started = time.perf_counter()
        elapsed, summary = run_import(path)
        print(f"import: {elapsed:.1f} s = {args.rows / elapsed:,.0f} rows/s ({summary})")
        searchable = wait_until_indexed(started, timeout=max(600.0, args.rows / 100))
        print(
            f"to searchable (both indexes): {searchable:.1f} s = "
            f"{args.rows / searchable:,.0f} rows/s"
        )
        elapsed, summary = run_import(path)
        print(f"rerun, unchanged: {elapsed:.1f} s = {args.rows / elapsed:,.0f} rows/s ({summary})")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory of a child process (import or worker): {peak:,.0f} MB")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    failures = check(args.rows, path)
    for failure in failures:
        print(f"FAILED: {failure}")
    if failures:
        raise SystemExit(1)
    print("checks: pages, tree, tally, both indexes and search all hold")


if __name__ == "__main__":
    main()
