"""A reader shares a news article or an initiative: Facebook and Zalo links, copying its
address, and the preview picture the link carries."""

import io
import re
from urllib.parse import quote

from PIL import Image
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
        "href", "https://chat.zalo.me/"
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


def test_sharing_on_zalo_copies_the_address_and_opens_zalo_web(page, site):
    """Zalo has no share address without its SDK: the link opens Zalo Web (answered
    here by a stand-in page, there is no network) with the address in the clipboard."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.context.route(
        "https://chat.zalo.me/**",
        lambda route: route.fulfill(body="<title>Zalo</title>", content_type="text/html"),
    )
    address = open_first_article(page)
    assert page.evaluate("typeof navigator.share") == "undefined"  # Chromium on Linux
    share = page.get_by_role("region", name="Chia sẻ")
    with page.expect_popup() as popup:
        share.get_by_role("link", name=re.compile("qua Zalo")).click()
    assert popup.value.url == "https://chat.zalo.me/"
    popup.value.close()
    expect(page.get_by_role("status")).to_have_text(
        "Đã sao chép liên kết: hãy dán vào cuộc trò chuyện Zalo vừa mở."
    )
    assert page.evaluate("navigator.clipboard.readText()") == address


def test_where_the_browser_can_share_zalo_opens_its_share_sheet(browser, site):
    """Phones have the Web Share API, whose sheet lists Zalo: the link opens it with the
    article's title and address instead of Zalo Web. The sheet itself is the system's,
    recorded here in its place."""
    context = browser.new_context(base_url=site.url)
    context.add_init_script(
        "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    )
    try:
        page = context.new_page()
        address = open_first_article(page)
        title = page.get_by_role("heading", level=1).inner_text()
        popups = []
        page.on("popup", lambda popup: popups.append(popup))
        page.get_by_role("region", name="Chia sẻ").get_by_role(
            "link", name=re.compile("qua Zalo")
        ).click()
        page.wait_for_function("window.__shared !== undefined")
        assert page.evaluate("window.__shared") == {"title": title, "url": address}
        assert popups == []
        assert page.url.split("?", 1)[0] == address
    finally:
        context.close()


def test_without_scripts_the_address_is_shown_to_copy_by_hand(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        address = open_first_article(page)
        share = page.get_by_role("region", name="Chia sẻ")
        expect(share.get_by_role("button", name="Sao chép liên kết")).to_be_hidden()
        expect(share.get_by_label("Liên kết của trang")).to_have_value(address)
        expect(share.get_by_role("link", name=re.compile("lên Facebook"))).to_be_visible()
        expect(share.get_by_role("link", name=re.compile("qua Zalo"))).to_be_visible()
    finally:
        context.close()


def test_reader_shares_an_initiative_with_its_generated_preview_picture(page, site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.goto("/sang-kien/")
    page.locator(".card__title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    address = page.url.split("?", 1)[0]

    share = page.get_by_role("region", name="Chia sẻ")
    expect(share.get_by_role("link", name=re.compile("lên Facebook"))).to_have_attribute(
        "href", f"https://www.facebook.com/sharer/sharer.php?u={quote(address, safe='')}"
    )
    share.get_by_role("button", name="Sao chép liên kết").click()
    expect(page.get_by_role("status")).to_have_text("Đã sao chép liên kết")
    assert page.evaluate("navigator.clipboard.readText()") == address

    # What Facebook and Zalo show of the link: the picture drawn for this initiative.
    picture = page.locator('meta[property="og:image"]').get_attribute("content")
    assert picture.startswith(f"{site.url}/anh-chia-se/sang-kien/")
    assert page.locator('meta[name="twitter:image"]').get_attribute("content") == picture
    response = page.request.get(picture)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(response.body())).size == (1200, 630)
