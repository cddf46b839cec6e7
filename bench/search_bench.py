"""Search benchmark: index throughput and query latency per engine.

    .venv/bin/python bench/search_bench.py --sizes 10000 100000 [--engines ENGINE ...]

ENGINE is embedded, elasticsearch, wagtail (those three by default) or
wagtail-engine.

Generates N synthetic initiatives (about 300 words each) from a Vietnamese
vocabulary with Zipf-distributed word frequencies, rebuilds each engine's
index from them, then runs a fixed mix of 30 queries (common, medium and rare
words, phrases, accent-free typing) with facets and highlighting on, and
prints p50/p95 latencies. Elasticsearch is measured against the in-memory
osmem server. `wagtail` measures Wagtail's built-in search
(`InitiativePage.objects.live().search()`) on the same documents loaded as
pages, the baseline to beat (see `wagtail_baseline.py`); `wagtail-engine` the
same Wagtail API on the site's own backend (search.wagtail_backend: the admin
index on the project's engine, filters and facets in SQL). Nothing touches the
project's database or index: `BENCH_DATABASE_URL` may point at an empty PostgreSQL
database to measure Wagtail's PostgreSQL backend instead of SQLite's.
"""

import argparse
import random
import statistics
import time
from datetime import UTC, datetime

import benchsite  # starts Django on the throw-away site before the project is imported

# The site's own indexes (the `wagtail-engine` run builds the admin one) stay in WORKDIR.
WORKDIR = benchsite.set_up("mtsk-search-bench-", index_dir="site-index")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from latency import percentile  # noqa: E402

from search.documents import SearchDocument  # noqa: E402
from search.query import SearchRequest  # noqa: E402
from showcase.search import INITIATIVE  # noqa: E402

# Words of the domain, most frequent first (their rank drives the Zipf draw).
VOCABULARY_TEXT = (
    "và của các cho được trong công nhân sáng kiến lao động sản xuất giảm chi phí tiết kiệm "
    "điện năng suất an toàn hệ thống thiết bị máy quy trình cải tiến thời gian đơn vị nhà máy "
    "giải pháp hiệu quả vận hành kỹ thuật nước nhiệt tự động hóa bảo dưỡng công đoàn người "
    "chất lượng môi trường dây chuyền sửa chữa vật tư nguyên liệu lò hơi băng tải than khí "
    "dầu khai thác mỏ cảng tàu xe vận chuyển kho hàng đóng gói kiểm tra cảm biến phần mềm "
    "dữ liệu chuyển đổi số hóa đơn điện tử ngân hàng giao dịch khách hàng bệnh viện người "
    "bệnh y tế khám chữa trường học giáo viên học sinh bài giảng nông nghiệp thủy sản tôm "
    "lúa phân bón tưới tiêu xử lý nước thải rác thải tái chế phòng cháy chữa cháy bảo hộ "
    "cứu sinh tai nạn biến tần động cơ bơm quạt van ống hàn cắt dập khuôn mẫu sơn phun "
    "đèn chiếu sáng mặt trời pin lưu trữ đo lường giám sát cảnh báo từ xa đoàn viên phúc "
    "lợi chăm lo đời sống thi đua khen thưởng tôn vinh nhân rộng áp dụng thực tế"
)
VOCABULARY = VOCABULARY_TEXT.split(" ")
PROVINCES = ["01", "79", "31", "22", "74", "75", "27", "38", "40", "48", "92", "96", "TW01"]
SECTORS = [
    "cong-nghiep", "nang-luong", "xay-dung", "giao-thong-van-tai", "nong-nghiep", "y-te",
    "giao-duc", "cong-nghe-thong-tin", "hanh-chinh", "cong-doan", "moi-truong",
]  # fmt: skip
QUERIES = [
    # common words
    "sáng kiến", "công nhân", "tiết kiệm", "an toàn", "năng suất", "hệ thống", "chi phí",
    "quy trình", "cải tiến", "thiết bị",
    # medium
    "băng tải than", "lò hơi", "biến tần", "hóa đơn điện tử", "xử lý nước thải",
    "phòng cháy chữa cháy", "đoàn viên", "tưới tiêu", "cảm biến", "khuôn mẫu",
    # rare, phrases, accent-free, abbreviations, typos
    "pin lưu trữ mặt trời", "tiet kiem dien", "cong doan", "chuyen doi so", "ngan hang giao dich",
    "LĐLĐ", "NLĐ an toàn", "bang tai thna", "hoá đơn", "cứu sinh tai nạn",
]  # fmt: skip


def zipf_words(rng: random.Random, count: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
    return rng.choices(VOCABULARY, weights=weights, k=count)


def generate(n: int, seed: int = 7):
    rng = random.Random(seed)
    for pk in range(1, n + 1):
        words = zipf_words(rng, 300)
        yield SearchDocument(
            type=INITIATIVE,
            id=pk,
            title=" ".join(words[:12]).capitalize(),
            url=f"/sang-kien/{pk}/",
            summary=" ".join(words[12:50]),
            body=" ".join(words[50:]),
            extra="",
            province_code=rng.choice(PROVINCES),
            province_name="",
            sector_slug=rng.choice(SECTORS),
            sector_name="",
            phase=rng.choice((1, 2)),
            year=rng.choice((2021, 2022, 2023)),
            benefit_vnd=rng.choice((None, rng.randrange(10**7, 5 * 10**11))),
            published_at=datetime(2021 + pk % 3, 1 + pk % 12, 1 + pk % 28, tzinfo=UTC),
        )


PREGENERATE_LIMIT = 200_000


def measure(engine, n: int, rounds: int) -> None:
    # Up to 200k documents are generated before the clock starts, so the figure is
    # the engine's (normalisation included); beyond that they are generated on the fly.
    documents = list(generate(n)) if n <= PREGENERATE_LIMIT else generate(n)
    started = time.perf_counter()
    engine.rebuild(documents)
    elapsed = time.perf_counter() - started
    note = "" if n <= PREGENERATE_LIMIT else " (includes generating the synthetic text)"
    print(f"  rebuild: {n:,} documents in {elapsed:.1f} s = {n / elapsed:,.0f} documents/s{note}")
    for query in QUERIES[:3]:  # warm caches
        engine.search(SearchRequest(q=query))
    timings = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            engine.search(SearchRequest(q=query, page_size=20, with_facets=True))
            timings.append((time.perf_counter() - start) * 1000)
    print(
        f"  queries (30-query mix x {rounds}, top 20, facets and highlighting): "
        f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
        f"max {max(timings):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engines", nargs="+", default=["embedded", "elasticsearch", "wagtail"])
    parser.add_argument("--es-max", type=int, default=10_000, help="largest N for osmem")
    parser.add_argument("--wagtail-max", type=int, default=100_000, help="largest N for Wagtail")
    parser.add_argument(
        "--query-limit", type=float, default=30.0, help="seconds before a Wagtail query is stopped"
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from search.engines.elastic import ElasticsearchEngine
    from search.engines.embedded import EmbeddedEngine

    for n in args.sizes:
        if "embedded" in args.engines:
            print(f"embedded (tantivy), N = {n:,}")
            measure(EmbeddedEngine(WORKDIR / f"index-{n}"), n, args.rounds)
        if "elasticsearch" in args.engines and n <= args.es_max:
            from osmem_server import OsmemServer

            print(f"elasticsearch (osmem in-memory server), N = {n:,}")
            with OsmemServer.start() as server:
                measure(ElasticsearchEngine(server.url, index="bench", timeout=120), n, args.rounds)
        if "wagtail" in args.engines and n <= args.wagtail_max:
            from django.db import connection
            from wagtail_baseline import measure_wagtail

            print(f"wagtail (database search backend on {connection.vendor}), N = {n:,}")
            measure_wagtail(n, args.rounds, generate(n), QUERIES, query_limit_s=args.query_limit)
        if "wagtail-engine" in args.engines:
            from wagtail_baseline import measure_wagtail

            print(f"wagtail API on the project's engine ({settings.SEARCH_BACKEND}), N = {n:,}")
            measure_wagtail(n, args.rounds, generate(n), QUERIES, backend_name="default")


if __name__ == "__main__":
    main()
