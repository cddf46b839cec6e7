"""RSS and Atom feeds of news and initiatives, and the index pages that advertise them."""

from html.parser import HTMLParser
from urllib.parse import unquote

import defusedxml.ElementTree as ET
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from news.models import NewsCategory
from tests.showcase.factories import province, sector

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [
        {child.tag: child.text for child in item}
        | {"categories": [c.text for c in item.findall("category")]}
        for item in channel.findall("item")
    ]


def atom_entries(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": entry.findtext(f"{ATOM}published"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def categorised(make_article, category, **kwargs):
    article = make_article(**kwargs)
    article.categories.set([category])
    article.save_revision().publish()
    return article


@pytest.fixture
def category(db):
    return NewsCategory.objects.create(name="Gương sáng kiến")


def test_the_news_feed_lists_live_articles_newest_first_with_absolute_links_in_vietnam_time(
    client, make_article
):
    older = make_article(title="Công nhân Quảng Ninh tiết kiệm điện")
    newer = make_article(title="Tuyên dương sáng kiến ngành dệt may")

    items = rss_items(client, "/nguon-tin/tin-tuc/rss.xml")

    assert [item["title"] for item in items] == [newer.title, older.title]
    assert items[0]["link"] == f"http://testserver{newer.url}"
    assert items[0]["description"] == newer.lead
    assert items[0]["pubDate"].endswith("+0700")
    channel = ET.fromstring(client.get("/nguon-tin/tin-tuc/rss.xml").content).find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("title").startswith("Tin tức")


def test_a_category_feed_lists_only_its_live_public_articles(client, make_article, category):
    shown = categorised(make_article, category, title="Bài trong chuyên mục")
    make_article(title="Bài ngoài chuyên mục")
    unpublished = categorised(make_article, category, title="Bài đã gỡ")
    unpublished.unpublish()
    private = categorised(make_article, category, title="Bài riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    for path in (
        f"/nguon-tin/tin-tuc/chuyen-muc/{category.slug}/rss.xml",
        f"/nguon-tin/tin-tuc/chuyen-muc/{category.slug}/atom.xml",
    ):
        reader = atom_entries if path.endswith("atom.xml") else rss_items
        assert [item["title"] for item in reader(client, path)] == [shown.title]
    # Nor in the feed of all news.
    titles = [item["title"] for item in rss_items(client, "/nguon-tin/tin-tuc/rss.xml")]
    assert unpublished.title not in titles
    assert private.title not in titles


def test_a_tag_feed_lists_the_articles_with_that_tag(client, make_article):
    tagged = make_article(title="Bài về khí nén", tags=["khí nén"])
    make_article(title="Bài khác", tags=["điện"])

    slug = tagged.tags.get().slug
    items = rss_items(client, reverse("feed-news-tag-rss", kwargs={"slug": slug}))

    assert [item["title"] for item in items] == [tagged.title]
    assert "khí nén" in items[0]["categories"]


def test_a_province_news_feed_lists_articles_about_its_initiatives(
    client, make_article, make_initiative
):
    from news.models import NewsRelatedInitiative

    hanoi_initiative = make_initiative(province=province("01"))
    about_hanoi = make_article(title="Sáng kiến Hà Nội được nhân rộng")
    NewsRelatedInitiative.objects.create(page=about_hanoi, initiative=hanoi_initiative)
    make_article(title="Bài không gắn sáng kiến")

    slug = province("01").slug
    items = rss_items(client, f"/nguon-tin/tin-tuc/tinh/{slug}/rss.xml")

    assert [item["title"] for item in items] == [about_hanoi.title]


def test_the_initiatives_feed_lists_newest_published_first_with_the_benefit(
    client, make_initiative
):
    first = make_initiative(title="Sáng kiến đăng trước")
    second = make_initiative(title="Sáng kiến đăng sau", benefit_vnd=1_200_000_000)

    entries = atom_entries(client, "/nguon-tin/sang-kien/atom.xml")
    items = rss_items(client, "/nguon-tin/sang-kien/rss.xml")

    assert [entry["title"] for entry in entries] == [second.title, first.title]
    assert entries[0]["link"] == f"http://testserver{second.url}"
    assert entries[0]["published"].endswith("+07:00")
    assert "Làm lợi 1,2 tỷ đồng" in items[0]["description"]


def test_province_and_sector_initiative_feeds_keep_to_them(client, make_initiative):
    in_hanoi = make_initiative(province=province("01"))
    make_initiative(province=province("79"))

    hanoi = rss_items(client, f"/nguon-tin/sang-kien/tinh/{province('01').slug}/rss.xml")
    industry = rss_items(
        client, f"/nguon-tin/sang-kien/linh-vuc/{sector('cong-nghiep').slug}/rss.xml"
    )

    assert [item["title"] for item in hanoi] == [in_hanoi.title]
    assert len(industry) == 2


def test_a_feed_holds_at_most_30_items(client, make_article):
    for _ in range(32):
        make_article()
    assert len(rss_items(client, "/nguon-tin/tin-tuc/rss.xml")) == 30


@pytest.mark.parametrize(
    "path",
    [
        "/nguon-tin/tin-tuc/chuyen-muc/khong-co/rss.xml",
        "/nguon-tin/tin-tuc/tu-khoa/khong-co/atom.xml",
        "/nguon-tin/tin-tuc/tinh/khong-co/rss.xml",
        "/nguon-tin/sang-kien/tinh/khong-co/atom.xml",
        "/nguon-tin/sang-kien/linh-vuc/khong-co/rss.xml",
    ],
)
def test_an_unknown_category_tag_province_or_sector_feed_is_not_found(client, home, path):
    assert client.get(path).status_code == 404


def test_feeds_read_the_same_few_queries_for_3_items_or_20(
    client, make_article, make_initiative, django_assert_max_num_queries
):
    for _ in range(3):
        make_article(tags=["điện"])
        make_initiative()
    with django_assert_max_num_queries(8) as few:
        client.get("/nguon-tin/tin-tuc/rss.xml")
    for _ in range(17):
        make_article(tags=["nước"])
        make_initiative()
    with django_assert_max_num_queries(8) as many:
        client.get("/nguon-tin/tin-tuc/rss.xml")
    assert len(many) == len(few)
    with django_assert_max_num_queries(6):
        client.get("/nguon-tin/sang-kien/atom.xml")


class AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs)


def alternates(client, path: str) -> list[dict]:
    parser = AlternateLinks()
    response = client.get(path)
    assert response.status_code == 200
    parser.feed(response.content.decode())
    return parser.links


def test_the_news_index_advertises_its_rss_and_atom_feeds(client, news_index):
    links = alternates(client, news_index.url)
    assert {(link["type"], link["href"]) for link in links} == {
        ("application/rss+xml", "http://testserver/nguon-tin/tin-tuc/rss.xml"),
        ("application/atom+xml", "http://testserver/nguon-tin/tin-tuc/atom.xml"),
    }
    assert all(link["title"].startswith("Tin tức") for link in links)


def test_a_filtered_news_index_advertises_its_category_and_tag_feeds_first(
    client, news_index, make_article, category
):
    article = categorised(make_article, category, tags=["khí nén"])
    tag = article.tags.get().slug
    links = alternates(client, f"{news_index.url}?category={category.slug}&tag={tag}")
    hrefs = [link["href"] for link in links]
    assert hrefs[:4] == [
        f"http://testserver/nguon-tin/tin-tuc/chuyen-muc/{category.slug}/rss.xml",
        f"http://testserver/nguon-tin/tin-tuc/chuyen-muc/{category.slug}/atom.xml",
        "http://testserver" + reverse("feed-news-tag-rss", kwargs={"slug": tag}),
        "http://testserver" + reverse("feed-news-tag-atom", kwargs={"slug": tag}),
    ]
    for href in hrefs:
        assert client.get(unquote(href.removeprefix("http://testserver"))).status_code == 200


def test_the_showcase_index_advertises_the_new_initiatives_feeds(client, showcase_index):
    hrefs = [link["href"] for link in alternates(client, f"{showcase_index.url}?province=01")]
    assert hrefs == [
        f"http://testserver/nguon-tin/sang-kien/tinh/{province('01').slug}/rss.xml",
        f"http://testserver/nguon-tin/sang-kien/tinh/{province('01').slug}/atom.xml",
        "http://testserver/nguon-tin/sang-kien/rss.xml",
        "http://testserver/nguon-tin/sang-kien/atom.xml",
    ]


def test_feeds_are_cached_and_renewed_when_an_article_is_published(client, settings, make_article):
    settings.PAGE_CACHE = True
    make_article(title="Bài đầu tiên")
    assert client.get("/nguon-tin/tin-tuc/rss.xml")["X-Page-Cache"] == "miss"
    assert client.get("/nguon-tin/tin-tuc/rss.xml")["X-Page-Cache"] == "hit"

    make_article(title="Bài mới đăng")

    response = client.get("/nguon-tin/tin-tuc/rss.xml")
    assert response["X-Page-Cache"] == "miss"
    assert "Bài mới đăng" in response.content.decode()
