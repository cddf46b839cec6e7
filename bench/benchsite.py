"""A throw-away site for a benchmark: its own database and search index, no sync thread.

Call `set_up` before importing anything from Django or the project: it points the
settings at a temporary directory (or at the empty PostgreSQL database that
BENCH_DATABASE_URL names) and starts Django.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def set_up(prefix: str, *, index_dir: str = "index") -> Path:
    """Start Django on a fresh temporary directory named from `prefix`, and return it."""
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["SEARCH_SYNC"] = "off"
    # BENCH_INDEX_DIR: the index of a site that an earlier benchmark loaded.
    os.environ["SEARCH_INDEX_DIR"] = os.environ.get("BENCH_INDEX_DIR") or str(workdir / index_dir)
    os.environ["LOG_LEVEL"] = "WARNING"

    import django

    django.setup()
    return workdir
