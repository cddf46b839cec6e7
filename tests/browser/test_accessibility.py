"""Page types the journeys do not reach, and keyboard-only use of search, filters and pagination."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_page

# Where the focus is and whether it shows: an outline or a shadow on the element, or a
# :focus-within ring on a close parent. One round trip per key press keeps the walk quick.
FOCUSED = """
selector => {
  const element = document.activeElement;
  const shows = node => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none";
  };
  let visible = false;
  for (let node = element, depth = 0; node && depth < 4; node = node.parentElement, depth++) {
    if (shows(node)) { visible = true; break; }
  }
  return {visible, matches: element.matches(selector), html: element.outerHTML.slice(0, 120)};
}
"""


@pytest.mark.parametrize(
    ("path", "name", "heading"),
    [
        ("/sang-kien/?sector=nang-luong&sort=benefit", "showcase-index", "Thư viện sáng kiến"),
        ("/tim-kiem/", "search-empty", "Tìm kiếm"),
        ("/tim-kiem/?q=bang+tai+thna", "search-did-you-mean", "Tìm kiếm"),
        ("/tim-kiem/?q=m%C3%A1y+s%E1%BA%A5y+n%C3%B4ng+s%E1%BA%A3n", "search-partial", "Tìm kiếm"),
        ("/tim-kiem/?q=zzqxv", "search-no-results", "Tìm kiếm"),
        ("/khong-co-trang-nay/", "not-found", "Không tìm thấy trang"),
        ("/bang-xep-hang/?giai_doan=1", "leaderboard", "Bảng xếp hạng thi đua"),
        ("/bang-xep-hang/?don_vi=20", "leaderboard-sub-units", "Bảng xếp hạng thi đua"),
        ("/bang-xep-hang/don-vi/20-trang-dinh/", "campaign-sub-unit", "Tràng Định"),
        ("/thong-ke/", "statistics", "Thống kê"),
        ("/sang-kien/noi-bat/", "featured", "Sáng kiến nổi bật"),
    ],
)
def test_page_type_passes_the_accessibility_scan_and_fits_the_screen(page, path, name, heading):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    check_page(page, name)


def test_results_with_only_some_of_the_words_are_listed_apart(page):
    page.goto("/tim-kiem/?q=m%C3%A1y+s%E1%BA%A5y+n%C3%B4ng+s%E1%BA%A3n")  # máy sấy nông sản
    expect(page.get_by_role("heading", name="Chỉ có một phần từ khóa")).to_be_visible()
    lists = page.locator("ol.results")
    expect(lists).to_have_count(2)
    expect(lists.first.locator("li").first).to_contain_text("sấy")


def tab_until(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until `selector` has the focus, checking that every stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, selector)
        assert focused["visible"], f"focus is not visible on {focused['html']}"
        if focused["matches"]:
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def test_search_filters_and_pagination_work_with_the_keyboard_alone(page):
    page.goto("/tim-kiem/?q=s%C3%A1ng+ki%E1%BA%BFn")

    tab_until(page, ".pagination a[rel=next]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination [aria-current=page]")).to_contain_text("2")

    if page.locator("summary.filters__toggle").is_visible():  # folded on a phone
        tab_until(page, "summary.filters__toggle")
        page.keyboard.press("Enter")
    tab_until(page, "#sort")
    page.keyboard.press("End")  # the last option: highest benefit
    tab_until(page, ".facet--form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=benefit"))

    tab_until(page, ".facet legend + ul a")  # the largest sector
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sector=.*sort=benefit|sort=benefit.*sector="))
    expect(page.locator(".facet a[aria-current=true]")).to_have_count(1)
