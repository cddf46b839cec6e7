"""The submission form's "similar initiatives" panel: p50/p95 of
/dang-ky-sang-kien/tuong-tu/ with many published initiatives.

    .venv/bin/python bench/similar_bench.py --initiatives 100000

Uses the search benchmark's throw-away site and synthetic text (Zipf-drawn words of
the domain, about 300 per initiative), bulk-loads them as live pages, indexes them in
the embedded engine the way a site does (`rebuild_search_index`), then asks the panel
for the initiatives like 30 titles and summaries a worker might type, through Django's
test client with no cache in front. The rate limit is off for the measurement (one
client address asks far more than a person would).
"""

import argparse
import random
import shutil
import time

import search_bench  # sets Django up on the benchmark's site, so it comes first

generate, zipf_words = search_bench.generate, search_bench.zipf_words

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from latency import measure, percentile  # noqa: E402
from wagtail_baseline import _load_pages  # noqa: E402

from showcase.models import ShowcaseIndexPage  # noqa: E402

PANEL = "/dang-ky-sang-kien/tuong-tu/"


def typed_drafts(count: int) -> list[dict]:
    """What workers type: a title of 6–12 words and a summary of 15–30."""
    rng = random.Random(14)
    drafts = []
    for _ in range(count):
        words = zipf_words(rng, 42)
        drafts.append(
            {
                "title": " ".join(words[: rng.randint(6, 12)]).capitalize(),
                "summary": " ".join(words[12 : 12 + rng.randint(15, 30)]),
            }
        )
    return drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    try:
        run(args)
    finally:
        connection.close()
        shutil.rmtree(search_bench.WORKDIR, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    settings.RATELIMIT_ENABLE = False
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    loaded = _load_pages(
        parent=ShowcaseIndexPage.objects.get(), documents=generate(args.initiatives)
    )
    print(f"loaded {loaded:,} initiatives in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("rebuild_search_index", "--index", "public", "--no-progress", verbosity=0)
    print(f"indexed in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="127.0.0.1")
    drafts = typed_drafts(30)
    client.get(PANEL, drafts[0])  # compiles the template once, as a running site has
    timings, most_queries = measure(
        client, [(PANEL, draft) for draft in drafts], rounds=args.rounds
    )
    print(
        f"similar initiatives panel, {loaded:,} initiatives on {connection.vendor}: "
        f"p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
        f"max {max(timings):.1f} ms, at most {most_queries} queries per request"
    )


if __name__ == "__main__":
    main()
