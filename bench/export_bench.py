"""Open-data exports of many initiatives: time and peak memory of each format (issue 17).

    .venv/bin/python bench/export_bench.py --rows 100000
    .venv/bin/python bench/export_bench.py --site /tmp/mtsk-export-bench-XXXX  # again

Loads `--rows` generated initiatives (bench/pagegen.py) into a throw-away SQLite site and
indexes them, then, each in a fresh child process so that its memory is its own:

- the filtered download of the whole showcase (/du-lieu-mo/tai-ve/sang-kien.<fmt>, the
  view /sang-kien/ with no filter: every initiative, newest first) as CSV, JSON and XLSX,
  streamed through Django's test client and thrown away as it comes;
- `manage.py export_open_data` (the three files, the vocabularies and the manifest).

Prints, per run: time, time to the first byte of the body (a download), size, rows and
the process's resident memory, sampled every 20 ms (ru_maxrss is no use here: Linux
carries the parent's peak, which loaded the rows, into the child), split into the heaps
(RssAnon) and the mapped files (RssFile: the search index's and SQLite's pages, which
the kernel reclaims as it needs). The budget: an export adds less than 100 MB of heap.

`--python-peak` runs each export once more under tracemalloc for the peak of Python
memory: apart, because tracemalloc makes the code it watches about three times slower.
`--site` runs the exports again on a site an earlier run loaded (its folder is printed).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

BUDGET_MB = 100
JOBS = ("csv", "json", "xlsx", "command")


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:  # noqa: PTH123 - Linux only, as the bench
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_parts() -> tuple[float, float]:
    """Resident anonymous memory (the heaps) and resident file pages (mapped files: the
    search index and SQLite, which the kernel can drop at will), in MB."""
    parts = {}
    with open("/proc/self/status") as status:  # noqa: PTH123 - Linux only, as the bench
        for line in status:
            name, _, value = line.partition(":")
            if name in ("RssAnon", "RssFile"):
                parts[name] = int(value.split()[0]) / 1024
    return parts["RssAnon"], parts["RssFile"]


class PeakSampler(threading.Thread):
    """The highest anonymous and file-backed resident memory, sampled every 20 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.anon = self.file = 0.0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            anon, file = rss_parts()
            self.anon, self.file = max(self.anon, anon), max(self.file, file)


def child(job: str, *, traced: bool) -> None:
    import benchsite

    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    benchsite.set_up("mtsk-export-bench-child-")
    from django.core.management import call_command
    from django.test import Client

    from showcase.exports import dated_exports

    before = rss_mb()
    anon_before, _ = rss_parts()
    sampler = PeakSampler()
    sampler.start()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    first_byte = None
    if job == "command":
        call_command("export_open_data", verbosity=0)
        manifest = json.loads((dated_exports()[0] / "datapackage.json").read_text())
        size = sum(item["bytes"] for item in manifest["resources"])
        rows = manifest["initiatives"]
    else:
        response = Client().get(f"/du-lieu-mo/tai-ve/sang-kien.{job}")
        if response.status_code != 200:
            sys.exit(f"{job}: {response.status_code} {response.content[:300]!r}")
        size = rows = 0
        for piece in response.streaming_content:
            if first_byte is None and piece:
                first_byte = time.perf_counter() - started
            size += len(piece)
            if job == "csv":
                rows += piece.count(b"\n")
        rows = rows - 1 if job == "csv" else None  # less the header; multi-line cells aside
    elapsed = time.perf_counter() - started
    peak = 0
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    sampler.done.set()
    sampler.join()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "job": job,
                "seconds": round(elapsed, 1),
                "first_byte_seconds": None if first_byte is None else round(first_byte, 2),
                "mb": round(size / 2**20, 1),
                "rows": rows,
                "python_peak_mb": round(peak / 2**20, 1),
                "rss_before_mb": round(before, 1),
                "rss_peak_mb": round(maxrss, 1),
                "anon_before_mb": round(anon_before, 1),
                "anon_peak_mb": round(sampler.anon, 1),
                "file_peak_mb": round(sampler.file, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--site", type=Path, help="the folder of a site an earlier run loaded")
    parser.add_argument("--python-peak", action="store_true", help="also under tracemalloc")
    parser.add_argument("--child", choices=JOBS, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, traced=args.traced)
        return

    if args.site:
        workdir = args.site
        database, index = workdir / "bench.sqlite3", workdir / "index"
        if not database.is_file() or not index.is_dir():
            sys.exit(f"{workdir} holds no loaded site (bench.sqlite3 and index/)")
        print(f"the site loaded in {workdir}")
        database_url = f"sqlite:///{database}"
    else:
        import benchsite

        workdir = benchsite.set_up("mtsk-export-bench-")
        from django.core.management import call_command
        from pagegen import add_initiatives

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        loaded = add_initiatives(args.rows, rng=random.Random(17))
        call_command("rebuild_search_index", "--index", "public", "--no-progress", verbosity=0)
        print(
            f"loaded and indexed {loaded:,} initiatives in {time.perf_counter() - started:.0f} s"
            f" into {workdir}"
        )
        database_url, index = os.environ["DATABASE_URL"], os.environ["SEARCH_INDEX_DIR"]

    env = {
        **os.environ,
        "BENCH_DATABASE_URL": database_url,
        "BENCH_INDEX_DIR": str(index),
        "MEDIA_ROOT": str(workdir / "media"),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }
    over = []
    for job in JOBS:
        result = _run_child(job, env)
        added = result["anon_peak_mb"] - result["anon_before_mb"]
        label = "export_open_data" if job == "command" else f"download .{job}"
        first_byte = result["first_byte_seconds"]
        first = f"first byte {first_byte:5.2f} s" if first_byte is not None else " " * 18
        print(
            f"  {label:<18} {result['seconds']:6.1f} s  {first}  "
            f"{result['mb']:6.1f} MB written  "
            f"heaps {result['anon_before_mb']:.0f} → "
            f"{result['anon_peak_mb']:.0f} MB (+{added:.0f} MB), mapped files "
            f"{result['file_peak_mb']:.0f} MB",
            flush=True,
        )
        if added >= BUDGET_MB:
            over.append(label)
    if args.python_peak:
        for job in JOBS:
            result = _run_child(job, env, traced=True)
            label = "export_open_data" if job == "command" else f"download .{job}"
            print(
                f"  {label:<18} under tracemalloc: {result['seconds']:6.1f} s, "
                f"Python peak {result['python_peak_mb']:5.1f} MB",
                flush=True,
            )
    if over:
        sys.exit(f"over the {BUDGET_MB} MB budget: {', '.join(over)}")


def _run_child(job: str, env: dict, *, traced: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", job] + (["--traced"] if traced else [])
    output = subprocess.run(  # noqa: S603 - this very script, as a child
        command, env=env, capture_output=True, text=True
    )
    if output.returncode:
        sys.exit(f"{job} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
