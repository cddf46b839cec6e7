"""Real-browser tests: Debian's Chromium, driven by Playwright, against a running site.

The site runs as its own process (`manage.py runserver`) on a database of its
own, migrated and filled by `load_demo` just as `make run` does, on SQLite or
PostgreSQL as the rest of the run. Pages are only ever reached over HTTP.
"""

import functools
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
DEMO_PASSWORD = "mat-khau-trinh-duyet"
EDITOR = "bientap"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def _browser_database() -> str:
    """The site's PostgreSQL database: the run's own name with "_browser" (mtsk_browser in
    CI), so that runs on differently named databases never drop each other's."""
    name = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1].split("?", 1)[0]
    return f"{name or 'mtsk'}_browser"


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


# Layout depends on the screen size, not on the database. The SQLite run takes every
# journey at both sizes; the PostgreSQL run proves the same journeys on the production
# database at the phone size only, where most readers are, which keeps the browser
# tests within their share of CI time.
JOURNEY_VIEWPORTS = ["phone"] if _on_postgresql() else list(VIEWPORTS)


@pytest.fixture(scope="session", autouse=True)
def _browser_prerequisites():
    """Without Chromium these tests skip on a workstation, and fail in CI."""
    missing = [str(path) for path in (CHROMIUM, AXE_SCRIPT) if not path.exists()]
    if missing:
        message = f"browser tests need {', '.join(missing)} (see .ci/run and `make install`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def search_engine():
    """The site process keeps its own index; the per-test index of the other suites is not used."""
    return None


# The site ------------------------------------------------------------------


@dataclass
class SiteProcess:
    """One `runserver` process of the site, with the environment it was started with."""

    env: dict[str, str]
    log: Path
    url: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)
    elasticsearch: object = None  # the osmem clone under an Elasticsearch site

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def start(self) -> "SiteProcess":
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", "--insecure"]
                + [f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_answering(self.process, self.url, self.log, timeout=60)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def wait_until_answering(process: subprocess.Popen, url: str, log: Path, *, timeout: float):
    """Until the site at `url` answers; fails with its log if it exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the site exited at start:\n{log.read_text()[-5000:]}")
        try:
            with urllib.request.urlopen(f"{url}/robots.txt", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the site did not answer within {timeout:.0f} s; see {log}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_environment(tmp_path_factory, _browser_prerequisites) -> dict[str, str]:
    """A migrated database with the demo content and its embedded index, as `make run` leaves it."""
    workdir = tmp_path_factory.mktemp("site")
    database_url, drop = _fresh_database(workdir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "SERVE_MEDIA": "true",
        "SEARCH_BACKEND": "embedded",
        "SEARCH_INDEX_DIR": str(workdir / "index"),
        "SEARCH_SYNC": "thread",
        "SEARCH_SYNC_INTERVAL": "0.5",
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "LOG_LEVEL": "WARNING",
    }
    # The index is built once the demo has loaded, as `make run` does, not page by page.
    setup = SiteProcess(env={**env, "SEARCH_SYNC": "off"}, log=workdir / "setup.log")
    setup.manage("migrate", "--noinput")
    setup.manage("load_demo")
    setup.manage("search_sync", "--once")
    yield env
    drop()


def _fresh_database(workdir: Path):
    """SQLite file or PostgreSQL database, following the DATABASE_URL this run tests."""
    if not _on_postgresql():
        return f"sqlite:///{workdir / 'site.sqlite3'}", lambda: None
    url = os.environ["DATABASE_URL"]
    server = url.rsplit("/", 1)[0]
    database = _browser_database()
    statements = [
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)),
        sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)),
    ]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)

    def drop():
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(statements[0])

    return f"{server}/{database}", drop


@pytest.fixture(scope="module")
def site(site_environment, tmp_path_factory):
    """The site on the embedded engine; modules that need another engine override this.

    Module-scoped, so one site process at a time replays the shared change outbox.
    """
    process = SiteProcess(
        env=site_environment, log=tmp_path_factory.mktemp("log") / "site.log"
    ).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def elasticsearch_site(site_environment, osmem_server, tmp_path_factory):
    """The same site and database on the Elasticsearch-compatible server (a fresh osmem clone).

    `site.elasticsearch` is the clone; closing it stops the engine under the site.
    """
    logs = tmp_path_factory.mktemp("log")
    with osmem_server.clone() as clone:
        env = {
            **site_environment,
            "SEARCH_BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": clone.url,
        }
        process = SiteProcess(env=env, log=logs / "site.log")
        process.manage("search_sync", "--once")  # builds the index in the empty server
        process.elasticsearch = clone
        process.start()
        yield process
        process.stop()
    # Changes made meanwhile reached Elasticsearch only: level the embedded index again.
    SiteProcess(env=site_environment, log=logs / "level.log").manage(
        "rebuild_search_index", "--no-progress"
    )


# Browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM)}


@pytest.fixture(params=JOURNEY_VIEWPORTS)
def viewport(request) -> str:
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, site, viewport):
    return {
        **browser_context_args,
        **VIEWPORTS[viewport],
        "base_url": site.url,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


@pytest.fixture
def page(page, viewport):
    """A page that fails the test on any JavaScript error or failed request for an asset."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(
                f"console error: {message.text}{_details(message)} ({message.location.get('url')})"
            )
            if message.type == "error" and not _expected_error(page, message)
            else None
        ),
    )
    page.viewport_name = viewport
    yield page
    assert not problems, "\n".join(problems)


def _details(message) -> str:
    """What an error logged with objects says, such as the rules Wagtail's content checker broke."""
    details = []
    for argument in message.args[1:]:
        try:
            details.append(str(argument.json_value())[:2000])
        except Exception as error:  # noqa: BLE001 - an unserialisable value still gets reported
            details.append(f"<{type(error).__name__}>")
    return f": {details}" if details else ""


AUTOSAVE_URL = re.compile(r"/admin/pages/(\d+/edit|add/\w+/\w+/\d+)/$")


def _expected_error(page, message) -> bool:
    url = message.location.get("url", "")
    # Visiting a missing page on purpose makes Chromium log the 404 of the document itself.
    if "404" in message.text and url == page.url:
        return True
    # Wagtail autosaves while the editor types and answers 400 while the form is not valid
    # yet (a block just inserted and still empty); it then shows "autosave paused".
    return "status of 400" in message.text and bool(AUTOSAVE_URL.search(url))


# Checks used by every journey ------------------------------------------------


def check_accessibility(page) -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    # Evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # rightly refuses an inline <script>, which add_script_tag would insert.
    page.evaluate(_axe_source())
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    blocking = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not blocking, f"{page.url}:\n" + "\n".join(
        f"  {v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in blocking
    )


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def check_layout(page) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


LOAD_EVERY_IMAGE = """async () => {
  const images = [...document.images];
  images.forEach(image => { image.loading = "eager"; });
  await Promise.all(images.map(image => image.complete ? null
    : new Promise(done => { image.onload = image.onerror = done; })));
  return images.filter(image => !image.naturalWidth).map(image => image.currentSrc || image.src);
}"""


def check_images(page) -> None:
    """Every picture on the page loads, those further down (lazily loaded) included.

    The full-page screenshot then shows them, rather than the empty frames that lazy
    images leave on a page that was never scrolled.
    """
    broken = page.evaluate(LOAD_EVERY_IMAGE)
    assert not broken, f"{page.url}: pictures that do not load: {broken}"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{page.viewport_name}.png", full_page=True)


def check_page(page, name: str) -> None:
    """What every page type gets: accessibility scan, layout and picture checks, a screenshot."""
    check_layout(page)
    check_images(page)
    check_accessibility(page)
    screenshot(page, name)


def show_filters(page) -> None:
    """Unfold the search filters, which a narrow screen shows folded."""
    toggle = page.locator("summary.filters__toggle")
    if toggle.is_visible() and not page.locator("details.filters__panel[open]").count():
        toggle.click()
