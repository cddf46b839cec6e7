"""The repeated rows of the charts and their data tables, written in Python: the
statistics page draws about 80 bars and 120 table rows, and the template language
took half the page's time to write them one value at a time."""

from django import template
from django.utils.html import format_html_join

from showcase.charts import BarChart
from showcase.statistics import Table

register = template.Library()


@register.simple_tag
def table_body_rows(table: Table):
    """<tr>s of the table's display rows; the first cell heads its row."""
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (first, format_html_join("", "<td>{}</td>", ((cell,) for cell in cells)))
            for first, *cells in table.display_rows()
        ),
    )


@register.simple_tag
def bar_rows(chart: BarChart):
    """A <g> per bar: its label lines, the bar, and its value. Coordinates as Python
    writes numbers ("12.5"), never localised."""
    return format_html_join(
        "\n",
        '<g class="chart__row">{}<rect class="chart__bar" x="{}" y="{}" width="{}" '
        'height="{}" rx="2"/><text class="chart__value" x="{}" y="{}">{}</text></g>',
        (
            (
                format_html_join(
                    "",
                    '<text class="chart__label" x="{}" y="{}">{}</text>',
                    ((line.x, line.y, line.text) for line in bar.label_lines),
                ),
                bar.x,
                bar.y,
                bar.width,
                bar.height,
                bar.value_label.x,
                bar.value_label.y,
                bar.value_label.text,
            )
            for bar in chart.bars
        ),
    )
