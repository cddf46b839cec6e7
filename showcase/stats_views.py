"""The statistics page (/thong-ke/) and the CSV download of each of its charts.

Each section of the page is one `Table` (see `showcase.statistics`) drawn as one or two
SVG charts, shown as an HTML table behind "Xem bảng số liệu" and served as CSV at
/thong-ke/<slug>.csv: the charts, the HTML table and the CSV all read the same rows.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.home.templatetags.campaign_tags import percent_vi
from portal.vnd import format_number, format_vnd

from .charts import BarChart, BarItem, LineChart, Series, bar_chart, line_chart
from .statistics import (
    CampaignStatistics,
    Table,
    benefit_table,
    phase_table,
    province_table,
    reuse_table,
    sector_table,
    timeline_table,
)

REPORTED = "Số liệu các đơn vị báo cáo"
SHOWCASE = "Thư viện sáng kiến trên trang"
DEMO_NOTE = "gồm số liệu minh họa"
# The province chart shows the leaders; its table lists all 83.
PROVINCE_CHART_ROWS = 15


@dataclass(frozen=True)
class ChartView:
    """One SVG: its geometry and the text a screen reader gets instead of the drawing."""

    chart: BarChart | LineChart
    chart_id: str
    title: str
    desc: str
    tone: str = "count"  # the bars' colour: count, money or reported

    @property
    def kind(self) -> str:
        return "line" if isinstance(self.chart, LineChart) else "bar"


@dataclass(frozen=True)
class Section:
    slug: str  # also the CSV's name: /thong-ke/<slug>.csv
    heading: str
    source: str  # REPORTED or SHOWCASE, or both
    table: Callable[[CampaignStatistics], Table]
    charts: Callable[["Section", Table], list[ChartView]]
    caption: str  # the table's caption
    note: str = ""


def _timeline_charts(section: Section, table: Table) -> list[ChartView]:
    points = [(row[0], row[1]) for row in table.rows]
    first, last = table.rows[0], table.rows[-1]
    highest = max(table.rows, key=lambda row: row[1])
    desc = (
        f"Từ {first[0]:%d/%m/%Y} đến {last[0]:%d/%m/%Y}, tổng số sáng kiến đăng ký theo "
        f"báo cáo của các đơn vị đi từ {format_number(first[1])} lên "
        f"{format_number(last[1])} ({format_number(last[3])} đơn vị đã báo cáo). Cao nhất: "
        f"{format_number(highest[1])} ngày {highest[0]:%d/%m/%Y}."
    )
    return [
        ChartView(
            chart=line_chart(
                series=[Series("Sáng kiến đăng ký", points)],
                y_label="Số sáng kiến đăng ký",
                x_label="Ngày số liệu",
            ),
            chart_id=f"{section.slug}-bieu-do",
            title=_title(f"Tổng số sáng kiến đăng ký theo thời gian ({REPORTED.lower()})", table),
            desc=desc,
            tone="reported",
        )
    ]


@dataclass(frozen=True)
class Measure:
    """A numeric column of a table drawn as bars."""

    column: int
    name: str  # in the chart's id
    label: str
    axis_label: str
    value_format: Callable[[int], str]
    tone: str


COUNT = Measure(1, "so-luong", "Số sáng kiến", "Số sáng kiến", format_number, "count")
BENEFIT = Measure(2, "lam-loi", "Giá trị làm lợi", "Giá trị làm lợi (đồng)", format_vnd, "money")
REUSES = Measure(
    2, "so-don-vi", "Số đơn vị đã áp dụng", "Số đơn vị đã áp dụng", format_number, "count"
)


def _count_and_benefit_charts(
    section: Section, table: Table, *, limit: int | None = None
) -> list[ChartView]:
    """A bar chart of the count per row and one of the benefit per row, each largest
    first, of the first `limit` rows (all by default)."""
    return [
        _bars(section, table, measure, rows=_largest(table.rows, measure, limit))
        for measure in (COUNT, BENEFIT)
    ]


def _benefit_charts(section: Section, table: Table) -> list[ChartView]:
    return [_bars(section, table, COUNT, rows=table.rows)]  # the ranges in their order


def _reuse_charts(section: Section, table: Table) -> list[ChartView]:
    return [_bars(section, table, REUSES, rows=table.rows)]  # most reused first already


def _largest(rows: list[tuple], measure: Measure, limit: int | None) -> list[tuple]:
    # Stable: rows with equal values keep the table's order.
    return sorted(rows, key=lambda row: -(row[measure.column] or 0))[:limit]


def _phase_charts(section: Section, table: Table) -> list[ChartView]:
    """The share of each phase in the reported count and in the showcase, as two bar
    charts on the same 0–100 % scale."""
    charts = []
    sources = ((1, REPORTED, "bao-cao", "reported"), (2, SHOWCASE, "thu-vien", "count"))
    for column, source, name, tone in sources:
        total = sum(row[column] or 0 for row in table.rows)
        if not total:
            continue
        rows = [row for row in table.rows if row[column] is not None]
        items = [
            BarItem(
                row[0],
                row[column] * 100 / total,
                f"{percent_vi(row[column] * 100 / total)} · {format_number(row[column])}",
            )
            for row in rows
        ]
        charts.append(
            ChartView(
                chart=bar_chart(
                    items=items, max_value=100, axis_label="Tỷ trọng (%) · số sáng kiến"
                ),
                chart_id=f"{section.slug}-{name}",
                # Only the reported figures can be demo data.
                title=_title(
                    f"Tỷ trọng theo giai đoạn: {source.lower()}", table if column == 1 else None
                ),
                desc=_share_desc(items, source=source, total=total),
                tone=tone,
            )
        )
    return charts


def _bars(section: Section, table: Table, measure: Measure, *, rows: list[tuple]) -> ChartView:
    items = [
        BarItem(row[0], row[measure.column] or 0, measure.value_format(row[measure.column] or 0))
        for row in rows
    ]
    highest = max(items, key=lambda item: item.value)
    lowest = min(items, key=lambda item: item.value)
    shown = (
        f"; {len(rows)} hàng cao nhất, đủ số liệu trong bảng" if len(rows) < len(table.rows) else ""
    )
    subject = section.heading[0].lower() + section.heading[1:]
    return ChartView(
        chart=bar_chart(items=items, axis_label=measure.axis_label),
        chart_id=f"{section.slug}-{measure.name}",
        title=_title(f"{measure.label} {subject} ({SHOWCASE.lower()}{shown})", table),
        desc=(
            f"{len(items)} hàng. Cao nhất: {highest.label} ({highest.value_label}). "
            f"Thấp nhất: {lowest.label} ({lowest.value_label})."
        ),
        tone=measure.tone,
    )


def _share_desc(items: list[BarItem], *, source: str, total: int) -> str:
    shares = "; ".join(f"{item.label}: {item.value_label}" for item in items)
    return f"{source}, tổng {format_number(total)} sáng kiến. {shares}."


def _title(title: str, table: Table | None) -> str:
    return f"{title} – {DEMO_NOTE}" if table is not None and table.is_demo else title


SECTIONS = (
    Section(
        slug="tong-so-theo-thoi-gian",
        heading="Tổng số sáng kiến đăng ký theo thời gian",
        source=REPORTED,
        table=timeline_table,
        charts=_timeline_charts,
        caption="Tổng số sáng kiến đăng ký và giá trị làm lợi theo ngày số liệu",
        note=(
            "Mỗi ngày cộng báo cáo mới nhất (cả chiến dịch) của từng liên đoàn lao động tỉnh, "
            "thành phố và công đoàn ngành Trung ương tính đến ngày đó; báo cáo sau của một "
            "đơn vị thay cho báo cáo trước, không cộng dồn."
        ),
    ),
    Section(
        slug="theo-linh-vuc",
        heading="Theo lĩnh vực",
        source=SHOWCASE,
        table=sector_table,
        charts=_count_and_benefit_charts,
        caption="Số sáng kiến và giá trị làm lợi theo lĩnh vực, thư viện trên trang",
    ),
    Section(
        slug="theo-tinh-nganh",
        heading="Theo tỉnh, thành phố và công đoàn ngành",
        source=SHOWCASE,
        table=province_table,
        charts=partial(_count_and_benefit_charts, limit=PROVINCE_CHART_ROWS),
        caption="Số sáng kiến và giá trị làm lợi theo tỉnh, thành phố và công đoàn ngành",
        note=f"Biểu đồ nêu {PROVINCE_CHART_ROWS} đơn vị cao nhất; bảng số liệu có đủ các đơn vị.",
    ),
    Section(
        slug="theo-muc-lam-loi",
        heading="Theo mức làm lợi của mỗi sáng kiến",
        source=SHOWCASE,
        table=benefit_table,
        charts=_benefit_charts,
        caption="Số sáng kiến theo mức giá trị làm lợi mỗi năm",
        note="“Chưa lượng hóa”: sáng kiến có hiệu quả nhưng không tính được bằng tiền.",
    ),
    Section(
        slug="theo-giai-doan",
        heading="Tỷ trọng theo giai đoạn",
        source=f"{REPORTED}; {SHOWCASE}",
        table=phase_table,
        charts=_phase_charts,
        caption="Số sáng kiến theo giai đoạn: số liệu báo cáo và thư viện trên trang",
        note=(
            "Hai nguồn khác nhau: số sáng kiến đăng ký mà các đơn vị báo cáo (báo cáo mới "
            "nhất của từng đơn vị trong mỗi giai đoạn) và số sáng kiến tiêu biểu đã đăng "
            "trong thư viện. Mỗi biểu đồ tính tỷ trọng trên tổng của nguồn đó."
        ),
    ),
    Section(
        slug="ap-dung-nhieu-nhat",
        heading="Sáng kiến được áp dụng lại nhiều nhất",
        source=f"{SHOWCASE}; đơn vị áp dụng do biên tập viên xác nhận",
        table=reuse_table,
        charts=_reuse_charts,
        caption="Các sáng kiến có nhiều đơn vị áp dụng lại nhất (đã xác nhận), thư viện trên trang",
        note="Chỉ tính các đơn vị đã được biên tập viên xác nhận.",
    ),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


@require_safe
def statistics(request):
    stats = CampaignStatistics()
    sections = []
    for section in SECTIONS:
        table = section.table(stats)
        if table.note:  # what this table's figures add up to, before the section's own note
            section = replace(section, note=f"{table.note} {section.note}".strip())
        sections.append(
            {
                "section": section,
                "table": table,
                "charts": section.charts(section, table) if table.rows else [],
            }
        )
    latest = stats.timeline.totals[-1] if stats.timeline.totals else None
    return render(
        request,
        "showcase/statistics.html",
        {
            "sections": sections,
            "reported": latest,
            "reported_is_demo": stats.timeline.is_demo,
            "showcase_total": stats.showcase.count,
            "has_data": any(item["table"].rows for item in sections),
            "sources": {"reported": REPORTED, "showcase": SHOWCASE},
        },
    )


@require_safe
def statistics_csv(request, chart: str):
    section = SECTIONS_BY_SLUG.get(chart)
    if section is None:
        raise Http404("Không có biểu đồ này.")
    table = section.table(CampaignStatistics())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{section.slug}.csv"'
    response.write("\ufeff")  # the byte order mark that lets Excel read the Vietnamese
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows(table.csv_rows())
    return response
