"""Every public page type reads the database in at most 20 queries, never the same query
twice, and as many with a long listing as with a short one."""

from collections import Counter

import pytest
import wagtail_factories
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsArticlePage
from showcase.models import InitiativeGalleryImage, InitiativePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages_made_afresh(settings):
    """What making a page costs: without the anonymous page cache, which would answer
    the second request without a query (off in the tests' settings; said here)."""
    settings.PAGE_CACHE = False


MAX_QUERIES = 20
LISTINGS = {
    "home": "/",
    "showcase": "/sang-kien/",
    "showcase filtered, page 2": "/sang-kien/?sector=cong-nghiep&sort=benefit&page=2",
    "featured": "/sang-kien/noi-bat/",
    "news": "/tin-tuc/",
    "search page": "/tim-kiem/?q=s%C3%A1ng+ki%E1%BA%BFn",
    "search API with facets": "/api/v1/search/?q=sang+kien&facets=1",
    "suggestions": "/api/v1/suggest/?q=sang",
    "race": "/bang-xep-hang/",
    "statistics": "/thong-ke/",
    "submission form": "/dang-ky-sang-kien/",
}


def read_queries(client, path: str) -> list[str]:
    """The SQL of one request to `path`, once a first request has made the renditions and
    filled the caches of content types and site roots, as on a running site.

    The renditions the first request put in the process's renditions cache are dropped:
    a process just started, or an entry expired, reads from the database each picture
    whose renditions were not prefetched with its page, and that must show here."""
    assert client.get(path).status_code == 200, path
    caches["renditions"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [query["sql"] for query in captured.captured_queries]


def check_lean(name: str, queries: list[str]) -> None:
    assert len(queries) <= MAX_QUERIES, f"{name}: {len(queries)} queries"
    repeated = [sql for sql, times in Counter(queries).items() if times > 1]
    assert not repeated, f"{name} repeats: {repeated}"


def add_initiatives(make_initiative, count: int, *, start: int) -> list[InitiativePage]:
    pages = []
    for number in range(start, start + count):
        page = make_initiative(title=f"Sáng kiến tiết kiệm điện số {number}")
        add_pictures(page, 1)
        page.tags.add(f"điện năng {number}", "tiết kiệm")
        page.save_revision().publish()
        pages.append(page)
    return pages


def add_pictures(page: InitiativePage, count: int) -> None:
    page.gallery_images = [
        *page.gallery_images.all(),
        *(
            InitiativeGalleryImage(image=wagtail_factories.ImageFactory(), caption=f"Ảnh {n}")
            for n in range(count)
        ),
    ]


def add_articles(make_article, count: int, *, start: int) -> list[NewsArticlePage]:
    return [
        make_article(
            title=f"Tin phong trào số {number}", featured_image=wagtail_factories.ImageFactory()
        )
        for number in range(start, start + count)
    ]


def test_listing_pages_read_the_same_few_queries_with_2_items_or_14(
    client, make_initiative, make_article
):
    add_initiatives(make_initiative, 2, start=0)
    add_articles(make_article, 2, start=0)
    few = {name: read_queries(client, path) for name, path in LISTINGS.items()}

    add_initiatives(make_initiative, 12, start=2)
    add_articles(make_article, 12, start=2)
    many = {name: read_queries(client, path) for name, path in LISTINGS.items()}

    for name in LISTINGS:
        check_lean(name, many[name])
        assert len(many[name]) == len(few[name]), (name, len(few[name]), len(many[name]))


def test_an_initiative_reads_the_same_queries_with_1_picture_or_6_and_more_tags(
    client, make_initiative
):
    initiative, *_ = add_initiatives(make_initiative, 3, start=0)
    initiative.body = [*blocks_of(initiative.body), *image_blocks(1)]
    initiative.save_revision().publish()
    path = initiative.url
    few = read_queries(client, path)

    add_pictures(initiative, 5)
    initiative.body = [*blocks_of(initiative.body), *image_blocks(4)]
    initiative.tags.add("khí nén", "máy nén", "bảo dưỡng", "an toàn")
    initiative.save_revision().publish()
    add_initiatives(make_initiative, 4, start=3)  # more related candidates
    many = read_queries(client, path)

    check_lean("initiative", few)  # related ones found by sector and province as well
    check_lean("initiative", many)
    assert len(many) <= len(few)


def blocks_of(body) -> list[tuple]:
    return [(block.block_type, block.value) for block in body]


def image_blocks(count: int) -> list[tuple]:
    return [
        ("image", {"image": wagtail_factories.ImageFactory(), "caption": f"Ảnh {n}"})
        for n in range(count)
    ]


def test_an_article_reads_the_same_queries_with_one_picture_or_five(client, make_article):
    article = make_article(featured_image=wagtail_factories.ImageFactory())
    article.body = [*blocks_of(article.body), *image_blocks(1)]
    article.tags.add("điện")
    article.save_revision().publish()
    few = read_queries(client, article.url)

    article.body = [*blocks_of(article.body), *image_blocks(4)]
    article.tags.add("nước", "an toàn", "khí nén")
    article.save_revision().publish()
    many = read_queries(client, article.url)

    check_lean("article", many)
    assert len(many) == len(few)
