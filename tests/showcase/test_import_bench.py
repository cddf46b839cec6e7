"""The import benchmark at 10,000 rows, kept as a test of correctness, not of time.

The import is killed at a random point and run again beside a search worker; then
every row of the file is a page once, the tree is sound (Wagtail's fixtree), the
statistics' tally agrees with a recount, both search indexes hold every page and
searches find them. Runs on the database of the test run: a fresh PostgreSQL database
when the tests run on PostgreSQL, a temporary SQLite file otherwise.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench_database():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        yield None
        return
    name = f"mtsk_importbench_{uuid.uuid4().hex[:8]}"
    server = f"host={database['HOST']} port={database['PORT']} user={database['USER']}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"
    finally:
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_an_import_killed_and_run_again_leaves_every_row_once_sound_and_searchable(
    tmp_path, bench_database
):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "TMPDIR": str(tmp_path)}
    env.pop("BENCH_DATABASE_URL", None)
    if bench_database:
        env["BENCH_DATABASE_URL"] = bench_database
    result = subprocess.run(  # noqa: S603 - the project's own benchmark
        [sys.executable, "bench/import_bench.py", "--rows", "10000", "--kill"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "killed after" in output
    assert "checks: pages, tree, tally, both indexes and search all hold" in output
