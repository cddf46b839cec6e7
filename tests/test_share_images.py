"""Generated share images for articles and initiatives (OpenGraph, Twitter cards)."""

import io
import re

import pytest
from PIL import Image

from portal.share_images import ShareCard, render_png

OG_IMAGE = re.compile(r'<meta property="og:image" content="http://testserver([^"]+)">')


def share_path(client, page) -> str:
    html = client.get(page.url).content.decode()
    found = OG_IMAGE.search(html)
    assert found, "no og:image"
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert f'<meta name="twitter:image" content="http://testserver{found.group(1)}">' in html
    return found.group(1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_an_initiative_has_a_1200_by_630_png_share_image_cached_for_a_year(
    client, make_initiative, media_root
):
    initiative = make_initiative(benefit_vnd=1_200_000_000)
    path = share_path(client, initiative)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=31536000" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert list(media_root.rglob("*.png")), "drawn once and kept"
    assert client.get(path).content == response.content


def test_an_article_share_image_changes_address_when_its_title_changes(client, make_article):
    article = make_article(title="Sáng kiến tiết kiệm điện ở Quảng Ninh")
    before = share_path(client, article)

    article.title = "Sáng kiến tiết kiệm nước ở Quảng Ninh"
    article.save_revision().publish()
    after = share_path(client, article)

    assert before != after
    assert client.get(after).status_code == 200
    # The old address leads to today's picture.
    old = client.get(before)
    assert (old.status_code, old["Location"]) == (302, after)


def test_an_initiative_share_image_changes_address_when_its_benefit_changes(
    client, make_initiative
):
    initiative = make_initiative(benefit_vnd=450_000_000)
    before = share_path(client, initiative)
    initiative.benefit_vnd = 1_200_000_000
    initiative.save_revision().publish()
    assert share_path(client, initiative) != before


def test_vietnamese_letters_are_drawn_with_the_shipped_font():
    # A font without these letters draws the same empty box for each: two titles that
    # differ only in their diacritics would then come out the same.
    one = render_png(ShareCard(kind="sang-kien", page_id=1, title="Sáng kiến tiết kiệm điện"))
    other = render_png(ShareCard(kind="sang-kien", page_id=1, title="Sàng kiền tiệt kiềm điẹn"))
    assert one != other


@pytest.mark.parametrize("kind", ["bai-viet", "sang-kien"])
def test_an_unknown_or_unpublished_page_has_no_share_image(client, make_article, kind):
    article = make_article()
    article.unpublish()
    assert client.get(f"/anh-chia-se/{kind}/{article.pk}-0123456789ab.png").status_code == 404
    assert client.get(f"/anh-chia-se/{kind}/999999-0123456789ab.png").status_code == 404
