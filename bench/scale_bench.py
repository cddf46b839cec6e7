"""Every page and admin screen with many initiatives: p50/p95 uncached and queries.

    # 100,000 initiatives on a throw-away SQLite site, loaded by the import:
    .venv/bin/python bench/scale_bench.py --initiatives 100000
    # The million-initiative site that bench/import_bench.py left behind:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mtsk_million \\
    BENCH_INDEX_DIR=/tmp/mtsk-import-bench-XXXX/index \\
        .venv/bin/python bench/scale_bench.py --initiatives 1000000

When the database holds fewer initiatives than `--initiatives`, the rest are generated
(`corpus.py`, seeded, text that reads like the demo's) and loaded the way an editor
would, with `manage.py import_initiatives`, then indexed with `search_sync --once`.
On PostgreSQL the tables are analysed first, as autovacuum would have done.

Then requests, through Django's test client with no cache in front, `--rounds` times:
the home page; the showcase without and with filters, pages 1 and 500; initiatives;
the search page and API with facets; and, as a superuser and as a member of an
editors' group with permissions on the showcase section only, the admin explorer
listing the showcase's children (default order, sorted, searched), initiatives' edit
views, and the page chooser opened on the showcase and searched. Prints p50/p95/max
and the most queries a request ran, per page or screen.
"""

import argparse
import os
import random
import time

import benchsite

# Django's test client asks for "testserver".
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
WORKDIR = benchsite.set_up("mtsk-scale-bench-")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from latency import measure, percentile  # noqa: E402
from wagtail.models import GroupPagePermission  # noqa: E402

from showcase.models import InitiativePage, Province, Sector, ShowcaseIndexPage  # noqa: E402

QUERIES = ["máy bơm", "tiet kiem dien", "băng tải than", "phần mềm quản lý", "an toàn lao động"]
EDITOR_GROUP = "Biên tập thư viện sáng kiến (đo)"


def load(target: int) -> None:
    """Import generated initiatives until the site holds `target` of them."""
    from corpus import write_import_file

    have = InitiativePage.objects.count()
    if have >= target:
        return
    path = WORKDIR / "initiatives.csv"
    write_import_file(path, rows=target - have, seed=target, first=have + 1)
    started = time.perf_counter()
    call_command("import_initiatives", str(path), "--no-progress")
    call_command("search_sync", "--once")
    print(f"loaded {target - have:,} initiatives in {time.perf_counter() - started:.0f} s")
    path.unlink()


def users():
    """A superuser, and an editor whose group may add, edit and publish in the showcase."""
    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="do-quan-tri", defaults={"is_superuser": True, "is_staff": True}
    )
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    showcase = ShowcaseIndexPage.objects.get()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=showcase, permission=Permission.objects.get(codename=codename)
        )
    editor, _ = User.objects.get_or_create(username="do-bien-tap")
    editor.groups.add(group)
    return {"quản trị": admin, "biên tập mục": editor}


def report(label: str, client: Client, requests: list[tuple[str, dict]], rounds: int) -> None:
    client.get(*requests[0])  # warm the process (templates, lexicon), not the pages
    timings, queries = measure(client, requests, rounds=rounds)
    print(
        f"  {label:<58} p50 {percentile(timings, 0.5):7.1f} ms  p95 "
        f"{percentile(timings, 0.95):7.1f} ms  max {max(timings):7.1f} ms  {queries:3d} queries"
    )


def sitemap(client: Client) -> None:
    """The index, then the first initiatives' file streamed whole: time, size and the
    peak of Python memory while it streams."""
    import tracemalloc

    started = time.perf_counter()
    index = client.get("/sitemap.xml")
    elapsed = (time.perf_counter() - started) * 1000
    files = index.content.decode().count("<sitemap>")
    print(f"  sitemap index: {files} files, {elapsed:.0f} ms")
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/sitemap-sang-kien-0.xml")
    size = urls = 0
    for part in response.streaming_content:
        size += len(part)
        urls += part.count(b"<url>")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  sitemap file 0: {size / 2**20:.1f} MB ({urls:,} addresses) in {elapsed:.1f} s, "
        f"peak Python memory {peak / 2**20:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load(args.initiatives)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rng = random.Random(7)
    showcase = ShowcaseIndexPage.objects.get()
    count = InitiativePage.objects.count()
    print(
        f"{count:,} initiatives, {connection.vendor}, index in {os.environ['SEARCH_INDEX_DIR']}, "
        f"{args.rounds} rounds"
    )
    high = InitiativePage.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample_ids = set()
    while len(sample_ids) < 10:
        found = (
            InitiativePage.objects.filter(pk__gte=rng.randrange(1, high))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if found:
            sample_ids.add(found)
    samples = list(InitiativePage.objects.filter(pk__in=sample_ids))
    sector = Sector.objects.order_by("sort_order").values_list("slug", flat=True).first()
    province = Province.objects.order_by("sort_order").values_list("code", flat=True)[3]
    client = Client()

    print("Public pages:")
    report("home", client, [("/", {})], args.rounds)
    listing = showcase.url
    for page in (1, 500):
        report(f"showcase, page {page}", client, [(listing, {"page": page})], args.rounds)
        report(
            f"showcase, sector + province + phase, page {page}",
            client,
            [(listing, {"sector": sector, "province": province, "phase": 2, "page": page})],
            args.rounds,
        )
    report(
        "showcase, searched, page 1",
        client,
        [(listing, {"q": q}) for q in QUERIES],
        args.rounds,
    )
    report("initiative", client, [(page.url, {}) for page in samples], args.rounds)
    report("search page", client, [("/tim-kiem/", {"q": q}) for q in QUERIES], args.rounds)
    report(
        "search API with facets",
        client,
        [("/api/v1/search/", {"q": q, "province": province}) for q in QUERIES],
        args.rounds,
    )

    sitemap(client)

    explorer = f"/admin/pages/{showcase.pk}/"
    for role, user in users().items():
        client.force_login(user)
        print(f"Admin, {role}:")
        report("explorer, showcase's children", client, [(explorer, {})], args.rounds)
        report(
            "explorer, sorted by title / by date",
            client,
            [
                (explorer, {"ordering": "title"}),
                (explorer, {"ordering": "-latest_revision_created_at"}),
            ],
            args.rounds,
        )
        report(
            "explorer, searched",
            client,
            [(explorer, {"q": q}) for q in QUERIES],
            args.rounds,
        )
        report(
            "edit view",
            client,
            [(f"/admin/pages/{page.pk}/edit/", {}) for page in samples],
            args.rounds,
        )
        report(
            "page chooser on the showcase",
            client,
            [(f"/admin/choose-page/{showcase.pk}/", {})],
            args.rounds,
        )
        report(
            "page chooser, searched",
            client,
            [("/admin/choose-page/search/", {"q": q}) for q in QUERIES],
            args.rounds,
        )
        client.logout()


if __name__ == "__main__":
    main()
