"""A reader filters the showcase and takes the filtered list away as a file."""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from .conftest import check_page


def test_filtered_showcase_downloads_as_csv_with_exactly_its_rows(page):
    page.goto("/sang-kien/")
    page.get_by_label("Lĩnh vực").select_option("cong-nghiep")
    page.get_by_label("Sắp xếp").select_option("benefit")
    page.get_by_role("button", name="Áp dụng").click()
    expect(page).to_have_url(re.compile(r"sector=cong-nghiep"))
    count_text = page.locator("#results-heading").inner_text()
    shown = int(re.sub(r"\D", "", count_text))
    first_page_titles = page.locator(".card__title").all_inner_texts()
    assert shown > len(first_page_titles) > 0  # the file must carry more than this page

    with page.expect_download() as info:
        page.locator(".downloads").get_by_role("link", name="CSV").click()
    download = info.value
    assert re.fullmatch(r"sang-kien-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == shown
    assert {row["sector"] for row in rows} == {"Công nghiệp – chế biến, chế tạo"}
    assert [row["title"] for row in rows[: len(first_page_titles)]] == [
        title.strip() for title in first_page_titles
    ]
    benefits = [int(row["benefit_vnd"] or 0) for row in rows]
    assert benefits == sorted(benefits, reverse=True)

    page.locator(".downloads").get_by_role("link", name="toàn bộ dữ liệu mở").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dữ liệu mở")
    check_page(page, "open-data")
