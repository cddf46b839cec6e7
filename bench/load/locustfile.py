"""The reader mix of the load tests (bench/load/run.py drives it).

Each simulated reader stands for one person behind the site's proxy: it sends its own
address in X-Real-IP, as nginx does (deploy/nginx-mtsk.conf), so that the per-address
rate limits count each reader apart. The pages come from the site's own sitemaps.
"""

import os
import random
import re

from locust import FastHttpUser, between, constant, events, task

PAGES: dict[str, list[str]] = {"initiatives": [], "articles": []}
SEARCHES = [
    "tiết kiệm điện",
    "tiet kiem dien",
    "an toàn lao động",
    "máy nén khí",
    "cai tien quy trinh",
    "phòng chống dịch",
    "năng suất",
    "xử lý nước thải",
]
SECTORS = ["cong-nghiep", "nang-luong", "y-te", "giao-duc", "moi-truong", "cong-nghe-thong-tin"]
_LOC = re.compile(r"<loc>https?://[^/]+(/[^<]*)</loc>")


@events.test_start.add_listener
def read_the_sitemaps(environment, **kwargs):
    """The initiatives' and articles' addresses, from the sitemap index and its files."""
    import urllib.request

    host = environment.host

    def locations(path: str) -> list[str]:
        request = urllib.request.Request(host + path, headers={"X-Real-IP": "10.255.0.1"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1
            return _LOC.findall(response.read().decode())

    for sitemap in locations("/sitemap.xml"):
        for path in locations(sitemap):
            if path.startswith("/sang-kien/") and path.count("/") == 3:
                PAGES["initiatives"].append(path)
            elif path.startswith("/tin-tuc/") and path.count("/") == 3:
                PAGES["articles"].append(path)
    if not PAGES["initiatives"] or not PAGES["articles"]:
        raise RuntimeError("the sitemaps list no initiative or no article")


def _thinking(seconds: str):
    """A reader's pause between requests: LOAD_THINK="1-3" is one to three seconds."""
    low, _, high = seconds.partition("-")
    return between(float(low), float(high or low)) if float(low) else constant(0)


class Reader(FastHttpUser):
    wait_time = _thinking(os.environ.get("LOAD_THINK", "0"))
    _next_address = 0

    def on_start(self):
        Reader._next_address += 1
        number = Reader._next_address
        self.address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"

    def _get(self, path: str, name: str):
        self.client.get(path, name=name, headers={"X-Real-IP": self.address})

    @task(3)
    def home(self):
        self._get("/", "home")

    @task(4)
    def initiative(self):
        self._get(random.choice(PAGES["initiatives"]), "initiative")

    @task(2)
    def showcase_filtered(self):
        sector = random.choice(SECTORS)
        page = random.choice(["", "&page=2"])
        self._get(f"/sang-kien/?sector={sector}&sort=benefit{page}", "showcase, filtered")

    @task(1)
    def news(self):
        self._get("/tin-tuc/", "news")

    @task(2)
    def article(self):
        self._get(random.choice(PAGES["articles"]), "article")

    @task(2)
    def search_page(self):
        self._get(f"/tim-kiem/?q={random.choice(SEARCHES)}", "search page")

    @task(2)
    def search_api(self):
        self._get(f"/api/v1/search/?q={random.choice(SEARCHES)}&facets=1", "search API")
