"""The picture a reader sees first on each page type (its likely largest paint, LCP) is
fetched at once and before the others; the pictures further down wait until the reader
scrolls near them (`loading="lazy"`)."""

from html.parser import HTMLParser

import pytest
import wagtail_factories

from portal.home.models import HomeFeaturedInitiative
from showcase.models import InitiativeGalleryImage

pytestmark = pytest.mark.django_db


class _Pictures(HTMLParser):
    """The attributes of every <img>, in page order, from where `start` is found on."""

    def __init__(self, start: str | None):
        super().__init__()
        self.started = start is None
        self.start = start
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.started and self.start in (attrs.get("id"), attrs.get("class")):
            self.started = True
        if self.started and tag == "img":
            self.images.append(attrs)


def pictures(response, *, start: str | None = None) -> list[dict]:
    assert response.status_code == 200
    parser = _Pictures(start)
    parser.feed(response.content.decode())
    return parser.images


def is_fetched_first(img: dict) -> bool:
    """Fetched at once (eager is the default) and ahead of the page's other pictures."""
    return img.get("loading", "eager") == "eager" and img.get("fetchpriority") == "high"


def is_lazy(img: dict) -> bool:
    return img.get("loading") == "lazy" and "fetchpriority" not in img


def assert_first_at_once_then_lazy(images: list[dict], *, count: int) -> None:
    assert len(images) == count
    assert is_fetched_first(images[0]), images[0]
    assert all(is_lazy(img) for img in images[1:]), images[1:]


def assert_one_picture_fetched_first(response) -> None:
    """A single picture a page asks for first: several would compete for the connection."""
    assert sum(img.get("fetchpriority") == "high" for img in pictures(response)) == 1


def picture():
    return wagtail_factories.ImageFactory(file__width=1280, file__height=800)


@pytest.fixture
def make_pictured_initiative(make_initiative):
    def make(**kwargs):
        page = make_initiative(**kwargs)
        page.gallery_images = [InitiativeGalleryImage(image=picture())]
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def make_pictured_article(make_article):
    def make(**kwargs):
        return make_article(featured_image=picture(), **kwargs)

    return make


def test_showcase_listing_fetches_its_first_card_picture_at_once_and_the_others_lazily(
    client, make_pictured_initiative
):
    for number in range(4):
        make_pictured_initiative(title=f"Máy cắt tôn số {number}")
    response = client.get("/sang-kien/")
    assert_first_at_once_then_lazy(pictures(response, start="results-heading"), count=4)
    assert_one_picture_fetched_first(response)


def test_every_page_of_the_showcase_listing_fetches_its_first_card_at_once(
    client, settings, make_pictured_initiative
):
    settings.PAGE_SIZE_INITIATIVES = 2
    for number in range(4):
        make_pictured_initiative(title=f"Máy cắt tôn số {number}")
    response = client.get("/sang-kien/?page=2")
    assert_first_at_once_then_lazy(pictures(response, start="results-heading"), count=2)


def test_news_listing_fetches_its_first_card_picture_at_once_on_every_page(
    client, settings, make_pictured_article
):
    settings.PAGE_SIZE_NEWS = 3
    for number in range(5):
        make_pictured_article(title=f"Tin phong trào số {number}")
    first = client.get("/tin-tuc/")
    assert_first_at_once_then_lazy(pictures(first, start="articles-heading"), count=3)
    assert_one_picture_fetched_first(first)
    second = client.get("/tin-tuc/?page=2")
    assert_first_at_once_then_lazy(pictures(second, start="articles-heading"), count=2)


def test_featured_page_fetches_the_first_editors_pick_at_once(
    client, home, make_pictured_initiative
):
    picked = make_pictured_initiative(title="Do ban biên tập chọn", benefit_vnd=1_000_000)
    for number in range(3):
        make_pictured_initiative(title=f"Làm lợi {number}", benefit_vnd=10**9 * (number + 1))
    home.featured_initiatives = [HomeFeaturedInitiative(initiative=picked)]
    home.save_revision().publish()

    response = client.get("/sang-kien/noi-bat/")
    images = pictures(response, start="picked-heading")
    assert_first_at_once_then_lazy(images, count=4)  # the pick, then the three top ones
    assert_one_picture_fetched_first(response)


def test_featured_page_without_picks_fetches_the_first_top_initiative_at_once(
    client, make_pictured_initiative
):
    for number in range(3):
        make_pictured_initiative(title=f"Làm lợi {number}", benefit_vnd=10**9 * (number + 1))
    response = client.get("/sang-kien/noi-bat/")
    assert_first_at_once_then_lazy(pictures(response, start="top-heading"), count=3)


def test_home_fetches_its_hero_picture_first_and_the_cards_below_lazily(
    client, home, make_pictured_initiative, make_pictured_article
):
    home.hero_image = picture()
    home.save_revision().publish()
    for number in range(2):
        make_pictured_initiative(title=f"Máy cắt tôn số {number}")
        make_pictured_article(title=f"Tin phong trào số {number}")

    response = client.get("/")
    hero, *cards = pictures(response)
    assert is_fetched_first(hero), hero
    assert len(cards) == 4
    assert all(is_lazy(img) for img in cards), cards


def test_article_fetches_its_lead_picture_first_and_the_rest_lazily(
    client, make_pictured_article, make_pictured_initiative
):
    from news.models import NewsRelatedInitiative

    article = make_pictured_article(
        body=[("image", {"image": picture(), "caption": "Ảnh trong bài"})]
    )
    article.related_initiatives = [
        NewsRelatedInitiative(initiative=make_pictured_initiative(title="Máy cắt tôn"))
    ]
    article.save_revision().publish()

    response = client.get(article.url)
    lead, *below = pictures(response, start="figure figure--lead")
    assert is_fetched_first(lead), lead
    assert len(below) == 2  # the picture in the text, the related initiative's card
    assert all(is_lazy(img) for img in below), below
    assert_one_picture_fetched_first(response)


def test_initiative_fetches_its_lead_picture_first_and_the_rest_lazily(
    client, make_pictured_initiative
):
    initiative = make_pictured_initiative(title="Máy cắt tôn")
    initiative.gallery_images = [
        *initiative.gallery_images.all(),
        InitiativeGalleryImage(image=picture(), caption="Ảnh thứ hai"),
    ]
    initiative.save_revision().publish()
    make_pictured_initiative(title="Máy cắt tôn cải tiến")  # a related card

    response = client.get(initiative.url)
    lead, *below = pictures(response, start="figure figure--lead")
    assert is_fetched_first(lead), lead
    assert len(below) == 2  # the second picture of the gallery, the related card
    assert all(is_lazy(img) for img in below), below
    assert_one_picture_fetched_first(response)
