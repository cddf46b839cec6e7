"""A reader filters the showcase, or searches, and takes the list away as a file."""

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
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


def test_search_results_download_as_json_and_xlsx_with_exactly_the_initiatives_found(page):
    page.goto("/tim-kiem/")
    search = page.locator("main").get_by_role("search")
    search.get_by_label("Từ khóa").fill("tiết kiệm")
    search.get_by_role("button", name="Tìm").click()
    page.get_by_role("navigation", name="Loại kết quả").get_by_role(
        "link", name="Sáng kiến"
    ).click()
    expect(page).to_have_url(re.compile(r"type=initiative"))
    shown = int(re.sub(r"\D", "", page.locator("#results-heading").inner_text()))
    first_page_titles = [
        title.strip() for title in page.locator(".result__title").all_inner_texts()
    ]
    assert shown >= len(first_page_titles) > 0

    downloads = page.locator(".downloads")
    with page.expect_download() as info:
        downloads.get_by_role("link", name="JSON").click()
    assert re.fullmatch(r"sang-kien-\d{4}-\d{2}-\d{2}\.json", info.value.suggested_filename)
    rows = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert len(rows) == shown
    assert [row["title"] for row in rows[: len(first_page_titles)]] == first_page_titles

    with page.expect_download() as info:
        downloads.get_by_role("link", name="Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    workbook = io.BytesIO(Path(info.value.path()).read_bytes())  # its name has no .xlsx
    sheet = openpyxl.load_workbook(workbook, read_only=True).worksheets[0]
    header, *lines = list(sheet.iter_rows(values_only=True))
    titles = [line[header.index("title")] for line in lines]
    # The spreadsheet holds the same rows as the JSON file, in the same order.
    assert titles == [row["title"] for row in rows]
