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


LONG_TITLE = (
    "Sáng kiến cải tiến hệ thống điều khiển tự động dây chuyền sản xuất phân bón NPK "
    "nhằm tiết kiệm điện năng, giảm tiêu hao nguyên liệu và nâng cao năng suất lao động "
    "cho công nhân nhà máy ở tỉnh Bà Rịa – Vũng Tàu trong giai đoạn chuyển đổi số 2023–2025, "
    "được Tổng Liên đoàn Lao động Việt Nam khen thưởng"
)[:255]
# One "word" wider than the picture: no space to wrap at.
UNBROKEN_TITLE = (
    "Ứng-dụng-trí-tuệ-nhân-tạo-trong-kiểm-soát-chất-lượng-sản-phẩm-điện-tử-xuất-khẩu " * 2
)


def png_of(client, page) -> Image.Image:
    response = client.get(share_path(client, page))
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    return image.convert("RGB")


def right_margin_is_blank(image: Image.Image) -> bool:
    """Nothing drawn between the text's right edge (80 px from the side) and the side,
    above the yellow band at the bottom: no line runs off the picture."""
    margin = image.crop((1200 - 80 + 4, 0, 1200, 630 - 12))
    return {colour for _, colour in margin.getcolors(maxcolors=1 << 16)} == {(251, 248, 243)}


def test_an_article_share_image_is_a_1200_by_630_png(client, make_article):
    article = make_article(title="Tuyên dương sáng kiến ngành dệt may")
    png_of(client, article)


@pytest.mark.parametrize("title", [LONG_TITLE, UNBROKEN_TITLE])
def test_a_very_long_title_stays_inside_the_picture_for_an_initiative_and_an_article(
    client, make_initiative, make_article, title
):
    initiative = make_initiative(title=title.strip(), benefit_vnd=1_200_000_000)
    article = make_article(title=title.strip())
    for page in (initiative, article):
        image = png_of(client, page)
        assert right_margin_is_blank(image), page.title
    # The benefit, below the title, is still drawn on its yellow box.
    assert png_of(client, initiative).getpixel((90, 510)) == (255, 205, 0)


def test_many_categories_stay_on_one_line_inside_the_picture(client, make_article):
    from news.models import NewsCategory

    article = make_article()
    article.categories.set(
        [
            NewsCategory.objects.create(name=name)
            for name in ("Gương sáng kiến", "Hoạt động công đoàn", "Khoa học công nghệ", "Thi đua")
        ]
    )
    article.save_revision().publish()

    assert right_margin_is_blank(png_of(client, article))


def test_a_long_title_still_changes_the_picture_where_it_differs():
    # Drawn, not silently dropped: two long titles that differ only at their end.
    one = render_png(ShareCard(kind="bai-viet", page_id=1, title=UNBROKEN_TITLE[:60] + "A"))
    other = render_png(ShareCard(kind="bai-viet", page_id=1, title=UNBROKEN_TITLE[:60] + "B"))
    assert one != other
