"""An editor's journey through the Wagtail admin, shared by every search engine's test module.

The editor logs in, publishes a news article with a freshly uploaded picture and an
initiative, sees both on the public site and in search, then withdraws them and sees
them disappear again. Only the browser is used: no ORM, no management command.
"""

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import DEMO_PASSWORD, EDITOR, check_page

# The site's background thread replays index changes every 0.5 s; ten seconds leaves room
# for a slow CI machine without hiding an index that is never updated.
INDEX_DEADLINE = 10.0
NEWS_INDEX = "Tin tức"
SHOWCASE_INDEX = "Thư viện sáng kiến"
AUTOSAVE_SETTLED = """() => location.pathname.endsWith("/edit/")
    || document.getElementById("w-autosave-indicator")?.dataset.wAutosaveStateValue === "paused"
"""
# Wagtail notes a form's starting state two seconds after the editor opens; edits made
# before that count as the starting state, so autosave would never see them. A person
# is never that quick, so the journey waits for the moment as one would without noticing.
WATCH_EDITS_SCRIPT = """document.addEventListener("w-unsaved:watch-edits", () => {
    window.wagtailWatchesEdits = true;
})"""
CARD_LINKS = "main .card__title a"
RESULT_LINKS = ".result__title a"


@dataclass
class Published:
    title: str
    url: str
    index_url: str
    admin_listing_url: str

    @property
    def search_url(self) -> str:
        return f"/tim-kiem/?q={quote_plus(self.title)}"


def run_editor_journey(page: Page, tmp_path: Path) -> None:
    # A random number in every title keeps reruns on the same database, and the other
    # viewport and engine, from ever finding each other's pages.
    tag = str(100_000 + secrets.randbelow(900_000))
    page.add_init_script(WATCH_EDITS_SCRIPT)
    log_in(page)
    article = publish_news_article(
        page,
        title=f"Hội thi thợ giỏi mùa xuân {tag}",
        picture=make_picture(tmp_path / f"hoi-thi-{tag}.jpg", caption=f"Hoi thi {tag}"),
        picture_title=f"Ảnh hội thi thợ giỏi {tag}",
    )
    initiative = publish_initiative(page, title=f"Máy bóc vỏ hạt điều bán tự động {tag}")

    for published in (article, initiative):
        page.goto(published.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(published.title)
        # Both listings put the newest first; the initiatives' is answered by the engine.
        reload_until_listed(page, published.index_url, CARD_LINKS, published.title)
        reload_until_listed(page, published.search_url, RESULT_LINKS, published.title)

    unpublish(page, NEWS_INDEX, article)
    unpublish(page, SHOWCASE_INDEX, initiative)

    for withdrawn in (article, initiative):
        reload_until_listed(
            page, withdrawn.search_url, RESULT_LINKS, withdrawn.title, present=False
        )
        response = page.goto(withdrawn.url)
        assert response.status == 404, f"{withdrawn.url} still answers {response.status}"


# The admin ------------------------------------------------------------------


def log_in(page: Page) -> None:
    page.goto("/admin/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập vào Wagtail")
    check_page(page, "admin-login")

    page.get_by_label("Tên đăng nhập").fill(EDITOR)
    # Wagtail's login form leaves its password label untranslated ("Password"), so the
    # field is found by its translated placeholder instead.
    page.get_by_placeholder("Nhập mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_title(re.compile(r"^Bảng điều khiển"))
    expect(page.get_by_role("heading", name="Tổng quan trang web")).to_be_visible()


def open_section(page: Page, section: str) -> None:
    """Through the sidebar's page explorer, as an editor finds a section of the site."""
    page.goto("/admin/")
    open_sidebar_if_folded(page)
    sidebar = page.get_by_role("complementary", name="Thanh bên")
    sidebar.get_by_role("button", name="Trang", exact=True).click()
    explorer = sidebar.get_by_role("dialog", name="Trình duyệt trang")
    explorer.get_by_role("link", name="Xem trang con của 'Một triệu sáng kiến'").click()
    explorer.get_by_role("link", name=section, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đang duyệt xem: {section}")


def open_sidebar_if_folded(page: Page) -> None:
    toggle = page.get_by_role("button", name="Mở/đóng thanh bên")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")


def add_child_page(page: Page, section: str, page_type: str) -> None:
    open_section(page, section)
    page.get_by_role("link", name="Thêm trang con").click()
    # Each section allows a single page type, so Wagtail skips the type choice.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mới: {page_type}")
    page.wait_for_function("() => window.wagtailWatchesEdits === true", timeout=10_000)


def add_paragraph(page: Page, text: str) -> None:
    body = page.get_by_role("region", name=re.compile(r"^Nội dung"))
    body.get_by_role("button", name="Chèn khối").click()
    page.get_by_role("option", name="Đoạn văn").click()
    block = body.get_by_role("region", name=re.compile(r"^Đoạn văn"))
    editor = block.get_by_role("textbox")
    editor.click()
    editor.press_sequentially(text)
    expect(editor).to_contain_text(text)
    # Draftail writes the form field a moment after the last keystroke; publishing
    # before that would send an empty paragraph.
    expect(block.locator("input[type=hidden]")).to_have_value(re.compile(re.escape(text)))


def choose_in_modal(page: Page, opener: str, search: str, choice: str) -> None:
    page.get_by_role("button", name=opener).click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("textbox", name="Từ khóa tìm kiếm").fill(search)
    found = modal.get_by_role("link", name=choice, exact=True)
    expect(found, f"the chooser's search for “{search}” does not offer “{choice}”").to_be_visible()
    found.click()
    expect(modal).to_be_hidden()


def publish_and_find_live_url(page: Page, section: str, title: str) -> Published:
    # Wagtail's autosave creates a new page on its first save and only then points the
    # form at the edit address. A publish sent while that first save is in flight goes to
    # the create address again and fails on the now-taken slug, so publish after it (or
    # after autosave gave up on an invalid form, to have Wagtail show the errors).
    try:
        page.wait_for_function(AUTOSAVE_SETTLED, timeout=10_000)
    except PlaywrightTimeoutError:
        state = page.evaluate(
            "() => [location.pathname, document.getElementById('w-autosave-indicator')"
            "?.outerHTML.slice(0, 400)]"
        )
        raise AssertionError(f"Wagtail's autosave never settled: {state}") from None
    actions = page.get_by_role("navigation", name="Thao tác (chân trang)")
    actions.get_by_role("button", name="Thao tác khác").click()
    actions.get_by_role("button", name="Xuất bản", exact=True).click()

    listing = page.get_by_role("heading", level=1, name=f"Đang duyệt xem: {section}")
    refused = page.get_by_text(re.compile("do có lỗi xác thực"))
    expect(listing.or_(refused).first).to_be_visible()
    assert listing.is_visible(), f"Wagtail refused to publish “{title}”: {form_errors(page)}"

    # Wagtail returns to the section's listing, where the new row links to the live page.
    expect(page.get_by_role("status").first).to_contain_text(title)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    live = row.get_by_role("link", name="Trạng thái trang hiện tại: đã xuất bản")
    expect(live).to_be_visible()
    index = page.get_by_role("link", name="Hiển thị với mọi người. Xem trang đã xuất bản")
    return Published(
        title=title,
        url=live.get_attribute("href"),
        index_url=index.get_attribute("href"),
        admin_listing_url=page.url,
    )


def form_errors(page: Page) -> list[str]:
    return page.locator(".error-message").evaluate_all(
        "errors => errors.map(e => `${e.closest('[data-contentpath]')?.dataset.contentpath}:"
        " ${e.innerText.trim()}`)"
    )


def publish_news_article(page: Page, title: str, picture: Path, picture_title: str) -> Published:
    add_child_page(page, NEWS_INDEX, "Bài viết")
    page.get_by_role("textbox", name="Tiêu đề*").fill(title)
    page.get_by_role("textbox", name="Sapo*").fill(
        "Công nhân các phân xưởng thi tay nghề, chia sẻ kinh nghiệm và sáng kiến mới."
    )

    page.get_by_role("button", name="Chọn một hình ảnh").click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("tab", name="Tải lên").click()
    upload = modal.get_by_role("tabpanel", name="Tải lên")
    upload.get_by_label("Tệp").set_input_files(picture)
    upload.get_by_role("textbox", name="Tiêu đề*").fill(picture_title)
    upload.get_by_role("textbox", name="Mô tả").fill("Công nhân đứng máy trong hội thi")
    upload.get_by_role("button", name="Tải lên").click()
    expect(modal).to_be_hidden()
    featured = page.get_by_role("region", name="Ảnh đại diện")
    expect(featured).to_contain_text(picture_title)

    add_paragraph(page, "Hội thi diễn ra trong hai ngày với hơn một trăm thí sinh.")
    published = publish_and_find_live_url(page, NEWS_INDEX, title)

    page.goto(published.url)
    image = page.get_by_role("img", name=picture_title)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the picture is broken"
    return published


def publish_initiative(page: Page, title: str) -> Published:
    add_child_page(page, SHOWCASE_INDEX, "Sáng kiến")
    page.get_by_role("textbox", name="Tiêu đề*").fill(title)
    # The model refuses even a draft without a phase (or a recognition date), so it is
    # chosen before Wagtail's autosave sends its first draft.
    page.get_by_role("combobox", name="Giai đoạn").select_option("2")
    page.get_by_role("textbox", name="Tóm tắt*").fill(
        "Cải tiến máy bóc vỏ giúp tổ sản xuất tăng năng suất và giảm hạt vỡ."
    )
    page.get_by_role("textbox", name="Tác giả").fill("Nguyễn Văn An, Trần Thị Bình")
    choose_in_modal(page, "Chọn tỉnh, thành phố / công đoàn ngành", "Bình Phước", "Bình Phước")
    choose_in_modal(page, "Chọn lĩnh vực", "công nghiệp", "Công nghiệp – chế biến, chế tạo")
    page.get_by_role("spinbutton", name="Giá trị làm lợi (đồng)").fill("350000000")
    return publish_and_find_live_url(page, SHOWCASE_INDEX, title)


def unpublish(page: Page, section: str, published: Published) -> None:
    # Back to the section's listing, where publishing left the editor (the explorer's
    # way there is walked by every add).
    page.goto(published.admin_listing_url)
    title = published.title
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    row.get_by_role("button", name=f"Tùy chọn khác cho '{title}'").click()
    row.get_by_role("link", name="Hủy xuất bản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hủy xuất bản {title}")
    page.get_by_role("button", name="Có, hủy xuất bản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đang duyệt xem: {section}")
    expect(page.get_by_role("status").first).to_contain_text(title)
    expect(row.get_by_role("cell", name="Trạng thái trang hiện tại: bản nháp")).to_be_visible()


# The public site -------------------------------------------------------------


def reload_until_listed(
    page: Page, url: str, links: str, title: str, *, present: bool = True
) -> None:
    """Reload a listing until the title is (or is no longer) among its links, or fail.

    The site hands every publish and unpublish to its engine from a background thread,
    so the engine-backed listings catch up a moment after the admin has answered.
    """
    link = page.locator(links).filter(has_text=re.compile(f"^{re.escape(title)}$"))
    deadline = time.monotonic() + INDEX_DEADLINE
    response = page.goto(url)
    while True:
        assert response.ok, f"{url} answers {response.status}"
        # The database fallback answers without the engine this journey is about.
        expect(page.get_by_text("Máy tìm kiếm đang tạm gián đoạn")).to_have_count(0)
        if (link.count() > 0) == present:
            return
        assert time.monotonic() < deadline, (
            f"“{title}” {'never appeared' if present else 'is still listed'} at {url}"
            f" {INDEX_DEADLINE:.0f} s after the admin answered"
        )
        page.wait_for_timeout(250)
        response = page.reload()


def make_picture(path: Path, caption: str) -> Path:
    # Wagtail offers to reuse an identical earlier upload; unique pixels keep that choice away.
    picture = Image.new("RGB", (640, 400), (196, 32, 40))
    ImageDraw.Draw(picture).text((40, 180), caption, fill=(255, 255, 255), font_size=36)
    picture.save(path, "JPEG")
    return path
