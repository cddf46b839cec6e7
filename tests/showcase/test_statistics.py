"""The statistics page (/thong-ke/): its charts, their tables and CSV downloads."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.vnd import format_number, format_vnd
from showcase.charts import BarItem, Series, bar_chart, line_chart, nice_ticks, text_width
from showcase.models import CampaignUnit, Sector, UnitReport
from showcase.services import reuse_record
from showcase.statistics import reported_totals_over_time
from showcase.stats_views import SECTIONS

from .factories import province, sector

CHART_SLUGS = [section.slug for section in SECTIONS]


def report(code: str, as_of: date, registered: int, *, phase=0, benefit=None, is_demo=False):
    return UnitReport.objects.create(
        unit=CampaignUnit.objects.get(code=code),
        phase=phase,
        as_of=as_of,
        registered=registered,
        benefit_vnd=benefit,
        is_demo=is_demo,
    )


def chart_svgs(html: str) -> list[ET.Element]:
    """Every chart on the page, parsed as XML (which fails on malformed markup)."""
    charts = []
    start = html.find('<svg class="chart__svg')
    while start != -1:
        end = html.index("</svg>", start) + len("</svg>")
        charts.append(ET.fromstring(html[start:end]))  # noqa: S314 (the site's own markup)
        start = html.find('<svg class="chart__svg', end)
    return charts


def chart(html: str, chart_id: str) -> ET.Element:
    found = [svg for svg in chart_svgs(html) if svg.find("title").get("id") == f"{chart_id}-title"]
    assert len(found) == 1, chart_id
    return found[0]


def bar_values(svg: ET.Element) -> dict[str, str]:
    """Each bar's category (its label lines joined) and the value written after it."""
    values = {}
    for row in svg.iter("g"):
        if row.get("class") == "chart__row":
            texts = row.findall("text")
            label = " ".join(text.text for text in texts if text.get("class") == "chart__label")
            values[label] = next(t.text for t in texts if t.get("class") == "chart__value")
    return values


class TableParser(HTMLParser):
    """The header and body rows of the data table in each statistics section, by slug."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section = None
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section" and "stats-section" in attributes.get("class", ""):
            self.section = attributes["id"]
        elif tag == "tr" and self.section:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables.setdefault(self.section, []).append(self.row)
            self.row = None
        elif tag == "section":
            self.section = None


def html_tables(html: str) -> dict[str, list[list[str]]]:
    parser = TableParser()
    parser.feed(html)
    return parser.tables


def csv_rows(client, slug: str) -> list[list[str]]:
    response = client.get(f"/thong-ke/{slug}.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def as_displayed(header: str, value: str) -> str:
    """A CSV cell written the way the HTML table writes it."""
    if value == "":
        return value
    if header == "Ngày số liệu":
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    if "(đồng)" in header:
        return format_vnd(int(value))
    return format_number(int(value)) if value.isdigit() else value


@pytest.fixture
def some_figures(make_initiative, django_user_model):
    report("20", date(2022, 3, 1), 100, benefit=5_000_000_000)
    report("38", date(2022, 6, 1), 40, benefit=1_000_000_000)
    report("20", date(2022, 6, 1), 300, phase=1)
    reused = make_initiative(benefit_vnd=450_000_000)
    union = django_user_model.objects.create_user(username="ldld", is_staff=True)
    reuse_record(initiative=reused, unit_name="Công ty Điện lực Thanh Hóa", user=union)
    make_initiative(benefit_vnd=1_200_000_000)
    make_initiative(benefit_vnd=None, sector=sector("y-te"), province=province("38"))
    make_initiative(recognised_on=date(2022, 3, 1), province=province("TW01"))


# The page and its charts --------------------------------------------------------------


@pytest.mark.django_db
def test_every_chart_is_well_formed_svg_with_a_title_and_a_description(client, some_figures):
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    charts = chart_svgs(response.content.decode())
    # A line, two bar charts each by sector and by province, one of benefit ranges,
    # one per source of the phase shares, one of the most reused initiatives.
    assert len(charts) == 9
    for svg in charts:
        assert svg.get("role") == "img"
        title, desc = svg.find("title"), svg.find("desc")
        assert title.text.strip() and desc.text.strip()
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert svg.get("viewBox").startswith("0 0 360 ")


@pytest.mark.django_db
def test_sector_bars_show_the_showcase_count_and_benefit_of_each_sector(client, make_initiative):
    make_initiative(benefit_vnd=450_000_000)
    make_initiative(benefit_vnd=1_200_000_000)
    make_initiative(benefit_vnd=None)
    make_initiative(benefit_vnd=10_000_000, sector=sector("y-te"))
    html = client.get("/thong-ke/").content.decode()

    counts = bar_values(chart(html, "theo-linh-vuc-so-luong"))
    assert counts["Công nghiệp – chế biến, chế tạo"] == "3"
    assert counts["Y tế"] == "1"
    assert counts["Xây dựng"] == "0"
    assert list(counts)[:2] == ["Công nghiệp – chế biến, chế tạo", "Y tế"]  # most first
    money = bar_values(chart(html, "theo-linh-vuc-lam-loi"))
    assert money["Công nghiệp – chế biến, chế tạo"] == "1,65 tỷ đồng"
    assert money["Y tế"] == "10 triệu đồng"
    assert "Cao nhất: Công nghiệp – chế biến, chế tạo (3)" in (
        chart(html, "theo-linh-vuc-so-luong").find("desc").text
    )


@pytest.mark.django_db
def test_the_province_chart_shows_the_leaders_and_its_table_every_province(client, make_initiative):
    make_initiative(province=province("38"))
    make_initiative(province=province("38"))
    make_initiative(province=province("TW01"))
    html = client.get("/thong-ke/").content.decode()

    counts = bar_values(chart(html, "theo-tinh-nganh-so-luong"))
    assert len(counts) == 15
    assert list(counts.items())[:2] == [("Thanh Hóa", "2"), ("Công đoàn Điện lực Việt Nam", "1")]
    rows = html_tables(html)["theo-tinh-nganh"][1:]
    assert len(rows) == 83
    assert rows[0] == ["Thanh Hóa", "2", "900 triệu đồng"]


@pytest.mark.django_db
def test_the_line_chart_adds_each_units_latest_report_on_every_report_date(client):
    report("20", date(2022, 3, 1), 100, benefit=2_000_000_000)
    report("38", date(2022, 6, 1), 10, benefit=500_000_000)
    report("20", date(2022, 6, 1), 150)  # replaces Lạng Sơn's 100: not added to it
    report("38", date(2022, 9, 1), 40, is_demo=True)
    report("20", date(2022, 8, 1), 9_999, phase=1)  # a phase's figure, not the campaign's
    sub_unit = CampaignUnit.objects.create(
        code="20-x",
        name="LĐLĐ huyện X",
        kind="district",
        parent=CampaignUnit.objects.get(code="20"),
    )
    UnitReport.objects.create(unit=sub_unit, phase=0, as_of=date(2022, 7, 1), registered=7)

    totals = reported_totals_over_time()
    assert [(t.as_of, t.registered, t.benefit_vnd, t.units) for t in totals.totals] == [
        (date(2022, 3, 1), 100, 2_000_000_000, 1),
        (date(2022, 6, 1), 160, 500_000_000, 2),
        (date(2022, 9, 1), 190, 0, 2),
    ]
    assert totals.is_demo

    response = client.get("/thong-ke/")
    line = response.context["sections"][0]["charts"][0].chart
    assert [(point.day, point.value) for point in line.series[0].points] == [
        (date(2022, 3, 1), 100),
        (date(2022, 6, 1), 160),
        (date(2022, 9, 1), 190),
    ]
    svg = chart(response.content.decode(), "tong-so-theo-thoi-gian-bieu-do")
    heights = [float(circle.get("cy")) for circle in svg.iter("circle")]
    assert heights == sorted(heights, reverse=True)  # higher on the page as the total grows
    assert "đi từ 100 lên 190" in svg.find("desc").text
    assert "gồm số liệu minh họa" in svg.find("title").text


@pytest.mark.django_db
def test_phase_shares_add_each_units_latest_report_of_the_phase_apart_from_the_showcase(
    client, make_initiative
):
    report("20", date(2022, 3, 1), 100, phase=1)
    report("20", date(2022, 5, 31), 300, phase=1)
    report("38", date(2022, 5, 31), 100, phase=1)
    report("20", date(2023, 9, 30), 600, phase=2)
    make_initiative(recognised_on=date(2022, 3, 1))
    make_initiative()
    make_initiative()
    make_initiative()
    html = client.get("/thong-ke/").content.decode()

    reported = bar_values(chart(html, "theo-giai-doan-bao-cao"))
    assert reported == {
        "Giai đoạn 1 (9/2021 – 5/2022)": "40,0% · 400",
        "Giai đoạn 2 (6/2022 – 9/2023)": "60,0% · 600",
    }
    showcase = bar_values(chart(html, "theo-giai-doan-thu-vien"))
    assert showcase["Giai đoạn 1 (9/2021 – 5/2022)"] == "25,0% · 1"
    assert "số liệu các đơn vị báo cáo" in chart(html, "theo-giai-doan-bao-cao").find("title").text
    assert "thư viện sáng kiến trên trang" in (
        chart(html, "theo-giai-doan-thu-vien").find("title").text
    )


@pytest.mark.django_db
def test_benefit_ranges_include_their_lower_edge_and_count_unquantified_initiatives(
    client, make_initiative
):
    for benefit in (9_999_999, 10_000_000, 99_999_999, 100_000_000, 10**11, None, None):
        make_initiative(benefit_vnd=benefit)
    rows = {row[0]: row[1:] for row in csv_rows(client, "theo-muc-lam-loi")[1:]}
    assert rows == {
        "Dưới 10 triệu đồng": ["1", "9999999"],
        "10–100 triệu đồng": ["2", "109999999"],
        "100 triệu – 1 tỷ đồng": ["1", "100000000"],
        "1–10 tỷ đồng": ["0", "0"],
        "10–100 tỷ đồng": ["0", "0"],
        "Từ 100 tỷ đồng": ["1", "100000000000"],
        "Chưa lượng hóa": ["2", ""],
    }


@pytest.mark.django_db
def test_unpublished_and_private_initiatives_are_not_counted(client, make_initiative):
    make_initiative()
    make_initiative().unpublish()
    private = make_initiative()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    response = client.get("/thong-ke/")
    assert response.context["showcase_total"] == 1
    sectors = {row[0]: row[1] for row in csv_rows(client, "theo-linh-vuc")[1:]}
    assert sectors["Công nghiệp – chế biến, chế tạo"] == "1"


@pytest.mark.django_db
def test_names_from_the_data_are_escaped_in_the_charts_and_tables(client, make_initiative):
    odd = Sector.objects.create(name='Cơ khí <b>"chế tạo"</b> & sửa chữa', slug="co-khi")
    make_initiative(sector=odd)
    html = client.get("/thong-ke/").content.decode()
    assert "<b>" not in html
    assert "Cơ khí &lt;b&gt;" in html
    assert 'Cơ khí <b>"chế tạo"</b> & sửa chữa' in bar_values(chart(html, "theo-linh-vuc-so-luong"))


@pytest.mark.django_db
def test_demo_figures_are_marked_and_real_ones_are_not(client):
    report("20", date(2022, 3, 1), 100)
    assert "gồm số liệu minh họa" not in client.get("/thong-ke/").content.decode()
    report("38", date(2022, 3, 1), 50, is_demo=True)
    assert "gồm số liệu minh họa" in client.get("/thong-ke/").content.decode()


# The tables and their CSV -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", CHART_SLUGS)
def test_each_csv_holds_the_same_rows_as_its_html_table(client, some_figures, slug):
    table = html_tables(client.get("/thong-ke/").content.decode())[slug]
    rows = csv_rows(client, slug)
    assert rows[0] == table[0]
    assert len(rows) == len(table) > 1
    headers = rows[0]
    for csv_row, html_row in zip(rows[1:], table[1:], strict=True):
        assert [as_displayed(h, v) for h, v in zip(headers, csv_row, strict=True)] == html_row


@pytest.mark.django_db
def test_a_csv_download_is_an_attachment_that_excel_reads_as_utf8(client, some_figures):
    response = client.get("/thong-ke/theo-linh-vuc.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-theo-linh-vuc.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert "/thong-ke/theo-linh-vuc.csv" in client.get("/thong-ke/").content.decode()


@pytest.mark.django_db
def test_an_unknown_chart_has_no_csv(client):
    assert client.get("/thong-ke/khong-co.csv").status_code == 404


# Cost and the empty state ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_runs_as_many_queries_with_more_initiatives_and_reports(
    client, make_initiative, django_assert_max_num_queries
):
    report("20", date(2022, 3, 1), 100)
    make_initiative()
    with CaptureQueriesContext(connection) as few:
        client.get("/thong-ke/")
    for code in ("38", "40", "42", "TW01"):
        report(code, date(2022, 6, 1), 100)
        report(code, date(2022, 9, 1), 200, phase=2)
        make_initiative(province=province(code), sector=sector("y-te"), benefit_vnd=None)
    with django_assert_max_num_queries(len(few)), CaptureQueriesContext(connection) as many:
        client.get("/thong-ke/")
    assert len(many) == len(few) < 25


@pytest.mark.django_db
def test_the_empty_page_says_there_is_no_data_yet(client):
    response = client.get("/thong-ke/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa có số liệu thống kê" in html
    assert chart_svgs(html) == []
    assert csv_rows(client, "theo-linh-vuc") == [
        ["Lĩnh vực", "Số sáng kiến", "Giá trị làm lợi (đồng)"]
    ]


# The chart geometry -------------------------------------------------------------------


def test_value_axis_ticks_are_round_numbers_reaching_the_largest_value():
    assert nice_ticks(697_000) == [0, 200_000, 400_000, 600_000, 800_000]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]


def test_every_bar_and_its_value_label_fit_inside_the_drawing():
    items = [
        BarItem("Công đoàn Dầu khí Việt Nam và các đơn vị trực thuộc rất dài", 697_000, "697.000"),
        BarItem("Y tế", 3, "3"),
    ]
    drawn = bar_chart(items=items)
    for bar in drawn.bars:
        label = bar.value_label
        assert label.x + text_width(label.text) <= drawn.width
        assert all(text_width(line.text) <= drawn.width for line in bar.label_lines)
    assert len(drawn.bars[0].label_lines) == 2  # the long name wraps
    assert drawn.bars[1].y + drawn.bars[1].height <= drawn.height


def test_a_stepped_target_holds_each_value_until_its_next_date_and_to_the_end():
    reported = Series("Đăng ký", [(date(2022, 1, 1), 100), (date(2022, 7, 1), 500)])
    target = Series(
        "Chỉ tiêu", [(date(2022, 1, 1), 400), (date(2022, 4, 1), 600)], dashed=True, stepped=True
    )
    drawn = line_chart(series=[reported, target], y_label="Số sáng kiến")
    line, steps = drawn.series
    assert [(p.day, p.value) for p in line.points] == reported.points
    corners = [tuple(map(float, corner.split(","))) for corner in steps.polyline.split()]
    assert [y for _, y in corners] == [steps.points[0].y] * 2 + [steps.points[1].y] * 2
    assert corners[1][0] == corners[2][0] == steps.points[1].x  # the step at 1/4
    assert corners[-1][0] == drawn.right
    assert steps.dashed and [entry.label.text for entry in drawn.legend] == ["Đăng ký", "Chỉ tiêu"]
    assert [tick.label for tick in drawn.y_ticks] == ["0", "200", "400", "600"]
