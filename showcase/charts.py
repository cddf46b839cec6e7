"""Geometry for the site's small server-rendered SVG charts.

Pure functions from numbers to coordinates in a chart's own `viewBox` units; they
return plain dataclasses that `templates/components/chart_bar.html` and
`templates/components/chart_line.html` draw as they are. No HTML, no database, no
JavaScript: the templates scale the drawing to the page's width with `viewBox`.

Text sizes are in the same units. The default width (360) keeps 13-unit text
readable at a phone's width (about 12 px on a 375 px screen) without growing too
large on a desktop, where the stylesheet caps the drawing's width.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from portal.vnd import format_number

FONT_SIZE = 13
TICK_FONT_SIZE = 12
# Average advance of a character of the site's sans-serif fonts, in ems: used to leave
# room for text, which SVG cannot measure on the server.
_CHAR_WIDTH = 0.58
_LINE_HEIGHT = 1.3


def _px(value: float) -> float:
    """A coordinate as written into the markup: a tenth of a unit is finer than a pixel."""
    return round(value, 1)


def text_width(text: str, *, font_size: float = FONT_SIZE) -> float:
    """An estimate of the width `text` takes, generous enough for Vietnamese diacritics."""
    return len(text) * font_size * _CHAR_WIDTH


def wrap_text(text: str, *, width: float, font_size: float = FONT_SIZE) -> list[str]:
    """`text` broken between words into lines no wider than `width` (a word longer
    than the width stays whole on its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", font_size=font_size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def nice_ticks(maximum: float, *, count: int = 5) -> list[int]:
    """Round axis values from 0 up to at least `maximum`, about `count` steps of 1, 2
    or 5 times a power of ten: 697,000 -> 0, 200,000, …, 800,000."""
    if maximum <= 0:
        return [0, 1]
    raw_step = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    step = max(1, round(step))  # counts and đồng are whole numbers
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    """A gridline or axis mark at `position` (y for the value axis, x for dates), with
    its label drawn at (`text_x`, `text_y`)."""

    position: float
    label: str
    text_x: float
    text_y: float


# Bar charts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BarItem:
    """One category to draw: its name, its value and how the value is written."""

    label: str
    value: float
    value_label: str


@dataclass(frozen=True)
class Bar:
    label_lines: list[TextLine]  # the category, above its bar, wrapped to the width
    x: float
    y: float
    width: float
    height: float
    value_label: TextLine  # just after the end of the bar
    value: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    axis_label: TextLine | None  # what the bar lengths measure, above the bars
    font_size: int = FONT_SIZE


def bar_chart(
    *,
    items: Sequence[BarItem],
    width: int = 360,
    max_value: float | None = None,
    axis_label: str = "",
    bar_height: int = 16,
) -> BarChart:
    """Horizontal bars, one per item in the given order, each with its category
    written above it and its value label after it.

    Bar lengths are proportional to `value` on a scale from 0 to `max_value` (default:
    the largest value), leaving room on the right for the longest value label, so that
    every label stays inside the drawing at any width.
    """
    padding, gap = 2, 10
    line_height = FONT_SIZE * _LINE_HEIGHT
    value_room = max((text_width(item.value_label) for item in items), default=0) + 8
    track = max(width - padding * 2 - value_room, width / 3)
    largest = max_value if max_value is not None else max((i.value for i in items), default=0)
    scale = track / largest if largest > 0 else 0
    y = padding
    label = None
    if axis_label:
        label = TextLine(axis_label, padding, _px(y + FONT_SIZE))
        y += line_height + gap / 2
    bars = []
    for item in items:
        lines = wrap_text(item.label, width=width - padding * 2)
        label_lines = []
        for line in lines:
            y += line_height
            label_lines.append(TextLine(line, padding, _px(y - FONT_SIZE * 0.25)))
        y += 3
        length = _px(max(0.0, item.value) * scale)
        bars.append(
            Bar(
                label_lines=label_lines,
                x=padding,
                y=_px(y),
                width=length,
                height=bar_height,
                value_label=TextLine(
                    item.value_label, _px(padding + length + 6), _px(y + bar_height * 0.8)
                ),
                value=item.value,
            )
        )
        y += bar_height + gap
    return BarChart(
        width=width,
        height=math.ceil(y + padding),
        bars=bars,
        axis_label=label,
    )


# Line charts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A line to draw: `points` are (date, value) pairs in any order.

    `dashed` draws it dashed (a target, say). `stepped` draws it as a step function:
    each value holds until the next point's date and the last one to the end of the
    chart, so a single point is a horizontal line from its date on.
    """

    label: str
    points: list[tuple[date, int]]
    dashed: bool = False
    stepped: bool = False


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: date
    value: int


@dataclass(frozen=True)
class PlottedSeries:
    label: str
    index: int  # position among the series, for its colour (chart__series--N)
    dashed: bool
    stepped: bool
    points: list[Point]  # the data points, by date
    polyline: str  # "x,y x,y …" for <polyline points="…"> (with the steps, if stepped)
    end_label: TextLine | None  # the last value, written beside the last point


@dataclass(frozen=True)
class LegendEntry:
    label: TextLine
    index: int
    dashed: bool
    x1: float
    x2: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: float  # the plot area, inside the axes
    top: float
    right: float
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[PlottedSeries]
    legend: list[LegendEntry]  # empty for a single series
    y_label: TextLine | None
    x_label: TextLine | None
    font_size: int = FONT_SIZE
    tick_font_size: int = TICK_FONT_SIZE


def line_chart(
    *,
    series: Sequence[Series],
    width: int = 360,
    height: int = 260,
    y_label: str = "",
    x_label: str = "",
    value_format: Callable[[int], str] = format_number,
    end_labels: bool = True,
) -> LineChart:
    """One or more series of dated values over a shared date axis and a value axis
    from 0, with round tick values, dates marked by month (or by day over a short
    span) and, for more than one series, a legend at the top.

    Example, a unit's reported count against its target::

        chart = line_chart(
            series=[
                Series("Sáng kiến đăng ký", [(r.as_of, r.registered) for r in reports]),
                Series("Chỉ tiêu", [(r.as_of, r.target) for r in with_target],
                       dashed=True, stepped=True),
            ],
            y_label="Số sáng kiến",
        )

    and in the template::

        {% include "components/chart_line.html" with chart=chart chart_id="dang-ky"
           title="…" desc="…" %}

    `value_format` writes the value-axis labels and the end labels (default "697.000").
    Series without points are left out; with no points at all the chart has axes only.
    """
    drawn = [(index, s) for index, s in enumerate(series) if s.points]
    days = [day for _, s in drawn for day, _ in s.points]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    if first == last:  # one date: centre it in a month-wide window
        first, last = first - timedelta(days=15), last + timedelta(days=15)
    y_values = nice_ticks(max((value for _, s in drawn for _, value in s.points), default=0))

    line_height = FONT_SIZE * _LINE_HEIGHT
    top = 6.0
    legend = _legend(drawn, width=width) if len(drawn) > 1 else []
    top += (legend[-1].y + line_height / 2 - top) if legend else 0
    y_text = TextLine(y_label, 2, _px(top + FONT_SIZE)) if y_label else None
    if y_text:
        top += line_height + 6
    top = _px(top + TICK_FONT_SIZE / 2)  # the top tick's label is centred on its line
    label_room = max(text_width(value_format(v), font_size=TICK_FONT_SIZE) for v in y_values)
    left = math.ceil(label_room) + 10
    bottom = _px(height - (TICK_FONT_SIZE * _LINE_HEIGHT + 8))
    x_text = None
    if x_label:
        bottom = _px(bottom - line_height)
        x_text = TextLine(x_label, width / 2, height - 4)
    dates = _date_ticks(first, last)
    # Labels centred on the last tick or on the last point must not run off the right.
    overhang = [text_width(label, font_size=TICK_FONT_SIZE) / 2 for _, label in dates[-1:]]
    if end_labels:
        overhang += [text_width(value_format(max(s.points)[1])) / 2 for _, s in drawn]
    right = _px(width - max(8.0, min(max(overhang, default=0), width / 4)))

    def x_of(day: date) -> float:
        return _px(left + (day - first).days / (last - first).days * (right - left))

    def y_of(value: float) -> float:
        return _px(bottom - value / y_values[-1] * (bottom - top))

    y_ticks = [
        Tick(y_of(v), value_format(v), left - 6, _px(y_of(v) + TICK_FONT_SIZE * 0.35))
        for v in y_values
    ]
    x_ticks = [
        Tick(x_of(day), label, x_of(day), _px(bottom + TICK_FONT_SIZE + 6)) for day, label in dates
    ]
    plotted = []
    for index, s in drawn:
        points = [Point(x_of(day), y_of(value), day, value) for day, value in sorted(s.points)]
        corners = _steps(points, x_end=right) if s.stepped else [(p.x, p.y) for p in points]
        end = points[-1]  # the latest date's value
        plotted.append(
            PlottedSeries(
                label=s.label,
                index=index,
                dashed=s.dashed,
                stepped=s.stepped,
                points=points,
                polyline=" ".join(f"{x},{y}" for x, y in corners),
                end_label=(
                    TextLine(value_format(end.value), end.x, max(end.y - 8, FONT_SIZE))
                    if end_labels and not s.stepped
                    else None
                ),
            )
        )
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        series=plotted,
        legend=legend,
        y_label=y_text,
        x_label=x_text,
    )


def _steps(points: list[Point], *, x_end: float) -> list[tuple[float, float]]:
    """The corners of a step line: each value runs flat to the next point's date."""
    corners = []
    for point, following in zip(points, [*points[1:], None], strict=True):
        corners.append((point.x, point.y))
        corners.append((following.x if following else x_end, point.y))
    return corners


def _legend(drawn: list[tuple[int, Series]], *, width: int) -> list[LegendEntry]:
    """A swatch and a name per series, left to right, wrapping to a new row when full."""
    line_height = FONT_SIZE * _LINE_HEIGHT
    entries: list[LegendEntry] = []
    x, y = 2.0, 6 + line_height / 2
    for index, s in drawn:
        entry_width = 26 + text_width(s.label) + 14
        if entries and x + entry_width > width:
            x, y = 2.0, y + line_height
        entries.append(
            LegendEntry(
                label=TextLine(s.label, _px(x + 26), _px(y + FONT_SIZE * 0.35)),
                index=index,
                dashed=s.dashed,
                x1=_px(x),
                x2=_px(x + 20),
                y=_px(y),
            )
        )
        x += entry_width
    return entries


_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
_DAY_STEPS = (1, 2, 7, 14)


def _date_ticks(first: date, last: date, *, most: int = 6) -> list[tuple[date, str]]:
    """Dates to mark on the axis: the first day of every 1, 2, 3, 6… months ("9/2021"),
    or every 1, 2, 7 or 14 days over less than two months ("26/3")."""
    if (last - first).days >= 60:
        starts = _month_starts(first, last)
        for step in _MONTH_STEPS:
            ticks = [day for day in starts if (day.year * 12 + day.month - 1) % step == 0]
            if len(ticks) <= most:
                return [(day, f"{day.month}/{day.year}") for day in ticks]
    span = (last - first).days
    for step in _DAY_STEPS:
        if span // step < most:
            days = [first + timedelta(days=n) for n in range(0, span + 1, step)]
            return [(day, f"{day.day}/{day.month}") for day in days]
    return []


def _month_starts(first: date, last: date) -> list[date]:
    day = date(first.year, first.month, 1)
    if day < first:
        day = _next_month(day)
    days = []
    while day <= last:
        days.append(day)
        day = _next_month(day)
    return days


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
