import io
import os
import time
import uuid
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from PIL import Image

from news.models import NewsIndexPage
from portal import page_cache
from portal.cache_backends import _Breaker
from portal.home.models import HomePage
from showcase.models import ShowcaseIndexPage

from .news.factories import NewsArticlePageFactory
from .showcase.factories import InitiativePageFactory

BROWSER_TESTS = "tests/browser/"
# Playwright's sync API keeps an event loop in the worker's thread for the whole
# session, and Django then refuses every database call that follows on that worker,
# thinking it runs inside async code. The tests only ever call the database synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_xdist_make_scheduler(config, log):
    """Spread the tests over the xdist workers, keeping every browser test on one of them.

    The browser tests share one site process and its database (filled once by
    `load_demo`), so they run one after the other on one worker while the other tests
    fill both. xdist's own `--dist loadgroup` cannot do this on pytest 9.2, whose node
    ids no longer take the group suffix that xdist adds.
    """
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid

    return BrowserTestsTogether(config, log)


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get()


@pytest.fixture
def showcase_index(db) -> ShowcaseIndexPage:
    return ShowcaseIndexPage.objects.get()


@pytest.fixture
def news_index(db) -> NewsIndexPage:
    return NewsIndexPage.objects.get()


@pytest.fixture
def make_initiative(showcase_index):
    def make(**kwargs):
        return InitiativePageFactory(parent=showcase_index, **kwargs)

    return make


@pytest.fixture
def make_article(news_index):
    def make(**kwargs):
        return NewsArticlePageFactory(parent=news_index, **kwargs)

    return make


@pytest.fixture
def jpeg_bytes():
    def make(size=(64, 48), exif=None) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", size, "#c8102e").save(buffer, format="JPEG", exif=exif or b"")
        return buffer.getvalue()

    return make


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="bientap", email="bientap@example.vn", password="mat-khau-thu-nghiem"
    )


@pytest.fixture(autouse=True)
def cache_reachable(monkeypatch):
    """A test that stopped reaching the cache leaves the next ones a cache to use."""
    monkeypatch.setattr(_Breaker, "down_until", 0.0)
    monkeypatch.setattr(page_cache, "_outage_until", 0.0)


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings, monkeypatch):
    """Each test counts its own rate limits in the real cache (Redis): the requests of
    earlier tests, all from 127.0.0.1, do not count against it. django-ratelimit counts
    in fixed windows (a minute for the API): its clock stands still during a test, so
    that a burst never straddles the start of a new window and is counted afresh."""
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"{config.get('KEY_PREFIX', '')}-{uuid.uuid4().hex[:8]}"}
        for alias, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def search_engine(settings, tmp_path, monkeypatch):
    """A fresh embedded index for every test, kept in step with every change.

    Tests run inside a transaction that never commits, so index changes are
    replayed at once instead of on commit; the replay reads the same connection.
    """
    from search.service import get_search_service

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SEARCH_SYNC = "immediate"
    monkeypatch.setattr("search.sync.transaction.on_commit", lambda callback, **kwargs: callback())
    get_search_service.cache_clear()
    yield get_search_service().engine
    get_search_service.cache_clear()


@pytest.fixture(scope="session")
def osmem_server():
    """The in-memory Elasticsearch-compatible server, started once for the run."""
    from osmem_server import OsmemServer

    with OsmemServer.start() as server:
        yield server
