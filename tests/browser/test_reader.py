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


def test_reader_follows_the_race_from_the_leaderboard_to_a_unit_and_one_of_its_initiatives(page):
    page.goto("/")
    open_menu_if_folded(page)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Thi đua"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng xếp hạng thi đua")

    page.get_by_label("Giai đoạn").select_option("1")
    page.get_by_label("Vùng").select_option(label="Trung du và miền núi phía Bắc")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"vung=trung-du-mien-nui-bac-bo"))
    table = page.get_by_role("region", name=re.compile("Bảng xếp hạng"))
    expect(table.get_by_role("link", name="Lạng Sơn", exact=True)).to_be_visible()
    expect(table).not_to_contain_text("Thanh Hóa")  # another region
    check_page(page, "leaderboard-region")

    table.get_by_role("link", name="Lạng Sơn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liên đoàn Lao động tỉnh Lạng Sơn")
    expect(page.locator(".unit-place").first).to_contain_text(re.compile(r"Hạng \d+/\d+"))
    page.get_by_text("Xem bảng số liệu").click()
    history = page.get_by_role("region", name="Các lần báo cáo, cuộn ngang nếu cần")
    expect(history).to_contain_text("31/05/2022")
    expect(history).to_contain_text("3.001")  # the figure the press published
    check_page(page, "campaign-unit")

    sub_units = page.get_by_role("region", name="Các đơn vị trực thuộc, cuộn ngang nếu cần")
    sub_units.get_by_role("link", name="LĐLĐ huyện Tràng Định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Liên đoàn Lao động huyện Tràng Định")
    page.go_back()

    initiative = page.get_by_role("region", name="Sáng kiến trong thư viện").locator(
        ".card__title a"
    )
    title = initiative.first.inner_text()
    initiative.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("Lạng Sơn")
