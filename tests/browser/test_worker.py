"""A worker looks for an idea to reuse: typed without diacritics, filtered, sorted, opened."""

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .conftest import check_page, show_filters

UNITS = {"tỷ": 10**9, "triệu": 10**6}


def amount_in_dong(text: str) -> int:
    """ "Làm lợi 1,2 tỷ đồng" -> 1_200_000_000, as the site writes amounts."""
    number, unit = re.search(r"([\d.,]+) (tỷ|triệu)? ?đồng", text).groups()
    value = Decimal(number.replace(".", "").replace(",", "."))
    return int(value * UNITS.get(unit, 1))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def header_search(page):
    return page.get_by_role("banner").get_by_role("combobox", name="Tìm sáng kiến và tin tức")


def test_worker_picks_a_suggestion_with_the_keyboard_alone(page):
    page.goto("/")
    box = header_search(page)
    box.focus()
    page.keyboard.type("tiet kiem dien", delay=30)
    listbox = page.get_by_role("listbox", name="Gợi ý tìm kiếm").first
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = options.nth(1)
    expect(chosen).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    title = chosen.evaluate("option => option.lastChild.textContent")
    assert re.search(r"ti[eế]t ki[eệ]m", title, re.IGNORECASE)

    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_worker_filters_sorts_and_the_address_keeps_the_state(page):
    page.goto("/")
    header_search(page).fill("tiet kiem dien")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=tiet\+kiem\+dien$"))
    expect(page.locator(".result__snippet mark").first).to_be_visible()
    check_page(page, "search")

    show_filters(page)
    provinces = page.get_by_role("group", name="Tỉnh, thành phố / ngành").get_by_role("link")
    province = provinces.first.evaluate("link => link.firstChild.textContent.trim()")
    provinces.first.click()
    expect(page.locator(".facet a[aria-current=true]")).to_contain_text(province)
    province_code = query_of(page.url)["province"]

    page.get_by_label("Giá trị làm lợi").select_option(label="100 triệu – 1 tỷ đồng")
    page.get_by_label("Sắp xếp").select_option(label="Làm lợi cao nhất")
    page.get_by_role("button", name="Áp dụng").click()

    expect(page).to_have_url(re.compile(r"sort=benefit"))
    state = query_of(page.url)
    assert state["q"] == ["tiet kiem dien"]
    assert state["province"] == province_code
    assert state["benefit_range"] == ["100000000-1000000000"]
    amounts = [amount_in_dong(text) for text in page.locator(".result__benefit").all_inner_texts()]
    assert amounts, "the filters left no result to check"
    assert amounts == sorted(amounts, reverse=True)
    assert all(10**8 <= amount <= 10**9 for amount in amounts)
    for meta in page.locator(".result__meta").all_inner_texts():
        assert province in meta
    titles = page.locator(".result__title a").all_inner_texts()

    page.reload()

    assert query_of(page.url) == state
    expect(page.get_by_label("Sắp xếp")).to_have_value("benefit")
    expect(page.get_by_label("Giá trị làm lợi")).to_have_value("100000000-1000000000")
    expect(page.locator(".facet a[aria-current=true]")).to_contain_text(province)
    assert page.locator(".result__title a").all_inner_texts() == titles

    expect(page.locator(".result").first.locator(".result__snippet mark").first).to_be_visible()
    page.locator(".result__title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[0])
