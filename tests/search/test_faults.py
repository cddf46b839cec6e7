"""Nothing is lost when the engine is down or several processes publish at once."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from search.models import IndexChange
from search.query import SearchRequest
from search.service import get_search_service
from search.sync import replay_pending

ROOT = Path(__file__).resolve().parents[2]
HEADER = "external_id,title,summary,province,sector,phase\n"


@pytest.mark.django_db
def test_elasticsearch_stopped_while_publishing_then_restarted_loses_nothing(
    settings, make_initiative, osmem_server
):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # the engine is down
    get_search_service.cache_clear()
    for n in range(5):
        make_initiative(title=f"Máy khoan cải tiến số {n}")
    assert IndexChange.objects.count() == 5

    with osmem_server.clone() as restarted:
        settings.ELASTICSEARCH_URL = restarted.url
        get_search_service.cache_clear()
        assert replay_pending(get_search_service().engine) == 5
        response = get_search_service().search(SearchRequest(q="máy khoan"))
        assert response.backend == "elasticsearch"
        assert response.count == 5
    assert not IndexChange.objects.exists()
    get_search_service.cache_clear()


def _manage(*args, env, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def test_two_processes_publishing_at_once_lose_nothing(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SEARCH_SYNC": "thread",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "ERROR",
    }
    _manage("migrate", "--noinput", env=env)
    files = []
    for batch in ("A", "B"):
        rows = "".join(
            f"{batch}-{n},Sáng kiến song song {batch}{n},Tóm tắt,01,cong-nghiep,2\n"
            for n in range(12)
        )
        path = tmp_path / f"{batch}.csv"
        path.write_text(HEADER + rows, encoding="utf-8")
        files.append(path)
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "import_initiatives", str(path), "--no-progress"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors

    # Whatever the importers' own replay threads did not finish is replayed now.
    _manage("search_sync", "--once", env=env)
    check = _manage(
        "shell",
        "-c",
        "from search.service import get_search_service;"
        "from search.models import IndexChange;"
        "from search.query import SearchRequest;"
        "r = get_search_service().search(SearchRequest(q='song song', page_size=100));"
        "print(r.count, IndexChange.objects.count())",
        env=env,
    )
    assert check.stdout.split()[-2:] == ["24", "0"]


@pytest.mark.django_db
def test_an_elasticsearch_that_lost_its_index_is_answered_from_the_database(
    settings, make_initiative, osmem_server
):
    initiative = make_initiative(title="Máy khoan bàn cải tiến")
    with osmem_server.clone() as engine_server:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = engine_server.url
        get_search_service.cache_clear()
        service = get_search_service()
        call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
        assert service.search(SearchRequest(q="máy khoan")).count == 1
        # The server restarts empty: the index behind the alias is gone.
        service.engine.client.indices.delete(index="*")

        response = service.search(SearchRequest(q="máy khoan"))
        assert response.degraded  # the database's answer, with its notice
        assert response.count == 1
        assert service.related(_document_of(initiative)) == []
        # Then an empty index is made again, and search runs on it.
        assert service.search(SearchRequest(q="máy khoan")).backend == "elasticsearch"
    get_search_service.cache_clear()


def _document_of(initiative):
    from showcase.search import initiative_document

    return initiative_document(initiative)
