"""RSS and Atom feeds of news and initiatives, and the index pages that advertise them."""

import time
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import defusedxml.ElementTree as ET
import pytest
from django.urls import reverse
from taggit.models import Tag
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
    # The feed's own link is the tag's page, which answers.
    channel = ET.fromstring(client.get(f"/nguon-tin/tin-tuc/tu-khoa/{slug}/rss.xml").content)
    link = channel.find("channel").findtext("link")
    assert unquote(link) == f"http://testserver/tin-tuc/the/{slug}/"
    assert client.get(unquote(link.removeprefix("http://testserver"))).status_code == 200


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


def test_a_province_news_feed_leaves_out_articles_tied_only_to_a_withdrawn_initiative(
    client, make_article, make_initiative
):
    from news.models import NewsRelatedInitiative

    withdrawn = make_initiative(province=province("01"))
    article = make_article(title="Bài về sáng kiến đã gỡ")
    NewsRelatedInitiative.objects.create(page=article, initiative=withdrawn)
    withdrawn.unpublish()

    items = rss_items(client, f"/nguon-tin/tin-tuc/tinh/{province('01').slug}/rss.xml")

    assert items == []


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


def test_an_article_taken_out_of_a_feed_is_not_answered_304_to_if_modified_since(
    client, settings, make_article
):
    settings.PAGE_CACHE = True
    older = make_article(title="Bài sẽ gỡ xuống")
    make_article(title="Bài mới nhất")  # the newest item: it would still date the feed
    first = client.get("/nguon-tin/tin-tuc/rss.xml")
    # HTTP dates count whole seconds: the change comes in a later one.
    time.sleep(1.05)
    older.unpublish()

    again = client.get(
        "/nguon-tin/tin-tuc/rss.xml", headers={"if-modified-since": first["Last-Modified"]}
    )

    assert again.status_code == 200
    assert "Bài sẽ gỡ xuống" not in again.content.decode()


# Every feed, in both formats: well-formed, complete, and holding exactly its own items ----

RSS_AND_ATOM = ("rss.xml", "atom.xml")


def feed_titles(client, path: str) -> list[str]:
    """The item titles of a feed, after checking that it is a complete RSS 2.0 or Atom
    document: the elements a feed reader needs on the feed and on every item."""
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)
    if path.endswith("rss.xml"):
        assert response["Content-Type"].startswith("application/rss+xml")
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        for name in ("title", "link", "description", "language", "lastBuildDate"):
            assert channel.findtext(name), f"{path}: channel without {name}"
        items = channel.findall("item")
        for item in items:
            for name in ("title", "link", "guid", "pubDate", "description"):
                assert item.findtext(name), f"{path}: item without {name}"
        return [item.findtext("title") for item in items]
    assert response["Content-Type"].startswith("application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{name}"), f"{path}: feed without {name}"
    entries = root.findall(f"{ATOM}entry")
    # RFC 4287 4.1.1: a feed names an author unless every entry names its own.
    has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert entry.findtext(f"{ATOM}{name}"), f"{path}: entry without {name}"
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
        assert has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
    return [entry.findtext(f"{ATOM}title") for entry in entries]


@pytest.fixture
def every_scope(make_article, make_initiative):
    """Two of each scope, an item in each, and in the first of each a private and an
    unpublished item that no feed may show. Titles hold markup and quotes: the feeds
    must stay well-formed and give them back as written."""
    from news.models import NewsRelatedInitiative
    from showcase.models import Sector

    other_sector = Sector.objects.exclude(slug="cong-nghiep").order_by("pk").first()
    first_category = NewsCategory.objects.create(name="Gương sáng kiến")
    second_category = NewsCategory.objects.create(name="Hoạt động công đoàn")
    hanoi = make_initiative(title="Máy nén khí <tự ngắt> & “Hà Nội”", province=province("01"))
    saigon = make_initiative(
        title="Băng tải ]]> TP. Hồ Chí Minh", province=province("79"), sector=other_sector
    )
    hidden_initiatives = [make_initiative(title="Sáng kiến riêng tư"), make_initiative()]
    PageViewRestriction.objects.create(
        page=hidden_initiatives[0], restriction_type=PageViewRestriction.LOGIN
    )
    hidden_initiatives[1].unpublish()

    def article(title, category, tag, initiative):
        page = categorised(make_article, category, title=title, tags=[tag])
        NewsRelatedInitiative.objects.create(page=page, initiative=initiative)
        return page

    first = article("Bài <b>khí nén</b> ở Hà Nội", first_category, "khí nén", hanoi)
    second = article("Bài về điện ở TP. Hồ Chí Minh", second_category, "điện", saigon)
    private = article("Bài riêng tư về khí nén", first_category, "khí nén", hanoi)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    article("Bài đã gỡ về khí nén", first_category, "khí nén", hanoi).unpublish()

    tag_slugs = {tag: Tag.objects.get(name=tag).slug for tag in ("khí nén", "điện")}
    news = "/nguon-tin/tin-tuc/"
    initiatives = "/nguon-tin/sang-kien/"
    return {
        news: [second.title, first.title],
        f"{news}chuyen-muc/{first_category.slug}/": [first.title],
        f"{news}chuyen-muc/{second_category.slug}/": [second.title],
        f"{news}tu-khoa/{quote(tag_slugs['khí nén'])}/": [first.title],
        f"{news}tu-khoa/{quote(tag_slugs['điện'])}/": [second.title],
        f"{news}tinh/{province('01').slug}/": [first.title],
        f"{news}tinh/{province('79').slug}/": [second.title],
        initiatives: [saigon.title, hanoi.title],
        f"{initiatives}tinh/{province('01').slug}/": [hanoi.title],
        f"{initiatives}tinh/{province('79').slug}/": [saigon.title],
        f"{initiatives}linh-vuc/cong-nghiep/": [hanoi.title],
        f"{initiatives}linh-vuc/{other_sector.slug}/": [saigon.title],
    }


@pytest.mark.parametrize("format_file", RSS_AND_ATOM)
def test_every_feed_holds_exactly_its_own_public_items_in_both_formats(
    client, every_scope, format_file
):
    for address, titles in every_scope.items():
        assert feed_titles(client, unquote(address) + format_file) == titles, address


def test_an_atom_feed_names_its_author_when_an_entry_has_none(client, make_article):
    make_article(title="Bài không ghi tác giả", author="")

    response = client.get("/nguon-tin/tin-tuc/atom.xml")
    feed = ET.fromstring(response.content)

    assert feed.find(f"{ATOM}entry/{ATOM}author") is None
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Tổng Liên đoàn Lao động Việt Nam"


@pytest.mark.parametrize("format_file", RSS_AND_ATOM)
@pytest.mark.parametrize(
    "scope",
    [
        "tin-tuc/chuyen-muc/khong-co/",
        "tin-tuc/tu-khoa/khong-co/",
        "tin-tuc/tu-khoa/khí-nén-không-có/",
        "tin-tuc/tu-khoa/%3Cscript%3E%22/",
        "tin-tuc/tinh/khong-co/",
        "sang-kien/tinh/khong-co/",
        "sang-kien/linh-vuc/khong-co/",
        "sang-kien/linh-vuc/Không Có/",
    ],
)
def test_every_feed_of_an_unknown_scope_is_not_found_in_both_formats(
    client, make_article, scope, format_file
):
    # A tag that only an initiative carries has no news feed either.
    make_article(tags=["điện"])
    assert client.get(f"/nguon-tin/{scope}{format_file}").status_code == 404


def test_a_tag_carried_only_by_initiatives_has_no_news_feed(client, make_initiative):
    initiative = make_initiative()
    initiative.tags.add("máy nén")
    initiative.save_revision().publish()
    slug = initiative.tags.get().slug
    assert client.get(reverse("feed-news-tag-rss", kwargs={"slug": slug})).status_code == 404


# Every index page advertises its feeds, and every advertised feed answers -----------------


def advertised_feeds(client, path: str) -> list[str]:
    """The feeds the page at `path` advertises, each checked to answer as a feed."""
    links = alternates(client, path)
    assert {link["type"] for link in links} == {"application/rss+xml", "application/atom+xml"}
    hrefs = [link["href"] for link in links]
    for href in hrefs:
        assert href.startswith("http://testserver/nguon-tin/")
        feed_titles(client, unquote(href.removeprefix("http://testserver")))
    return [unquote(href.removeprefix("http://testserver")) for href in hrefs]


def test_a_tag_page_advertises_its_tag_feed_first(client, news_index, make_article):
    article = make_article(tags=["khí nén"])
    slug = article.tags.get().slug

    feeds = advertised_feeds(client, f"{news_index.url}the/{quote(slug)}/")

    assert feeds == [
        f"/nguon-tin/tin-tuc/tu-khoa/{slug}/rss.xml",
        f"/nguon-tin/tin-tuc/tu-khoa/{slug}/atom.xml",
        "/nguon-tin/tin-tuc/rss.xml",
        "/nguon-tin/tin-tuc/atom.xml",
    ]
    # The visible subscription link too.
    html = client.get(f"{news_index.url}the/{quote(slug)}/").content.decode()
    rss = "http://testserver" + reverse("feed-news-tag-rss", kwargs={"slug": slug})
    assert f'<a href="{rss}" type="application/rss+xml">RSS</a>' in html


def test_a_monthly_archive_advertises_the_news_feeds(client, news_index, make_article):
    article = make_article()
    path = f"{news_index.url}luu-tru/{article.published_on:%Y/%m}/"
    assert advertised_feeds(client, path) == [
        "/nguon-tin/tin-tuc/rss.xml",
        "/nguon-tin/tin-tuc/atom.xml",
    ]


def test_the_showcase_advertises_its_province_and_sector_feeds_and_they_answer(
    client, showcase_index, make_initiative
):
    make_initiative()
    hanoi = province("01").slug

    assert advertised_feeds(client, f"{showcase_index.url}?sector=cong-nghiep") == [
        "/nguon-tin/sang-kien/linh-vuc/cong-nghiep/rss.xml",
        "/nguon-tin/sang-kien/linh-vuc/cong-nghiep/atom.xml",
        "/nguon-tin/sang-kien/rss.xml",
        "/nguon-tin/sang-kien/atom.xml",
    ]
    assert advertised_feeds(client, f"{showcase_index.url}?province=01&sector=cong-nghiep") == [
        f"/nguon-tin/sang-kien/tinh/{hanoi}/rss.xml",
        f"/nguon-tin/sang-kien/tinh/{hanoi}/atom.xml",
        "/nguon-tin/sang-kien/linh-vuc/cong-nghiep/rss.xml",
        "/nguon-tin/sang-kien/linh-vuc/cong-nghiep/atom.xml",
        "/nguon-tin/sang-kien/rss.xml",
        "/nguon-tin/sang-kien/atom.xml",
    ]
    # A filter the listing rejects advertises no feed of its own.
    assert client.get(f"{showcase_index.url}?sector=khong-co").status_code == 400
    assert advertised_feeds(client, showcase_index.url) == [
        "/nguon-tin/sang-kien/rss.xml",
        "/nguon-tin/sang-kien/atom.xml",
    ]


def test_the_featured_list_and_the_news_index_advertise_feeds_that_answer(
    client, showcase_index, news_index, make_article, make_initiative
):
    make_article()
    make_initiative(featured=True)
    assert advertised_feeds(client, f"{showcase_index.url}noi-bat/") == [
        "/nguon-tin/sang-kien/rss.xml",
        "/nguon-tin/sang-kien/atom.xml",
    ]
    assert advertised_feeds(client, news_index.url) == [
        "/nguon-tin/tin-tuc/rss.xml",
        "/nguon-tin/tin-tuc/atom.xml",
    ]
