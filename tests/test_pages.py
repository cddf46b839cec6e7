import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from news.models import NewsArticlePage, NewsIndexPage
from portal.home.models import HomePage
from showcase.models import InitiativePage, ShowcaseIndexPage

pytestmark = pytest.mark.django_db


def test_initiatives_can_only_live_under_the_showcase(home, showcase_index, news_index):
    assert InitiativePage.can_create_at(showcase_index)
    assert not InitiativePage.can_create_at(home)
    assert not InitiativePage.can_create_at(news_index)


def test_articles_can_only_live_under_the_news_index(home, showcase_index, news_index):
    assert NewsArticlePage.can_create_at(news_index)
    assert not NewsArticlePage.can_create_at(showcase_index)
    assert not NewsArticlePage.can_create_at(home)


def test_there_is_one_home_one_news_index_and_one_showcase(home):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)
    assert not NewsIndexPage.can_create_at(home)
    assert not ShowcaseIndexPage.can_create_at(home)
    assert InitiativePage.allowed_subpage_models() == []
    assert NewsArticlePage.allowed_subpage_models() == []


def test_vietnamese_titles_get_ascii_slugs_unique_among_siblings(make_initiative):
    first = make_initiative(title="Tiết kiệm điện cho lò nung")
    second = make_initiative(title="Tiết kiệm điện cho lò nung")
    assert first.slug == "tiet-kiem-dien-cho-lo-nung"
    assert second.slug == "tiet-kiem-dien-cho-lo-nung-2"
    assert first.url == "/sang-kien/tiet-kiem-dien-cho-lo-nung/"


def test_recognition_date_decides_phase_and_year(make_initiative):
    first = make_initiative(recognised_on=datetime.date(2022, 5, 31), phase=None, year=None)
    second = make_initiative(recognised_on=datetime.date(2022, 6, 1), phase=1, year=2021)
    assert (first.phase, first.year) == (1, 2022)
    assert (second.phase, second.year) == (2, 2022)


def test_recognition_outside_the_campaign_is_refused(showcase_index):
    page = InitiativePage(
        title="Sáng kiến ngoài thời gian",
        summary="Tóm tắt",
        recognised_on=datetime.date(2024, 1, 5),
    )
    with pytest.raises(ValidationError) as error:
        showcase_index.add_child(instance=page)
    assert "thời gian phong trào" in str(error.value)


def test_year_must_belong_to_the_chosen_phase(showcase_index):
    page = InitiativePage(title="Sáng kiến", summary="Tóm tắt", phase=1, year=2023)
    with pytest.raises(ValidationError) as error:
        showcase_index.add_child(instance=page)
    assert "Giai đoạn 1 chỉ gồm các năm 2021–2022" in str(error.value)


def test_copying_an_initiative_does_not_copy_its_import_id(make_initiative, showcase_index):
    original = make_initiative(external_id="ABC-1")
    copy = original.copy(update_attrs={"title": "Bản sao", "slug": "ban-sao"})
    assert copy.specific.external_id is None
