"""What the browser tests cost CI: the test targets timed with and without them.

    .venv/bin/python bench/suite_budget.py [--databases sqlite postgres] [--skip-suite]

For each database it first times the set-up the browser tests make before their
first page (migrate, load_demo, search_sync --once on a fresh database, as `make
run` does), then `make test-<database>` with and without `tests/browser`. Run it
on an otherwise idle machine: the figures are wall-clock times on its two cores.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
SETUP_DATABASE = "mtsk_bench_demo"


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def fresh_database_url(database: str, workdir: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{workdir / 'demo.sqlite3'}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        name = sql.Identifier(SETUP_DATABASE)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return f"{POSTGRES_SERVER}/{SETUP_DATABASE}"


def site_setup(database: str) -> dict[str, float]:
    """The browser tests' site set-up (tests/browser/conftest.py), step by step."""
    with tempfile.TemporaryDirectory(prefix="mtsk-bench-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": fresh_database_url(database, workdir),
            "VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "SEARCH_SYNC": "off",
            "DEMO_PASSWORD": "bench",
        }
        manage = [sys.executable, "manage.py"]
        return {
            "migrate": timed([*manage, "migrate", "--noinput"], env),
            "load_demo": timed([*manage, "load_demo"], env),
            "search_sync": timed([*manage, "search_sync", "--once"], env),
        }


def suite(database: str, *, with_browser: bool) -> float:
    args = "" if with_browser else "--ignore=tests/browser"
    return timed(["make", f"test-{database}", f"PYTEST_ARGS={args}"], {**os.environ, "CI": "true"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--skip-suite", action="store_true", help="time the set-up only")
    options = parser.parse_args()

    added_total = 0.0
    for database in options.databases:
        steps = site_setup(database)
        print(
            f"{database}: browser site set-up {sum(steps.values()):.0f} s ("
            + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in steps.items())
            + ")",
            flush=True,
        )
        if options.skip_suite:
            continue
        without = suite(database, with_browser=False)
        with_browser = suite(database, with_browser=True)
        added_total += with_browser - without
        print(
            f"{database}: make test-{database} {without:.0f} s without the browser tests, "
            f"{with_browser:.0f} s with them: {with_browser - without:+.0f} s",
            flush=True,
        )
    if not options.skip_suite:
        print(f"browser tests add {added_total:.0f} s ({added_total / 60:.1f} min) in all")


if __name__ == "__main__":
    main()
