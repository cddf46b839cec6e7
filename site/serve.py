"""`make serve`: the site as production runs it, in one foreground command.

    SECRET_KEY=… ALLOWED_HOSTS=example.vn make serve

Reads `.env` (see `.env.example`) under the variables already set, refuses to start
without SECRET_KEY and ALLOWED_HOSTS, then with the production settings migrates,
collects the static files and starts its processes, stopping them all together:

- gunicorn on HOST:PORT (127.0.0.1:8000), `WEB_CONCURRENCY` workers (the cores plus
  one) of `WEB_THREADS` threads (one), behind the TLS proxy of docs/deploy.md;
- `manage.py search_sync`, which feeds the search index what the site commits (the web
  processes only queue their changes: one writer for the index);
- `manage.py publish_scheduled` once a minute, for pages scheduled in the admin;
- `manage.py export_open_data --if-stale` at start and then hourly: the open dataset of
  /du-lieu-mo/ is rebuilt once a day, on the first run after midnight (Vietnam time).

A worker that dies is started again; gunicorn stopping stops everything.
"""

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "SECRET_KEY": "một chuỗi ngẫu nhiên dài (ví dụ: python -c 'import secrets; "
    "print(secrets.token_urlsafe(50))')",
    "ALLOWED_HOSTS": "các tên miền của trang, cách nhau bởi dấu phẩy (ví dụ: sangkien.vn)",
}
PUBLISH_EVERY = 60.0
EXPORT_EVERY = 3600.0
RESTART_AFTER = 5.0


def read_env_file(path: Path, environ: dict) -> None:
    """KEY=value lines of `path` into `environ`, without overriding what is set.
    Blank lines and # comments are skipped; values may be quoted."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key, value = key.strip().removeprefix("export ").strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        environ.setdefault(key, value)


def missing_settings(environ: dict) -> list[str]:
    """The required variables that are unset or blank, each with what to put there."""
    return [
        f"  {name}: {hint}" for name, hint in REQUIRED.items() if not environ.get(name, "").strip()
    ]


def web_workers(environ: dict) -> int:
    """A page costs 15–20 ms of processor time and waits little on the database: one
    worker per core and one more to use the waits. More processes, or threads, only
    take turns on the cores (bench/load on 2 cores, uncached on PostgreSQL: 85 req/s
    with 3 workers of 1 thread, 74 with 3 × 2 threads, 66 with 5 × 2)."""
    if environ.get("WEB_CONCURRENCY", "").isdigit():
        return max(1, int(environ["WEB_CONCURRENCY"]))
    return (os.cpu_count() or 1) + 1


def gunicorn_command(environ: dict) -> list[str]:
    host, port = environ.get("HOST", "127.0.0.1"), environ.get("PORT", "8000")
    threads = environ.get("WEB_THREADS", "1")
    return [
        *(sys.executable, "-m", "gunicorn", "portal.wsgi:application"),
        *("--bind", f"{host}:{port}", "--workers", str(web_workers(environ))),
        *("--worker-class", "gthread", "--threads", threads),
        # A worker is replaced after a few thousand requests, at staggered times, so
        # that a slow leak never grows; a request may not hold a worker for long.
        *("--max-requests", "5000", "--max-requests-jitter", "500"),
        *("--timeout", "30", "--graceful-timeout", "20", "--keep-alive", "5"),
        # X-Forwarded-* are believed from the proxy on this machine only.
        *("--forwarded-allow-ips", environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")),
        *("--access-logfile", "-", "--error-logfile", "-"),
    ]


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def run_step(command: list[str], environ: dict) -> None:
    print(f"==> {shlex.join(command[1:])}", flush=True)
    subprocess.run(command, env=environ, cwd=ROOT, check=True)  # noqa: S603


class Supervisor:
    """Starts the processes, restarts the search worker if it dies, stops them all."""

    def __init__(self, environ: dict):
        self.environ = environ
        self.stopping = False
        self.web: subprocess.Popen | None = None
        self.sync: subprocess.Popen | None = None
        self.publish: subprocess.Popen | None = None
        self.export: subprocess.Popen | None = None
        self.next_publish = self.next_export = 0.0

    def start(self, command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(command, env=self.environ, cwd=ROOT)  # noqa: S603

    def stop(self, *_):
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.sync = self.start(manage("search_sync"))
        self.web = self.start(gunicorn_command(self.environ))
        host, port = self.environ.get("HOST", "127.0.0.1"), self.environ.get("PORT", "8000")
        print(f"==> Đang phục vụ tại http://{host}:{port}/ (Ctrl+C để dừng)", flush=True)
        try:
            while not self.stopping:
                if self.web.poll() is not None:
                    return self.web.returncode
                if self.sync.poll() is not None:
                    print("search_sync đã dừng; khởi động lại.", file=sys.stderr, flush=True)
                    time.sleep(RESTART_AFTER)
                    self.sync = self.start(manage("search_sync"))
                self._publish_scheduled()
                self._export_open_data()
                time.sleep(0.5)
            return 0
        finally:
            self._terminate()

    def _publish_scheduled(self) -> None:
        if self.publish is not None and self.publish.poll() is None:
            return
        now = time.monotonic()
        if now >= self.next_publish:
            self.publish = self.start(manage("publish_scheduled"))
            self.next_publish = now + PUBLISH_EVERY

    def _export_open_data(self) -> None:
        if self.export is not None and self.export.poll() is None:
            return
        now = time.monotonic()
        if now >= self.next_export:
            self.export = self.start(manage("export_open_data", "--if-stale"))
            self.next_export = now + EXPORT_EVERY

    def _terminate(self) -> None:
        processes = (self.web, self.sync, self.publish, self.export)
        running = [p for p in processes if p and p.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + 30
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> int:
    environ = dict(os.environ)
    read_env_file(ROOT / ".env", environ)
    if missing := missing_settings(environ):
        print(
            "make serve: thiếu biến môi trường bắt buộc (đặt trong môi trường hoặc tệp .env, "
            "xem .env.example):\n" + "\n".join(missing),
            file=sys.stderr,
        )
        return 2
    environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    # Uploads are served by the application unless the proxy is set up to (docs/deploy.md).
    environ.setdefault("SERVE_MEDIA", "true")
    # The web processes queue index changes; `search_sync` alone writes the index.
    environ.setdefault("SEARCH_SYNC", "off")
    environ.setdefault("PYTHONUNBUFFERED", "1")
    try:
        run_step(manage("check", "--deploy", "--fail-level", "ERROR"), environ)
        run_step(manage("migrate", "--noinput"), environ)
        run_step(manage("collectstatic", "--noinput", "--verbosity", "0"), environ)
        if environ.get("DEMO_CONTENT", "").lower() in {"1", "true", "yes", "on"}:
            run_step(manage("load_demo", "--if-empty"), environ)
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    return Supervisor(environ).run()


if __name__ == "__main__":
    sys.exit(main())
