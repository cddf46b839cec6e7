"""Editors export the initiatives listing, as filtered on screen, to CSV and Excel."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .factories import province, sector

URL = "/admin/initiatives/"


@pytest.fixture
def library(make_initiative):
    make_initiative(title="Bộ gá hàn khung xe", province=province("01"), benefit_vnd=450_000_000)
    make_initiative(title="Tủ sấy hồ sơ chống ẩm", province=province("79"), sector=sector("y-te"))
    make_initiative(title="Máy cắt ống tự định tâm", province=province("01"), benefit_vnd=None)


@pytest.mark.django_db
def test_the_csv_export_holds_the_filtered_initiatives_and_their_columns(client, editor, library):
    client.force_login(editor)
    response = client.get(URL, {"province": province("01").pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert set(_column(rows, "title")) == {"Bộ gá hàn khung xe", "Máy cắt ống tự định tâm"}
    benefits = dict(zip(_column(rows, "title"), _column(rows, "benefit"), strict=True))
    assert benefits["Bộ gá hàn khung xe"] == "450000000"
    assert benefits["Máy cắt ống tự định tâm"] in ("", "None")


@pytest.mark.django_db
def test_the_excel_export_holds_the_same_rows(client, editor, library):
    client.force_login(editor)
    response = client.get(URL, {"province": province("01").pk, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    header, body = values[0], values[1:]
    title_column = next(i for i, name in enumerate(header) if _is(name, "title"))
    assert {row[title_column] for row in body} == {"Bộ gá hàn khung xe", "Máy cắt ống tự định tâm"}


@pytest.mark.django_db
def test_a_visitor_cannot_export(client, library):
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 302  # to the login


# The headings are the model fields' Vietnamese names.
_HEADINGS = {"title": ("tiêu đề", "title"), "benefit": ("giá trị làm lợi (đồng)", "benefit_vnd")}


def _is(heading, key: str) -> bool:
    return str(heading).strip().lower() in _HEADINGS[key]


def _column(rows: list[dict], key: str) -> list[str]:
    name = next(heading for heading in rows[0] if _is(heading, key))
    return [row[name] for row in rows]
