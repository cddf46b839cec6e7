"""Lighthouse (mobile) on every page type, served by `make serve`.

    .venv/bin/python bench/lighthouse_bench.py

Starts the demo site as `make serve` does (bench/load/run.py's site, under
/tmp/mtsk-load-sqlite), installs Lighthouse 12.2.3 from the npm registry into
var/lighthouse on first use, runs it with Debian's Chromium (CHROME_PATH=/usr/bin/chromium)
on each page type, and prints the four scores, the largest paint (LCP) and the layout
shift (CLS) of each.
Exits non-zero if a page scores under 98 for performance, under 100 in another
category (but SEO on the search page, noindex on purpose), or shifts its layout at all.
"""

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "load"))

from run import free_port, site_environment, start_site  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
TOOLS = ROOT / "var" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse() -> Path:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund"]
            + [f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return binary


def page_addresses(url: str) -> dict[str, str]:
    """One address per page type; an initiative and an article from the home page."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:  # noqa: S310 - 127.0.0.1
        html = response.read().decode()
    import re

    # The first initiative's address: the home page links the featured list first.
    initiative = re.search(r'href="(/sang-kien/(?!noi-bat/)[a-z0-9-]+/)"', html)[1]
    article = re.search(r'href="(/tin-tuc/[a-z0-9-]+/)"', html)[1]
    return {
        "home": "/",
        "showcase": "/sang-kien/?sector=cong-nghiep&sort=benefit",
        "featured": "/sang-kien/noi-bat/",
        "initiative": initiative,
        "news": "/tin-tuc/",
        "article": article,
        "search results": "/tim-kiem/?q=ti%E1%BA%BFt+ki%E1%BB%87m+%C4%91i%E1%BB%87n",
        "race": "/bang-xep-hang/",
        "statistics": "/thong-ke/",
        "submission form": "/dang-ky-sang-kien/",
    }


# Lighthouse sometimes loses this Chromium's trace of a page load ("NO_NAVSTART") and
# exits with an error: the page is measured again, up to this many times in all.
ATTEMPTS = 3
# Kept out of search engines on purpose (noindex), which Lighthouse's SEO score counts
# against them.
NOINDEX = {"search results"}


def audit(binary: Path, url: str, report: Path) -> dict:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            subprocess.run(
                [str(binary), url, "--quiet", "--output", "json", "--output-path", str(report)]
                + ["--only-categories=" + ",".join(CATEGORIES), "--form-factor=mobile"]
                + ["--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                check=True,
                timeout=300,
            )
            break
        except subprocess.CalledProcessError:
            if attempt == ATTEMPTS:
                raise
            print(f"(Lighthouse failed on {url}, attempt {attempt}; again)", flush=True)
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = result["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["lcp"] = result["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    return scores


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    binary = lighthouse()
    args = SimpleNamespace(database="sqlite", uncached=False, no_redis=False)
    port = free_port()
    env = site_environment(args, port)
    site = start_site(env, Path(env["VAR_DIR"]) / "serve.log")
    failures = []
    try:
        url = f"http://127.0.0.1:{port}"
        print("| Page | Performance | Accessibility | Best practices | SEO | LCP | CLS |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        addresses = page_addresses(url)
        # Each page once before it is measured: its pictures' renditions (three formats,
        # two sizes) are made on the first view, which is not the speed readers get after.
        for path in addresses.values():
            urllib.request.urlopen(url + path, timeout=120).read()  # noqa: S310 - 127.0.0.1
        for name, path in addresses.items():
            scores = audit(binary, url + path, TOOLS / f"{name.replace(' ', '-')}.json")
            print(
                f"| {name} | {scores['performance']} | {scores['accessibility']} | "
                f"{scores['best-practices']} | {scores['seo']} | {scores['lcp']:.1f} s | "
                f"{scores['cls']:.3f} |",
                flush=True,
            )
            if scores["performance"] < 98 or scores["cls"] > 0:
                failures.append(name)
            judged = [c for c in CATEGORIES[1:] if not (c == "seo" and name in NOINDEX)]
            if any(scores[category] < 100 for category in judged):
                failures.append(name)
    finally:
        site.terminate()
        site.wait(timeout=60)
    if failures:
        raise SystemExit(f"under the bar: {', '.join(dict.fromkeys(failures))}")


if __name__ == "__main__":
    main()
