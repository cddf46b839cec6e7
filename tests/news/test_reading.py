"""The reading experience of a news article: reading time, neighbours, related articles,
monthly and tag archives, share links and responsive pictures."""

import datetime
import re
from urllib.parse import quote

import pytest
import wagtail_factories
from django.conf import settings
from wagtail.models import PageViewRestriction

from news.models import NewsArticlePage, NewsRelatedInitiative
from news.reading import SYLLABLES_PER_MINUTE, article_syllables, reading_minutes

pytestmark = pytest.mark.django_db


def words(count: int) -> str:
    return " ".join(["sáng"] * count)


def test_reading_time_counts_the_syllables_of_the_text_not_the_markup():
    body = [
        {"type": "paragraph", "value": '<p>Công nhân <a href="/x">tiết kiệm</a> điện.</p>'},
        {"type": "heading", "value": "Kết quả nổi bật"},
        {"type": "quote", "value": {"text": "Làm được – thì làm ngay!", "attribution": "Anh Hùng"}},
        {"type": "embed", "value": {"url": "https://www.youtube.com/watch?v=abc"}},
    ]
    # lead 3 + paragraph 5 + heading 4 + quote 5 (the dash is not a syllable) + 2
    assert article_syllables(lead="Tin phong trào", raw_body=body) == 19


def test_article_shows_its_reading_time_rounded_up_in_minutes(client, make_article):
    article = make_article(
        lead="Sapo ngắn.",
        body=[("paragraph", f"<p>{words(SYLLABLES_PER_MINUTE * 2)}</p>")],
    )
    article.refresh_from_db()
    assert article.reading_minutes == 3  # 476 + 2 syllables: just over two minutes
    html = client.get(article.url).content.decode()
    assert "Đọc khoảng 3 phút" in html


def test_short_article_reads_in_one_minute_and_its_card_says_so(client, make_article):
    make_article(title="Tin ngắn")
    html = client.get("/tin-tuc/").content.decode()
    assert "Đọc khoảng 1 phút" in html


def test_reading_time_follows_an_edited_body(make_article):
    article = make_article()
    article.body = [("paragraph", f"<p>{words(SYLLABLES_PER_MINUTE * 5)}</p>")]
    article.save_revision().publish()
    assert NewsArticlePage.objects.get(pk=article.pk).reading_minutes == 6


# Previous and next --------------------------------------------------------------------


def dated(make_article, title: str, day: int, **kwargs) -> NewsArticlePage:
    return make_article(title=title, published_on=datetime.date(2023, 5, day), **kwargs)


def test_previous_and_next_articles_follow_the_publication_date(client, make_article):
    first = dated(make_article, "Tin đầu", 1)
    third = dated(make_article, "Tin thứ ba", 20)
    second = dated(make_article, "Tin thứ hai", 10)
    context = client.get(second.url).context
    assert context["previous_article"] == first
    assert context["next_article"] == third
    assert client.get(first.url).context["previous_article"] is None
    assert client.get(third.url).context["next_article"] is None
    html = client.get(second.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{third.url}" rel="next"' in html


def test_unpublished_and_private_articles_are_never_previous_or_next(client, make_article):
    first = dated(make_article, "Tin đầu", 1)
    draft = dated(make_article, "Tin nháp", 5)
    draft.unpublish()
    private = dated(make_article, "Tin nội bộ", 7)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    middle = dated(make_article, "Tin giữa", 10)
    after_private = dated(make_article, "Tin sau", 12)
    context = client.get(middle.url).context
    assert context["previous_article"] == first
    assert context["next_article"] == after_private
    html = client.get(middle.url).content.decode()
    assert "Tin nháp" not in html and "Tin nội bộ" not in html


# Related ------------------------------------------------------------------------------


def relate(article: NewsArticlePage, *initiatives) -> None:
    article.related_initiatives = [
        NewsRelatedInitiative(initiative=initiative, sort_order=n)
        for n, initiative in enumerate(initiatives)
    ]
    article.save_revision().publish()


def test_related_articles_share_the_most_tags_and_initiatives_then_are_newest(
    client, make_article, make_initiative
):
    idea = make_initiative(title="Sáng kiến máy nén")
    article = dated(make_article, "Bài đang đọc", 15, tags=["điện", "an toàn", "khí nén"])
    relate(article, idea)
    three_tags = dated(make_article, "Chung ba từ khóa", 1, tags=["điện", "an toàn", "khí nén"])
    tag_and_idea = dated(make_article, "Chung từ khóa và sáng kiến", 2, tags=["khí nén"])
    relate(tag_and_idea, idea)
    one_old = dated(make_article, "Chung một, cũ", 3, tags=["điện"])
    one_new = dated(make_article, "Chung một, mới", 9, tags=["an toàn"])
    dated(make_article, "Chung một, cũ nhất", 2, tags=["khí nén", "khác"])
    dated(make_article, "Không liên quan", 20, tags=["nước"])
    hidden = dated(make_article, "Nháp liên quan", 21, tags=["điện", "an toàn", "khí nén"])
    hidden.unpublish()

    related = client.get(article.url).context["related_articles"]
    assert [a.title for a in related] == [
        three_tags.title,  # 3 shared, the oldest
        tag_and_idea.title,  # 2 shared
        one_new.title,
        one_old.title,
    ]
    html = client.get(article.url).content.decode()
    section = html.split('id="related-articles-heading"', 1)[1]
    assert "Chung một, mới" in section and "Không liên quan" not in section


def test_article_sharing_nothing_has_no_related_section(client, make_article):
    article = make_article(tags=["riêng"])
    make_article(tags=["khác"])
    response = client.get(article.url)
    assert response.context["related_articles"] == []
    assert "Bài viết liên quan" not in response.content.decode()


# Archives -----------------------------------------------------------------------------


def test_monthly_archive_lists_that_months_public_articles(client, make_article):
    may = dated(make_article, "Tin tháng năm", 3)
    dated(make_article, "Tin tháng năm khác", 28)
    make_article(title="Tin tháng sáu", published_on=datetime.date(2023, 6, 1))
    private = dated(make_article, "Tin nội bộ tháng năm", 4)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/tin-tuc/luu-tru/2023/05/")
    assert response.status_code == 200
    assert [a.title for a in response.context["articles"]] == ["Tin tháng năm khác", may.title]
    assert "tháng 5/2023" in response.content.decode()


def test_news_index_lists_months_with_counts_linking_to_their_archive(client, make_article):
    dated(make_article, "Một", 3)
    dated(make_article, "Hai", 4)
    make_article(title="Ba", published_on=datetime.date(2022, 12, 1))
    html = client.get("/tin-tuc/").content.decode()
    months = re.findall(
        r'href="/tin-tuc/luu-tru/(\d{4}/\d{2})/">Tháng [^<]+</a> <span[^>]*>\((\d+)\)', html
    )
    assert months == [("2023/05", "2"), ("2022/12", "1")]


def test_archive_months_are_paginated_like_the_index(client, make_article, settings):
    settings.PAGE_SIZE_NEWS = 2
    for day in (1, 2, 3):
        dated(make_article, f"Tin ngày {day}", day)
    second = client.get("/tin-tuc/luu-tru/2023/05/", {"page": 2})
    assert [a.title for a in second.context["articles"]] == ["Tin ngày 1"]


@pytest.mark.parametrize(
    "path",
    [
        "/tin-tuc/luu-tru/2023/13/",
        "/tin-tuc/luu-tru/2023/00/",
        "/tin-tuc/luu-tru/0000/05/",
        "/tin-tuc/luu-tru/2023/5/",
        "/tin-tuc/luu-tru/2023/abc/",
        "/tin-tuc/luu-tru/2019/05/",  # a real month without articles
        "/tin-tuc/the/khong-co-tu-khoa-nay/",
    ],
)
def test_bad_archive_addresses_are_not_found(client, make_article, path):
    dated(make_article, "Tin", 3, tags=["điện"])
    assert client.get(path).status_code == 404


def test_tag_page_lists_the_public_articles_with_that_tag(client, make_article):
    tagged = dated(make_article, "Tin có từ khóa", 3, tags=["tôn vinh"])
    dated(make_article, "Tin khác", 4, tags=["điện"])
    draft = dated(make_article, "Nháp có từ khóa", 5, tags=["tôn vinh"])
    draft.unpublish()
    slug = tagged.tags.get().slug
    response = client.get(f"/tin-tuc/the/{slug}/")
    assert response.status_code == 200
    assert [a.title for a in response.context["articles"]] == ["Tin có từ khóa"]
    assert "“tôn vinh”" in response.content.decode()
    # and the article's tags link there
    assert f'href="/tin-tuc/the/{slug}/"' in client.get(tagged.url).content.decode()


# Share links --------------------------------------------------------------------------


def test_article_share_links_carry_its_encoded_address(client, make_article):
    article = make_article(title="Chia sẻ & lan tỏa")
    html = client.get(article.url).content.decode()
    address = f"http://testserver{article.url}"
    encoded = quote(address, safe="")
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in html
    # Zalo has no share address without its SDK: its link opens Zalo Web, and the
    # page's script copies the address on the way (tests/browser/test_share_links.py).
    assert 'href="https://chat.zalo.me/"' in html
    assert f'data-share-url="{address}"' in html
    assert "sp.zalo.me" not in html
    assert f'value="{address}" readonly' in html  # the address to copy without scripts
    assert 'aria-label="Chia sẻ “Chia sẻ &amp; lan tỏa” lên Facebook' in html
    assert 'role="status" aria-live="polite"' in html


def test_initiative_has_the_same_share_links(client, make_initiative):
    initiative = make_initiative(title="Máy cắt tôn")
    html = client.get(initiative.url).content.decode()
    encoded = quote(f"http://testserver{initiative.url}", safe="")
    assert f"sharer.php?u={encoded}" in html
    assert f'data-share-url="http://testserver{initiative.url}"' in html
    assert "Sao chép liên kết" in html


# Pictures -----------------------------------------------------------------------------


def large_image():
    return wagtail_factories.ImageFactory(file__width=1600, file__height=900)


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_article_pictures_are_responsive_webp_avif_with_sizes(client, make_article):
    article = make_article(
        featured_image=wagtail_factories.ImageFactory(file__width=1600, file__height=900),
        body=[
            ("image", {"image": wagtail_factories.ImageFactory(file__width=1600, file__height=900)})
        ],
    )
    html = client.get(article.url).content.decode()
    lead = re.search(r"<figure class=\"figure figure--lead\">(.*?)</figure>", html, re.S)[1]
    assert 'type="image/webp"' in lead and 'type="image/avif"' in lead
    assert re.search(r'srcset="[^"]+\.webp 480w, [^"]+\.webp 800w, [^"]+\.webp 1200w"', lead)
    (lead_img,) = img_tags(lead)
    # The smallest rendition is the fallback; its size gives the layout the picture's ratio.
    assert 'width="480"' in lead_img and 'height="270"' in lead_img
    assert "loading=" not in lead_img  # the first picture is not lazy
    body = html.split('class="article__body"', 1)[1]
    for tag in img_tags(body):
        assert "srcset=" in tag and 'loading="lazy"' in tag
        assert re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag)
    assert 'type="image/webp"' in body


def test_news_cards_are_lazy_after_the_first(client, make_article):
    for _ in range(3):
        make_article(
            featured_image=wagtail_factories.ImageFactory(file__width=1280, file__height=720)
        )
    html = client.get("/tin-tuc/").content.decode()
    tags = img_tags(html.split('id="articles-heading"', 1)[1])
    assert len(tags) == 3
    assert 'loading="eager"' in tags[0]
    assert all('loading="lazy"' in tag for tag in tags[1:])
    assert all("srcset=" in tag and 'width="320"' in tag and 'height="180"' in tag for tag in tags)
    assert html.count('type="image/webp"') >= 3


def test_a_minute_is_238_syllables_rounded_up_never_zero():
    assert [reading_minutes(n) for n in (0, 1, 238, 239, 476, 477)] == [1, 1, 1, 2, 2, 3]


def test_the_reading_rate_in_the_code_is_the_one_documented_with_its_source():
    doc = (settings.BASE_DIR / "docs" / "reading-time.md").read_text(encoding="utf-8")
    assert f"minutes = max(1, ceil(syllables / {SYLLABLES_PER_MINUTE}))" in doc
    assert "doi:10.1016/j.jml.2019.104047" in doc  # Brysbaert 2019, the rate's source
