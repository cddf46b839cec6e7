import re

import pytest
from taggit.models import Tag

from news.models import NewsCategory

pytestmark = pytest.mark.django_db


def test_news_index_lists_newest_first_and_paginates(client, make_article, settings):
    settings.PAGE_SIZE_NEWS = 2
    for n in range(3):
        make_article(title=f"Tin {n}")
    response = client.get("/tin-tuc/")
    assert [a.title for a in response.context["articles"]] == ["Tin 2", "Tin 1"]
    assert [a.title for a in client.get("/tin-tuc/", {"page": 2}).context["articles"]] == ["Tin 0"]


def test_news_index_headings_go_from_the_page_title_to_the_article_count_to_each_article(
    client, make_article
):
    make_article(title="Tin hội thi")
    html = client.get("/tin-tuc/").content.decode()
    levels = re.findall(r"<h([1-6])", html)
    assert levels[:3] == ["1", "2", "3"]
    assert re.search(r"<h2[^>]*>\s*1 bài viết\s*</h2>", html)
    empty = client.get("/tin-tuc/", {"category": "guong-dien-hinh"}).content.decode()
    assert "Chưa có bài viết nào phù hợp" in empty


def test_news_can_be_filtered_by_category_and_tag(client, make_article):
    story = NewsCategory.objects.get(slug="guong-dien-hinh")
    make_article(title="Gương thợ hàn", categories=[story], tags=["tôn vinh"])
    make_article(title="Tin hướng dẫn")
    by_category = client.get("/tin-tuc/", {"category": "guong-dien-hinh"})
    assert [a.title for a in by_category.context["articles"]] == ["Gương thợ hàn"]
    tag = Tag.objects.get(name="tôn vinh")
    by_tag = client.get("/tin-tuc/", {"tag": tag.slug})
    assert [a.title for a in by_tag.context["articles"]] == ["Gương thợ hàn"]


def test_unknown_category_gets_a_friendly_400(client, make_article):
    make_article()
    response = client.get("/tin-tuc/", {"category": "khong-co"})
    assert response.status_code == 400
    assert "Không có chuyên mục này" in response.content.decode()


def test_article_shows_related_initiatives_in_editor_order(client, make_article, make_initiative):
    from news.models import NewsRelatedInitiative

    first = make_initiative(title="Sáng kiến A")
    second = make_initiative(title="Sáng kiến B")
    article = make_article()
    article.related_initiatives = [
        NewsRelatedInitiative(initiative=second, sort_order=0),
        NewsRelatedInitiative(initiative=first, sort_order=1),
    ]
    article.save_revision().publish()
    response = client.get(article.url)
    assert [p.title for p in response.context["related_initiatives"]] == [
        "Sáng kiến B",
        "Sáng kiến A",
    ]


@pytest.mark.parametrize("field", ["category", "tag", "page"])
def test_nul_characters_in_news_filters_are_refused_politely(client, make_article, field):
    make_article()
    assert client.get("/tin-tuc/", {field: "x\x00y"}).status_code in (200, 400)
