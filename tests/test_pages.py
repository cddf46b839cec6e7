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


def test_a_page_with_its_own_password_asks_for_it_while_its_neighbours_stay_open(
    client, make_article, make_initiative
):
    from wagtail.models import PageViewRestriction

    secret = make_article(title="Tin nội bộ")
    neighbour = make_article(title="Tin công khai")
    initiative = make_initiative(title="Sáng kiến công khai")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat-2023"
    )

    response = client.get(secret.url)
    assert response.status_code == 200
    assert "Tin nội bộ" not in response.content.decode()
    assert 'name="password"' in response.content.decode()
    assert "Tin công khai" in client.get(neighbour.url).content.decode()
    assert client.get(initiative.url).status_code == 200


def test_unknown_and_unpublished_sections_and_pages_are_not_found(client, news_index, make_article):
    draft = make_article(title="Bản nháp")
    draft.unpublish()
    assert client.get("/khong-co-muc-nay/").status_code == 404
    assert client.get(draft.url or f"/tin-tuc/{draft.slug}/").status_code == 404
    news_index.unpublish()
    assert client.get("/tin-tuc/").status_code == 404


def test_breadcrumbs_and_navigation_link_the_sections_above_a_page(client, make_initiative):
    initiative = make_initiative(title="Đồ gá hàn xoay")

    html = client.get(initiative.url).content.decode()

    crumbs = html.split('aria-label="Đường dẫn"')[1].split("</nav>")[0]
    assert '<a href="/">Trang chủ</a>' in crumbs
    assert '<a href="/sang-kien/">Thư viện sáng kiến</a>' in crumbs
    assert '<span aria-current="page">Đồ gá hàn xoay</span>' in crumbs
    assert '<a href="/sang-kien/" aria-current="page">Thư viện sáng kiến</a>' in html
    assert '<a href="/tin-tuc/">Tin tức</a>' in html
