"""Where readers find the feeds and the open data: visible subscribe links on the
listings, the featured page's feed links and the footer's open-data section."""

import re

from news.models import NewsCategory


def test_the_news_listing_offers_its_feeds_to_follow_the_filtered_category_first(
    client, news_index
):
    category = NewsCategory.objects.create(name="Gương sáng kiến")
    html = client.get(news_index.url).content.decode()
    assert (
        'Theo dõi bằng trình đọc tin · Tin tức: <a href="http://testserver/nguon-tin/tin-tuc/rss.xml"'
        in html
    )

    html = client.get(f"{news_index.url}?category={category.slug}").content.decode()
    subscribe = re.search(r'<p class="feed-subscribe">.*?</p>', html, re.S).group(0)
    assert "Tin tức chuyên mục Gương sáng kiến" in subscribe
    assert f"/nguon-tin/tin-tuc/chuyen-muc/{category.slug}/rss.xml" in subscribe
    assert f"/nguon-tin/tin-tuc/chuyen-muc/{category.slug}/atom.xml" in subscribe
    for address in re.findall(r'href="http://testserver([^"]+)"', subscribe):
        assert client.get(address).status_code == 200, address


def test_the_showcase_and_the_featured_page_lead_to_the_new_initiatives_feeds(
    client, showcase_index
):
    listing = client.get(showcase_index.url).content.decode()
    assert '<a href="http://testserver/nguon-tin/sang-kien/rss.xml"' in listing
    featured = client.get(f"{showcase_index.url}noi-bat/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Sáng kiến mới (RSS)" '
        'href="http://testserver/nguon-tin/sang-kien/rss.xml">'
    ) in featured
    assert 'type="application/atom+xml" title="Sáng kiến mới (Atom)"' in featured


def test_every_page_footer_leads_to_the_open_data_the_api_and_the_feeds(client, home):
    html = client.get(home.url).content.decode()
    footer = re.search(r'<section aria-labelledby="footer-data">.*?</section>', html, re.S)
    links = dict(
        (label, address)
        for address, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer.group(0))
    )
    assert list(links) == [
        "Tải toàn bộ dữ liệu",
        "Từ điển dữ liệu",
        "API cho nhà phát triển",
        "Tin tức qua RSS",
        "Sáng kiến mới qua RSS",
    ]
    for address in links.values():
        assert client.get(address).status_code == 200, address
