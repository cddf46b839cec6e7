"""`make serve`: the demo site served as production serves it, seen by a reader's browser.

`python -m portal.serve` (what `make serve` runs) with only SECRET_KEY and ALLOWED_HOSTS
set beside the site's own paths: production settings, migrate, collectstatic, gunicorn
and the search worker, on the database the other browser tests use.
"""

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, _free_port, check_images, check_layout, wait_until_answering

PAGES = {
    "home": "/",
    "showcase": "/sang-kien/?sector=nang-luong",
    "featured": "/sang-kien/noi-bat/",
    "news": "/tin-tuc/",
    "search": "/tim-kiem/?q=tiet+kiem+dien",
    "race": "/bang-xep-hang/",
}


class ServedSite:
    def __init__(self, env: dict[str, str], log):
        self.env, self.log = env, log
        self.url = ""
        self.process: subprocess.Popen | None = None

    def start(self) -> "ServedSite":
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "portal.serve"],
                cwd=ROOT,
                env={**self.env, "PORT": str(self.port)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # check --deploy, migrate and collectstatic come first.
        wait_until_answering(self.process, self.url, self.log, timeout=180)
        return self

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
        return self.process.returncode

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(f"{self.url}{path}", headers=headers or {})  # noqa: S310
        try:
            return urllib.request.urlopen(request, timeout=30)  # noqa: S310
        except urllib.error.HTTPError as error:
            return error


def production_environment(site_environment: dict, workdir) -> dict[str, str]:
    """A clean environment (the test process's own holds the development defaults),
    with the test site's files and the two required settings."""
    keep = ("DATABASE_URL", "VAR_DIR", "MEDIA_ROOT", "SEARCH_INDEX_DIR")
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(workdir)),
        "LANG": "C.UTF-8",
        **{key: site_environment[key] for key in keep},
        "SECRET_KEY": "production-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(workdir / "static"),
        "WEB_CONCURRENCY": "2",
    }


@pytest.fixture(scope="module")
def site(site_environment, tmp_path_factory):
    """Only SECRET_KEY and ALLOWED_HOSTS beyond where the test site keeps its files."""
    workdir = tmp_path_factory.mktemp("serve")
    env = production_environment(site_environment, workdir)
    served = ServedSite(env, workdir / "serve.log").start()
    yield served
    served.stop()


@pytest.fixture(params=["desktop"])
def viewport(request) -> str:
    return request.param


def test_every_page_type_loads_every_picture_and_asset_under_make_serve(page, site):
    # A missing stylesheet, script or picture is a failed request, which `page` reports.
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    for name, path in PAGES.items():
        page.goto(path)
        check_layout(page)
        check_images(page)
        assert page.locator("img").count() or name in {"search", "race"}, name
        if name == "home":
            # An initiative and an article, with their galleries and illustrations.
            initiative = page.locator(".card__title a[href^='/sang-kien/']").first
            article = page.locator("a[href^='/tin-tuc/'][href$='/']").last
            extra = [initiative.get_attribute("href"), article.get_attribute("href")]
    for path in extra:
        page.goto(path)
        check_images(page)
    assert not failed, failed


def test_renditions_are_cached_for_a_year_and_revalidate_with_a_304(site):
    html = site.get("/").read().decode()
    start = html.index('src="/media/images/') + len('src="')
    rendition = html[start : html.index('"', start)]
    response = site.get(rendition)
    assert response.status == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    again = site.get(rendition, {"If-Modified-Since": response.headers["Last-Modified"]})
    assert again.status == 304


def test_static_files_go_out_with_brotli_or_gzip_under_hashed_names(site):
    html = site.get("/").read().decode()
    start = html.index('href="/static/css/site.') + len('href="')
    stylesheet = html[start : html.index('"', start)]
    assert stylesheet != "/static/css/site.css"  # hashed, so cached for ever
    brotli = site.get(stylesheet, {"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br"
    assert "immutable" in brotli.headers["Cache-Control"]
    gzip = site.get(stylesheet, {"Accept-Encoding": "gzip"})
    assert gzip.headers["Content-Encoding"] == "gzip"


def test_pages_are_served_by_gunicorn_with_production_settings(site):
    site.get("/")
    response = site.get("/")
    # The page cache, in files under VAR_DIR without REDIS_URL, shared by the workers.
    assert response.headers["X-Page-Cache"] == "hit"
    assert response.headers["Server"] == "gunicorn"
    assert response.headers["Strict-Transport-Security"] is None  # only over HTTPS
    missing = site.get("/khong-co-trang-nay/")
    assert missing.status == 404
    assert "Traceback" not in missing.read().decode()  # DEBUG is off


def test_make_serve_builds_the_days_open_data_export_for_its_page(site):
    """At start (then hourly) `make serve` runs export_open_data --if-stale: the demo
    has no export yet, so one is built in the background and /du-lieu-mo/ lists it."""
    deadline = time.monotonic() + 90
    while "sang-kien.csv" not in (html := site.get("/du-lieu-mo/").read().decode()):
        assert time.monotonic() < deadline, "no export listed after 90 s"
        time.sleep(1)
    start = html.index('href="/media/du-lieu-mo/')
    address = html[start + len('href="') : html.index('"', start + len('href="'))]
    assert address.endswith("/sang-kien.csv")
    download = site.get(address)
    assert download.status == 200
    rows = download.read().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("id,title,url,")
    assert len(rows) > 20  # the demo's initiatives


def test_make_serve_stops_every_process_it_started_on_sigterm(site_environment, tmp_path):
    env = production_environment(site_environment, tmp_path)
    env.update(SEARCH_INDEX_DIR=str(tmp_path / "index"), WEB_CONCURRENCY="1")
    served = ServedSite(env, tmp_path / "serve.log").start()
    pid = served.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) >= 2  # gunicorn and the search worker
    assert served.stop() == 0
    assert all(not os.path.exists(f"/proc/{pid}") for pid in children)
    with socket.socket() as probe, pytest.raises(OSError):
        probe.connect(("127.0.0.1", served.port))


NGINX = Path("/usr/sbin/nginx")
NGINX_SITE = ROOT / "deploy" / "nginx-mtsk.conf"


@pytest.fixture(scope="module")
def nginx(site, site_environment, tmp_path_factory):
    """deploy/nginx-mtsk.conf in front of the served site, with a self-signed certificate,
    its ports and paths replaced as the comment at its top says."""
    if not NGINX.exists():
        message = "the nginx test needs Debian's nginx (apt-get install nginx, as .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    prefix = tmp_path_factory.mktemp("nginx")
    subprocess.run(
        ["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(prefix / "key.pem")]
        + ["-out", str(prefix / "cert.pem")],
        check=True,
        capture_output=True,
    )
    http_port, https_port = _free_port(), _free_port()
    media = site_environment["MEDIA_ROOT"].rstrip("/")
    conf = NGINX_SITE.read_text()
    for old, new in {
        "127.0.0.1:8000": f"127.0.0.1:{site.port}",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/letsencrypt/live/sangkien.example.vn/fullchain.pem": str(prefix / "cert.pem"),
        "/etc/letsencrypt/live/sangkien.example.vn/privkey.pem": str(prefix / "key.pem"),
        "/srv/mtsk/var/media": media,
        "sangkien.example.vn": "localhost",
    }.items():
        assert old in conf, old
        conf = conf.replace(old, new)
    conf = "\n".join(line for line in conf.splitlines() if "listen [::]" not in line)
    (prefix / "mtsk.conf").write_text(conf)
    (prefix / "nginx.conf").write_text(
        f"user {os.environ.get('USER') or 'root'};\nworker_processes 1;\n"
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log {prefix}/access.log;\n"
        f"  include {prefix}/mtsk.conf;\n}}\n"
    )
    process = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", https_port)) == 0:
                break
        assert process.poll() is None, process.stderr.read().decode()
        time.sleep(0.2)
    yield {"http": f"http://127.0.0.1:{http_port}", "https": f"https://localhost:{https_port}"}
    process.terminate()
    process.wait(timeout=10)


def _fetch(url: str, headers: dict | None = None):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # self-signed
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _NoRedirect()
    )
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - https only
        return opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_documented_nginx_proxy_redirects_to_https_and_serves_the_site(nginx):
    plain = _fetch(f"{nginx['http']}/sang-kien/?page=2")
    assert plain.status == 301
    assert plain.headers["Location"] == "https://127.0.0.1/sang-kien/?page=2"

    home = _fetch(f"{nginx['https']}/")
    assert home.status == 200
    assert home.headers["Server"] == "nginx"
    # The application knows the request came over HTTPS from the proxy's header.
    assert home.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    html = home.read().decode()
    assert "Một triệu sáng kiến" in html

    start = html.index('src="/media/images/') + len('src="')
    path = html[start : html.index('"', start)]
    rendition = _fetch(nginx["https"] + path)
    assert rendition.status == 200
    assert rendition.headers["Content-Type"] == "image/jpeg"
    assert "max-age=31536000, immutable" in rendition.headers["Cache-Control"]


def test_neither_nginx_nor_the_application_serve_documents_by_file_address(nginx, site):
    assert _fetch(f"{nginx['https']}/media/documents/any.pdf").status == 404
    assert site.get("/media/documents/any.pdf").status == 404
