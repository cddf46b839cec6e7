"""JSON-LD on the home page, articles and initiatives; search pages kept out of indexes."""

import json
import re

from news.models import NewsCategory

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, path: str) -> dict[str, dict]:
    response = client.get(path)
    assert response.status_code == 200
    blocks = [json.loads(block) for block in JSON_LD.findall(response.content.decode())]
    return {block["@type"]: block for block in blocks}


def test_the_home_page_describes_the_organization(client, home):
    organization = json_ld(client, "/")["Organization"]
    assert organization["@context"] == "https://schema.org"
    assert organization["name"] == "Tổng Liên đoàn Lao động Việt Nam"
    assert organization["url"] == "http://testserver/"
    assert organization["logo"]["url"].startswith("http://testserver/static/img/og-default")


def test_an_article_is_a_news_article_with_its_breadcrumbs(client, make_article):
    article = make_article(title="Sáng kiến tiết kiệm điện ở Quảng Ninh", tags=["điện"])
    article.categories.set([NewsCategory.objects.create(name="Gương sáng kiến")])
    article.save_revision().publish()

    data = json_ld(client, article.url)

    news = data["NewsArticle"]
    assert news["headline"] == article.title
    assert news["datePublished"].startswith(article.published_on.isoformat())
    assert news["datePublished"].endswith("+07:00")
    assert news["dateModified"]
    assert news["author"] == {"@type": "Person", "name": article.author}
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["logo"]["url"]
    assert news["image"][0]["url"].startswith("http://testserver/anh-chia-se/bai-viet/")
    assert news["mainEntityOfPage"]["@id"] == f"http://testserver{article.url}"
    assert news["articleSection"] == ["Gương sáng kiến"]
    assert news["keywords"] == ["điện"]
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[0]["name"] == "Trang chủ"
    assert crumbs[-1] == {
        "@type": "ListItem",
        "position": 3,
        "name": article.title,
        "item": f"http://testserver{article.url}",
    }


def test_an_initiative_is_a_creative_work_with_authors_sector_province_and_benefit(
    client, make_initiative
):
    initiative = make_initiative(benefit_vnd=1_200_000_000)

    data = json_ld(client, initiative.url)

    work = data["CreativeWork"]
    assert work["name"] == initiative.title
    assert work["description"] == initiative.summary
    assert {"@type": "Person", "name": "Nguyễn Văn An"} in work["author"]
    assert {"@type": "Organization", "name": initiative.unit} in work["author"]
    assert work["dateCreated"].startswith("2022-10-01")
    assert work["datePublished"].endswith("+07:00")
    assert work["about"]["name"] == initiative.sector.name
    assert work["spatialCoverage"]["@type"] == "AdministrativeArea"
    assert work["additionalProperty"]["value"] == 1_200_000_000
    assert work["additionalProperty"]["description"] == "Làm lợi 1,2 tỷ đồng"
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == initiative.title


def test_a_title_that_closes_the_script_stays_inside_the_json(client, make_article):
    title = "Bài </script><script>alert(1)</script> & <b>"
    article = make_article(title=title)

    html = client.get(article.url).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(client, article.url)["NewsArticle"]["headline"] == title


def test_structured_data_is_a_data_block_the_csp_does_not_need_to_allow(client, home):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    # A data block (a non-JavaScript type) is never run, so script-src does not apply to
    # it, and the page needs no nonce or hash for it: the policy stays as strict as it was.
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    inline = [tag for tag in scripts if "src=" not in tag]
    assert '<script type="application/ld+json">' in inline


def test_search_pages_ask_not_to_be_indexed_but_to_follow_their_links(client, home):
    html = client.get("/tim-kiem/?q=s%C3%A1ng+ki%E1%BA%BFn").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'name="robots"' not in client.get("/").content.decode()


def test_the_showcase_narrowed_by_words_is_a_search_page_but_its_plain_filters_are_indexed(
    client, showcase_index
):
    searched = client.get(f"{showcase_index.url}?q=m%C3%A1y+c%E1%BA%AFt").content.decode()
    by_sector = client.get(f"{showcase_index.url}?sector=cong-nghiep").content.decode()

    assert '<meta name="robots" content="noindex, follow">' in searched
    assert 'name="robots"' not in by_sector


def test_an_article_without_a_byline_is_by_the_organization_and_keeps_every_required_property(
    client, make_article
):
    long_title = "Sáng kiến " + "cải tiến dây chuyền " * 12
    article = make_article(title=long_title.strip(), author="")

    news = json_ld(client, article.url)["NewsArticle"]

    # Google's required and recommended properties of an article.
    for name in ("headline", "datePublished", "dateModified", "author", "publisher", "image"):
        assert news[name], name
    assert news["author"] == {"@type": "Organization", "name": "Tổng Liên đoàn Lao động Việt Nam"}
    assert len(news["headline"]) <= 110
    assert article.title.startswith(news["headline"])
    assert news["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": f"http://testserver{article.url}",
    }


def test_the_json_ld_image_is_the_share_image_and_answers(client, make_article, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    article = make_article()

    image = json_ld(client, article.url)["NewsArticle"]["image"][0]
    response = client.get(image["url"].removeprefix("http://testserver"))

    assert (image["width"], image["height"]) == (1200, 630)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    html = client.get(article.url).content.decode()
    assert f'<meta property="og:image" content="{image["url"]}">' in html


def test_an_initiative_creative_work_has_its_address_image_publisher_and_breadcrumbs(
    client, make_initiative, showcase_index
):
    initiative = make_initiative(authors="", unit="")

    data = json_ld(client, initiative.url)

    work = data["CreativeWork"]
    url = f"http://testserver{initiative.url}"
    assert work["@context"] == "https://schema.org"
    assert work["url"] == url
    assert work["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert work["image"][0]["url"].startswith("http://testserver/anh-chia-se/sang-kien/")
    assert work["publisher"]["name"] == "Tổng Liên đoàn Lao động Việt Nam"
    # Nobody named: the organization stands as the author.
    assert work["author"] == {"@type": "Organization", "name": "Tổng Liên đoàn Lao động Việt Nam"}
    assert work["inLanguage"] == "vi"
    breadcrumbs = data["BreadcrumbList"]
    assert breadcrumbs["@context"] == "https://schema.org"
    assert breadcrumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": "http://testserver/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": showcase_index.title,
            "item": f"http://testserver{showcase_index.url}",
        },
        {"@type": "ListItem", "position": 3, "name": initiative.title, "item": url},
    ]


def test_quotes_comments_and_closing_tags_in_an_initiative_stay_inside_its_json(
    client, make_initiative
):
    hostile = {
        "title": 'Máy "nén" </SCRIPT ><!-- khí',
        "summary": "Tóm tắt </script><script>alert('x')</script> \\ \" ' & <!--",
        "authors": "Nguyễn Văn </script>An",
        "unit": 'Công ty "Sông Thao" <!-- -->',
    }
    initiative = make_initiative(**hostile)

    html = client.get(initiative.url).content.decode()
    blocks = JSON_LD.findall(html)

    assert len(blocks) == 2  # the CreativeWork and the BreadcrumbList, none cut short
    assert "<script>alert(" not in html
    assert all("<" not in block and ">" not in block for block in blocks)
    work = json_ld(client, initiative.url)["CreativeWork"]
    assert work["name"] == hostile["title"]
    assert work["description"] == hostile["summary"]
    assert {"@type": "Person", "name": "Nguyễn Văn </script>An"} in work["author"]
    assert {"@type": "Organization", "name": hostile["unit"]} in work["author"]


def test_pages_other_than_home_articles_and_initiatives_carry_no_json_ld(
    client, news_index, showcase_index
):
    for path in (news_index.url, showcase_index.url, "/tim-kiem/"):
        assert JSON_LD.findall(client.get(path).content.decode()) == [], path
