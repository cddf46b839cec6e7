"""Load and fault runs against `make serve`, on 127.0.0.1 only, bounded in time.

    .venv/bin/python bench/load/run.py --database sqlite                 # cached, Redis
    .venv/bin/python bench/load/run.py --database postgres --uncached    # PAGE_CACHE=false
    .venv/bin/python bench/load/run.py --database postgres --fault postgres
    .venv/bin/python bench/load/run.py --database sqlite --fault redis
    .venv/bin/python bench/load/run.py --database sqlite --engine elasticsearch --fault search

Starts the site as `make serve` does (`python -m portal.serve`: production settings,
gunicorn, the search worker) on a site of its own under /tmp/mtsk-load-<database>
(the demo content, loaded on the first run), then runs the reader mix of
`locustfile.py` (locust, headless) with `--users` clients for `--seconds` seconds and
prints throughput, p50, p95 and failures. `--think 1-3` makes each reader pause one to
three seconds between requests.

`--engine elasticsearch` serves search from an Elasticsearch-compatible server started
here (osmem-server, in memory, from the test dependencies) instead of the embedded index.

A fault starts a third into the run and lasts `--down` seconds: PostgreSQL stopped
(`pg_ctlcluster`), Redis shut down, or the search server stopped (`--engine
elasticsearch`; it comes back empty, being in memory). Failures are then printed per
5-second window, to show that they happen only while the part is down (and, for Redis
and search, not at all).
Needs locust (`.venv/bin/pip install -e ".[bench]"`) and, for the PostgreSQL fault,
root.
"""

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/5"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(args, port: int) -> dict[str, str]:
    workdir = Path(tempfile.gettempdir()) / f"mtsk-load-{args.database}"
    workdir.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(workdir)),
        "LANG": "C.UTF-8",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(port),
        "VAR_DIR": str(workdir),
        "DEMO_CONTENT": "true",
        "DEMO_PASSWORD": "tai-thu-mat-khau",
        "PAGE_CACHE": "false" if args.uncached else "true",
        "LOG_LEVEL": "WARNING",
    }
    # The application server's shape, when tried other than serve's default.
    for name in ("WEB_CONCURRENCY", "WEB_THREADS"):
        if name in os.environ:
            env[name] = os.environ[name]
    if args.database == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "mtsk_load"], check=False)
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/mtsk_load"
    if not args.no_redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def start_site(env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "portal.serve"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{env['PORT']}/robots.txt"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"make serve stopped at start; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - 127.0.0.1
                return process
        except OSError:
            time.sleep(1)
    process.terminate()
    raise SystemExit(f"make serve did not answer in 10 minutes; see {log}")


class Fault:
    """Takes one part down at `at` seconds into the run, and back `down` seconds later."""

    def __init__(self, kind: str, env: dict[str, str], *, at: float, down: float, engine=None):
        self.kind, self.env, self.at, self.down = kind, env, at, down
        self.engine = engine  # the search server, for the search fault
        self.log: list[str] = []

    def run(self, started: float) -> None:
        time.sleep(max(0.0, started + self.at - time.monotonic()))
        self.log.append(f"{time.monotonic() - started:5.1f} s: {self.kind} down")
        getattr(self, f"_{self.kind}")(up=False)
        time.sleep(self.down)
        getattr(self, f"_{self.kind}")(up=True)
        self.log.append(f"{time.monotonic() - started:5.1f} s: {self.kind} up")

    def _postgres(self, *, up: bool) -> None:
        command = "start" if up else "stop"
        subprocess.run(["pg_ctlcluster", "15", "main", command], check=True)

    def _search(self, *, up: bool) -> None:
        from osmem_server import OsmemServer

        if up:
            self.engine = OsmemServer.start(addr=self.env["ELASTICSEARCH_URL"].split("//")[1])
        else:
            self.engine.close()

    def _redis(self, *, up: bool) -> None:
        if up:
            subprocess.run(
                ["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--save", ""]
                + ["--appendonly", "no", "--daemonize", "yes"],
                check=True,
            )
        else:
            subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)


def run_locust(args, url: str, prefix: Path) -> None:
    env = {**os.environ, "LOAD_THINK": args.think}
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless"]
        + ["--users", str(args.users), "--spawn-rate", str(max(1, args.users // 5))]
        + ["--run-time", f"{args.seconds}s", "--host", url, "--csv", str(prefix)]
        + ["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
        env=env,
        check=False,
    )


def report(args, prefix: Path, fault: Fault | None) -> None:
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    total = rows["Aggregated"]
    mode = "uncached" if args.uncached else "cached"
    print(
        f"\n{args.database}, {mode}, {args.users} clients, {args.seconds} s"
        f"{', think ' + args.think + ' s' if args.think != '0' else ''}"
        f"{', fault: ' + args.fault if args.fault else ''}"
    )
    print("| Page | Requests | Throughput | p50 | p95 | Failures |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, row in rows.items():
        print(
            f"| {name} | {row['Request Count']} | {float(row['Requests/s']):.0f} req/s "
            f"| {row['50%']} ms | {row['95%']} ms | {row['Failure Count']} |"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(failures.open()))[:10]:
            print(f"  failure: {row['Name']}: {row['Error']} × {row['Occurrences']}")
    if fault:
        print("\n".join(fault.log))
        print("Failures per 5 s window (from the start):")
        with open(f"{prefix}_stats_history.csv", newline="") as file:
            history = [row for row in csv.DictReader(file) if row["Name"] == "Aggregated"]
        start = int(history[0]["Timestamp"]) if history else 0
        previous, windows = 0, {}
        for row in history:
            failed = int(row["Total Failure Count"])
            window = (int(row["Timestamp"]) - start) // 5 * 5
            windows[window] = windows.get(window, 0) + failed - previous
            previous = failed
        print("  " + ", ".join(f"{w}–{w + 5} s: {n}" for w, n in sorted(windows.items())))
    print(f"\nthroughput {float(total['Requests/s']):.0f} req/s, p95 {total['95%']} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--uncached", action="store_true", help="PAGE_CACHE=false")
    parser.add_argument("--no-redis", action="store_true", help="the file cache instead")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", default="0", help='seconds between requests, e.g. "1-3"')
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--fault", choices=["postgres", "redis", "search"])
    parser.add_argument("--down", type=float, default=10.0)
    args = parser.parse_args()

    if args.fault == "search" and args.engine != "elasticsearch":
        parser.error("--fault search needs --engine elasticsearch")
    port = free_port()
    env = site_environment(args, port)
    engine = None
    if args.engine == "elasticsearch":
        from osmem_server import OsmemServer

        address = f"127.0.0.1:{free_port()}"
        engine = OsmemServer.start(addr=address)
        env.update(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL=f"http://{address}")
    log = Path(env["VAR_DIR"]) / "serve.log"
    site = start_site(env, log)
    fault = None
    try:
        url = f"http://127.0.0.1:{port}"
        prefix = Path(env["VAR_DIR"]) / f"locust-{int(time.time())}"
        if args.fault:
            fault = Fault(args.fault, env, at=args.seconds / 3, down=args.down, engine=engine)
            threading.Thread(target=fault.run, args=(time.monotonic(),), daemon=True).start()
        run_locust(args, url, prefix)
        report(args, prefix, fault)
    finally:
        site.terminate()
        site.wait(timeout=60)
        # The search server the fault left running, or the one started here.
        if running := (fault.engine if fault else engine):
            running.close()


if __name__ == "__main__":
    main()
