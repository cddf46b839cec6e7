"""Read-side figures for the statistics page (/thong-ke/), each as a `Table`.

Two sources, which the page never mixes:

- the campaign's reported figures ("số liệu các đơn vị báo cáo"): the national
  units' `UnitReport`s, the same data as the leaderboard's;
- the showcase library ("thư viện sáng kiến trên trang"): the published, public
  `InitiativePage`s, a curated selection of standout initiatives, not the full count.

Every chart, its HTML table and its CSV download are built from one `Table`, so they
cannot disagree. Everything is aggregated in the database, in a number of queries that
does not grow with the initiatives or reports: one for the reported totals over time,
one for the reported totals per phase, one over the showcase's maintained tally
shared by its four tables (plus the names of the provinces and sectors), and one for the
most reused initiatives, read from their maintained `reuse_count`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce

from portal.taxonomy import TaxonomyBase
from portal.vnd import format_number, format_vnd

from .campaign import BenefitRange, Phase
from .models import (
    CampaignUnit,
    InitiativePage,
    InitiativeTally,
    Province,
    ReportPhase,
    Sector,
    UnitReport,
)
from .race import latest_reports


class Kind(StrEnum):
    """How a column's values are written: in the HTML table, and in the CSV."""

    TEXT = "text"
    COUNT = "count"  # "697.000" on the page, 697000 in the CSV
    MONEY = "money"  # "1,2 tỷ đồng" on the page, 1200000000 (đồng) in the CSV
    DATE = "date"  # "30/09/2023" on the page, 2023-09-30 in the CSV


@dataclass(frozen=True)
class Table:
    """A chart's figures: the first column names the row, the others hold numbers."""

    headers: tuple[str, ...]
    kinds: tuple[Kind, ...]
    rows: list[tuple] = field(default_factory=list)
    is_demo: bool = False  # some figure in it was made up for the demonstration
    note: str = ""  # what the figures add up to, said beside the table

    def display_rows(self) -> list[list[str]]:
        return [
            [_display(kind, value) for kind, value in zip(self.kinds, row, strict=True)]
            for row in self.rows
        ]

    def csv_rows(self) -> list[list]:
        return [
            [_raw(kind, value) for kind, value in zip(self.kinds, row, strict=True)]
            for row in self.rows
        ]


def _display(kind: Kind, value) -> str:
    if value is None:
        return ""
    if kind is Kind.COUNT:
        return format_number(value)
    if kind is Kind.MONEY:
        return format_vnd(value)
    if kind is Kind.DATE:
        return f"{value:%d/%m/%Y}"
    return str(value)


def _raw(kind: Kind, value):
    if value is None:
        return ""
    if kind is Kind.DATE:
        return value.isoformat()
    return value


# The campaign's reported figures ------------------------------------------------------


@dataclass(frozen=True)
class ReportedTotal:
    """The national units' latest whole-campaign reports up to `as_of`, added up."""

    as_of: date
    registered: int
    benefit_vnd: int
    units: int  # how many national units had reported by then


@dataclass(frozen=True)
class Timeline:
    totals: list[ReportedTotal]  # one per date on which a national unit reported, in order
    is_demo: bool


def reported_totals_over_time() -> Timeline:
    """For every date on which a national unit reported its whole-campaign figures, the
    sum over the national units of each one's latest such report up to that date.

    One query: each report counts as its change from the same unit's previous report
    (so a later report replaces an earlier one instead of adding to it), and a running
    sum of the changes ordered by date gives the totals. The running sum's default frame
    takes in every report of the same date, so all of a date's reports carry that date's
    totals, and DISTINCT keeps one row per date.
    """
    previous = UnitReport.objects.filter(
        unit=OuterRef("unit"), phase=ReportPhase.OVERALL, as_of__lt=OuterRef("as_of")
    ).order_by("-as_of")

    def running(expression):
        return Window(Sum(expression), order_by=F("as_of").asc())

    def one_if(condition: Q):
        return Case(When(condition, then=Value(1)), default=Value(0))

    rows = list(
        UnitReport.objects.filter(
            phase=ReportPhase.OVERALL, unit__kind__in=CampaignUnit.NATIONAL_KINDS
        )
        .annotate(
            previous_registered=Subquery(previous.values("registered")[:1]),
            previous_benefit=Subquery(previous.values("benefit_vnd")[:1]),
        )
        .values("as_of")
        .annotate(
            registered=running(F("registered") - Coalesce("previous_registered", 0)),
            benefit=running(Coalesce("benefit_vnd", 0) - Coalesce("previous_benefit", 0)),
            units=running(one_if(Q(previous_registered__isnull=True))),
            demo_reports=running(one_if(Q(is_demo=True))),
        )
        .distinct()
        .order_by("as_of")
    )
    totals = [
        ReportedTotal(
            as_of=row["as_of"],
            registered=int(row["registered"]),
            benefit_vnd=int(row["benefit"]),
            units=int(row["units"]),
        )
        for row in rows
    ]
    # The running count of demo reports: the last date's says whether there is any.
    return Timeline(totals=totals, is_demo=bool(rows) and rows[-1]["demo_reports"] > 0)


@dataclass(frozen=True)
class ReportedByPhase:
    registered: dict[int, int | None]  # phase -> sum of the units' latest reports; None: none
    is_demo: bool


def reported_by_phase() -> ReportedByPhase:
    """For each phase, the national units' latest reports of that phase, added up
    (one query)."""
    figures, totals = {}, {}
    for phase in Phase.values:
        latest = latest_reports(phase=phase, as_of=None)
        figures[f"registered_{phase}"] = Subquery(latest.values("registered")[:1])
        figures[f"demo_{phase}"] = Subquery(latest.values("is_demo")[:1])
        # Named apart from the annotations: an aggregate of the same name replaces one.
        totals[f"total_{phase}"] = Sum(f"registered_{phase}")
        totals[f"demo_units_{phase}"] = Count("pk", filter=Q(**{f"demo_{phase}": True}))
    result = (
        CampaignUnit.objects.filter(kind__in=CampaignUnit.NATIONAL_KINDS)
        .annotate(**figures)
        .aggregate(**totals)
    )
    return ReportedByPhase(
        registered={
            phase: None if result[f"total_{phase}"] is None else int(result[f"total_{phase}"])
            for phase in Phase.values
        },
        is_demo=any(result[f"demo_units_{phase}"] for phase in Phase.values),
    )


# The showcase library ----------------------------------------------------------------


@dataclass
class Tally:
    """Initiatives counted, and their benefit in đồng added up, per key."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    benefits: dict = field(default_factory=lambda: defaultdict(int))


@dataclass
class ShowcaseTotals:
    """The live, public initiatives by province, sector, phase and BenefitRange (None:
    without a province, sector or phase)."""

    count: int = 0
    by_province: Tally = field(default_factory=Tally)
    by_sector: Tally = field(default_factory=Tally)
    by_phase: Tally = field(default_factory=Tally)
    by_range: Tally = field(default_factory=Tally)


_TOTALS = {
    InitiativeTally.Dimension.PROVINCE: "by_province",
    InitiativeTally.Dimension.SECTOR: "by_sector",
    InitiativeTally.Dimension.PHASE: "by_phase",
    InitiativeTally.Dimension.BENEFIT_RANGE: "by_range",
}


def showcase_totals() -> ShowcaseTotals:
    """The live, public initiatives counted and their benefit added up per province,
    sector, phase and benefit range.

    Read from InitiativeTally, which every change to an initiative keeps in step, so the
    page never counts the initiatives themselves: one query returning the tally's rows,
    one per province, sector, phase and benefit range.
    """
    totals = ShowcaseTotals()
    rows = InitiativeTally.objects.values_list("dimension", "key", "count", "benefit_vnd")
    for dimension, key, count, benefit in rows:
        # 0 is the tally's "none"; every benefit range has its number, 0 included.
        if dimension != InitiativeTally.Dimension.BENEFIT_RANGE and key == 0:
            key = None
        tally = getattr(totals, _TOTALS[dimension])
        tally.counts[key] += count
        tally.benefits[key] += benefit
        if dimension == InitiativeTally.Dimension.PHASE:
            totals.count += count
    return totals


# Reuses ------------------------------------------------------------------------------

MOST_REUSED = 10


@dataclass(frozen=True)
class ReuseLeaders:
    """The showcase's initiatives with the most confirmed reuses, and the reuses of the
    whole showcase added up."""

    rows: list[tuple[str, str | None, int]]  # title, province's name, confirmed reuses
    total: int  # confirmed reuses of every live, public initiative
    initiatives: int  # how many of them have at least one


def most_reused(*, limit: int = MOST_REUSED) -> ReuseLeaders:
    """The `limit` live, public initiatives most often reused (ties: the most recently
    recognised first, as the showcase's sort), in one query: the totals over all of them
    are window sums computed before the LIMIT."""
    rows = list(
        InitiativePage.objects.live()
        .public()
        .filter(reuse_count__gt=0)
        .annotate(all_reuses=Window(Sum("reuse_count")), reused=Window(Count("pk")))
        .order_by(
            "-reuse_count",
            F("recognised_on").desc(nulls_last=True),
            F("first_published_at").desc(nulls_last=True),
            "pk",
        )
        .values_list("title", "province__name", "reuse_count", "all_reuses", "reused")[:limit]
    )
    return ReuseLeaders(
        rows=[(title, province, count) for title, province, count, _, _ in rows],
        total=int(rows[0][3]) if rows else 0,
        initiatives=int(rows[0][4]) if rows else 0,
    )


# The tables ---------------------------------------------------------------------------

COUNT_HEADER = "Số sáng kiến"
BENEFIT_HEADER = "Giá trị làm lợi (đồng)"


class CampaignStatistics:
    """The page's figures, each query run once and only when a table needs it (the CSV
    of one chart runs only that chart's queries)."""

    @cached_property
    def timeline(self) -> Timeline:
        return reported_totals_over_time()

    @cached_property
    def by_phase(self) -> ReportedByPhase:
        return reported_by_phase()

    @cached_property
    def showcase(self) -> ShowcaseTotals:
        return showcase_totals()

    @cached_property
    def reuses(self) -> ReuseLeaders:
        return most_reused()


def timeline_table(stats: CampaignStatistics) -> Table:
    return Table(
        headers=("Ngày số liệu", "Sáng kiến đăng ký", BENEFIT_HEADER, "Số đơn vị đã báo cáo"),
        kinds=(Kind.DATE, Kind.COUNT, Kind.MONEY, Kind.COUNT),
        rows=[
            (total.as_of, total.registered, total.benefit_vnd, total.units)
            for total in stats.timeline.totals
        ],
        is_demo=stats.timeline.is_demo,
    )


def sector_table(stats: CampaignStatistics) -> Table:
    return _taxonomy_table(
        stats.showcase.by_sector, Sector, name_header="Lĩnh vực", unknown="Chưa phân lĩnh vực"
    )


def province_table(stats: CampaignStatistics) -> Table:
    header = "Tỉnh, thành phố / công đoàn ngành"
    return _taxonomy_table(
        stats.showcase.by_province, Province, name_header=header, unknown="Chưa rõ đơn vị"
    )


def _taxonomy_table(
    tally: Tally, model: type[TaxonomyBase], *, name_header: str, unknown: str
) -> Table:
    """The showcase's count and benefit for every row of the taxonomy `model` (none
    counted is 0), most initiatives first; an empty table while the showcase is empty."""
    rows = []
    if sum(tally.counts.values()):
        # In the taxonomy's own order, which breaks ties.
        labels = dict(model.objects.order_by("sort_order", "name").values_list("pk", "name"))
        if tally.counts.get(None):
            labels[None] = unknown
        rows = [(label, tally.counts[pk], tally.benefits[pk]) for pk, label in labels.items()]
        rows.sort(key=lambda row: -row[1])
    return Table(
        headers=(name_header, COUNT_HEADER, BENEFIT_HEADER),
        kinds=(Kind.TEXT, Kind.COUNT, Kind.MONEY),
        rows=rows,
    )


def benefit_table(stats: CampaignStatistics) -> Table:
    tally = stats.showcase.by_range
    rows = []
    if stats.showcase.count:
        # The quantified ranges from the smallest, then the unquantified, without a sum.
        ranges = [*BenefitRange][1:]
        rows = [(rng.label, tally.counts[rng], tally.benefits[rng]) for rng in ranges]
        unquantified = BenefitRange.UNQUANTIFIED
        rows.append((unquantified.label, tally.counts[unquantified], None))
    return Table(
        headers=("Giá trị làm lợi mỗi sáng kiến", COUNT_HEADER, "Tổng giá trị làm lợi (đồng)"),
        kinds=(Kind.TEXT, Kind.COUNT, Kind.MONEY),
        rows=rows,
    )


def phase_table(stats: CampaignStatistics) -> Table:
    reported = stats.by_phase.registered
    showcase = stats.showcase.by_phase.counts
    rows = []
    if stats.showcase.count or any(reported.values()):
        rows = [(Phase(phase).label, reported[phase], showcase[phase]) for phase in Phase.values]
        if showcase.get(None):
            rows.append(("Chưa rõ giai đoạn", None, showcase[None]))
    return Table(
        headers=(
            "Giai đoạn",
            "Sáng kiến đăng ký (số liệu các đơn vị báo cáo)",
            "Sáng kiến trong thư viện trên trang",
        ),
        kinds=(Kind.TEXT, Kind.COUNT, Kind.COUNT),
        rows=rows,
        is_demo=stats.by_phase.is_demo,
    )


def reuse_table(stats: CampaignStatistics) -> Table:
    leaders = stats.reuses
    note = ""
    if leaders.total:
        note = (
            f"Tổng cộng {format_number(leaders.total)} lượt đơn vị áp dụng đã xác nhận, ở "
            f"{format_number(leaders.initiatives)} sáng kiến."
        )
    return Table(
        headers=("Sáng kiến", "Tỉnh, thành phố / công đoàn ngành", "Số đơn vị đã áp dụng"),
        kinds=(Kind.TEXT, Kind.TEXT, Kind.COUNT),
        rows=leaders.rows,
        note=note,
    )
