"""A reader shares a news article: Facebook and Zalo links, and copying its address."""

import re
from urllib.parse import quote

from playwright.sync_api import expect

from .conftest import check_page


def open_first_article(page) -> str:
    page.goto("/tin-tuc/")
    page.locator(".card__title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page.url.split("?", 1)[0]


def test_reader_copies_an_articles_address_and_is_told_so(page, site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    address = open_first_article(page)
    expect(page.get_by_text(re.compile(r"Đọc khoảng \d+ phút")).first).to_be_visible()

    share = page.get_by_role("region", name="Chia sẻ")
    encoded = quote(address, safe="")
    expect(share.get_by_role("link", name=re.compile("lên Facebook"))).to_have_attribute(
        "href", f"https://www.facebook.com/sharer/sharer.php?u={encoded}"
    )
    expect(share.get_by_role("link", name=re.compile("qua Zalo"))).to_have_attribute(
        "href", f"https://sp.zalo.me/share_to?url={encoded}"
    )
    expect(share.get_by_label("Liên kết của trang")).to_be_hidden()  # the button copies it

    share.get_by_role("button", name="Sao chép liên kết").click()
    expect(page.get_by_role("status")).to_have_text("Đã sao chép liên kết")
    assert page.evaluate("navigator.clipboard.readText()") == address

    # Pictures: responsive, in WebP and AVIF, with their size given.
    first = page.locator("main picture").first
    assert first.locator('source[type="image/webp"]').count() == 1
    assert first.locator('source[type="image/avif"]').count() == 1
    image = first.locator("img")
    for attribute in ("srcset", "sizes", "width", "height"):
        assert image.get_attribute(attribute), attribute
    check_page(page, "news-article-shared")


def test_without_scripts_the_address_is_shown_to_copy_by_hand(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        address = open_first_article(page)
        share = page.get_by_role("region", name="Chia sẻ")
        expect(share.get_by_role("button", name="Sao chép liên kết")).to_be_hidden()
        expect(share.get_by_label("Liên kết của trang")).to_have_value(address)
        expect(share.get_by_role("link", name=re.compile("lên Facebook"))).to_be_visible()
    finally:
        context.close()
