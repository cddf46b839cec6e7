"""A reader browses: home, a featured story, its related initiatives, the news."""

import re

from playwright.sync_api import expect

from .conftest import check_page


def open_menu_if_folded(page) -> None:
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")


def test_reader_follows_a_featured_story_its_related_initiatives_and_the_news(page):
    page.goto("/")
    expect(page).to_have_title(re.compile(r"· Một triệu sáng kiến$"))
    check_page(page, "home")

    featured = page.get_by_role("region", name="Sáng kiến tiêu biểu").locator(".card__title a")
    story_title = featured.first.inner_text()
    featured.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story_title)
    check_page(page, "initiative")

    related = page.get_by_role("region", name="Sáng kiến liên quan").locator(".card__title a")
    related_title = related.first.inner_text()
    assert related_title != story_title
    related.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(related_title)

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(story_title)

    open_menu_if_folded(page)
    navigation = page.get_by_role("navigation", name="Điều hướng chính")
    navigation.get_by_role("link", name="Tin tức").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin tức")
    check_page(page, "news-index")

    article_link = page.locator("main .card__title a").first
    article_title = article_link.inner_text()
    article_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article_title)
    check_page(page, "news-article")

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin tức")
