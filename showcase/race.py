"""Read-side queries for the campaign's race: the units ranked on their reported figures.

Everything is computed in the database: each unit's latest report up to a date (and the
one before it, for the change), the share of its target, and its rank, by a window
function, so ties share a rank ("1, 2, 2, 4") whatever the number of units.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Rank

from .models import CampaignUnit, ReportPhase, UnitReport

METRICS = {
    "registered": "số sáng kiến",
    "percent": "% chỉ tiêu",
    "benefit": "giá trị làm lợi",
}
# The annotation each metric ranks on.
_METRIC_FIELDS = {
    "registered": "report_registered",
    "percent": "percent",
    "benefit": "report_benefit_vnd",
}
_REPORT_FIELDS = ("registered", "target", "benefit_vnd", "as_of", "is_demo")


@dataclass(frozen=True)
class Standing:
    unit: CampaignUnit
    rank: int | None  # None: no report up to the date
    registered: int | None
    target: int | None
    percent: float | None
    benefit_vnd: int | None
    as_of: date | None
    change: int | None  # registered since the unit's previous report
    is_demo: bool = False  # the figure was made up for the demonstration


def standings(
    *,
    phase: int = ReportPhase.OVERALL,
    as_of: date | None = None,
    metric: str = "registered",
    parent: CampaignUnit | None = None,
    kind: str | None = None,
    region: str | None = None,
) -> tuple[list[Standing], int]:
    """The units of one race (the national units, or `parent`'s sub-units) ranked on
    `metric` from their latest report of `phase` up to `as_of`, and how many were ranked.
    Units without a report come last, unranked."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    units = _race(parent=parent, kind=kind, region=region)
    latest = latest_reports(phase=phase, as_of=as_of)
    units = units.annotate(
        **{f"report_{name}": Subquery(latest.values(name)[:1]) for name in _REPORT_FIELDS},
        previous_registered=Subquery(latest.values("registered")[1:2]),
    ).annotate(
        percent=Case(
            When(
                report_target__gt=0,
                then=Cast("report_registered", FloatField())
                * Value(100.0)
                / Cast("report_target", FloatField()),
            ),
            default=None,
            output_field=FloatField(),
        ),
    )
    field = _METRIC_FIELDS[metric]
    ordering = F(field)
    units = units.annotate(
        rank=Window(Rank(), order_by=ordering.desc(nulls_last=True)),
    ).order_by(ordering.desc(nulls_last=True), "name")
    rows = [
        Standing(
            unit=unit,
            rank=unit.rank if getattr(unit, field) is not None else None,
            registered=unit.report_registered,
            target=unit.report_target,
            percent=unit.percent,
            benefit_vnd=unit.report_benefit_vnd,
            as_of=unit.report_as_of,
            change=(
                unit.report_registered - unit.previous_registered
                if unit.previous_registered is not None
                else None
            ),
            is_demo=bool(unit.report_is_demo),
        )
        for unit in units
    ]
    return rows, sum(1 for row in rows if row.rank is not None)


def campaign_totals(*, as_of: date | None = None) -> dict | None:
    """The national units' latest whole-campaign reports up to `as_of`, added up: the
    initiatives registered, the benefit, how many units reported and the latest date
    among them; None before any report."""
    latest = latest_reports(phase=ReportPhase.OVERALL, as_of=as_of)
    totals = (
        CampaignUnit.objects.filter(kind__in=CampaignUnit.NATIONAL_KINDS)
        .annotate(
            latest_registered=Subquery(latest.values("registered")[:1]),
            latest_benefit=Subquery(latest.values("benefit_vnd")[:1]),
            latest_as_of=Subquery(latest.values("as_of")[:1]),
        )
        .aggregate(
            initiatives=Sum("latest_registered"),
            benefit_vnd=Sum("latest_benefit"),
            units=Count("latest_registered"),
            as_of=Max("latest_as_of"),
        )
    )
    return totals if totals["units"] else None


def report_dates(*, phase: int = ReportPhase.OVERALL, parent: CampaignUnit | None = None):
    """The dates on which any unit of the race reported, newest first."""
    return (
        UnitReport.objects.filter(unit__in=_race(parent=parent), phase=phase)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .distinct()
    )


def latest_reports(*, phase: int, as_of: date | None) -> QuerySet:
    """The reports of the unit in the outer query for `phase` up to `as_of`, newest first."""
    reports = UnitReport.objects.filter(unit=OuterRef("pk"), phase=phase)
    if as_of is not None:
        reports = reports.filter(as_of__lte=as_of)
    return reports.order_by("-as_of")


def _race(
    *, parent: CampaignUnit | None, kind: str | None = None, region: str | None = None
) -> QuerySet:
    if parent is not None:
        units = CampaignUnit.objects.filter(parent=parent)
    else:
        units = CampaignUnit.objects.filter(kind__in=CampaignUnit.NATIONAL_KINDS)
    if kind:
        units = units.filter(kind=kind)
    if region:
        units = units.filter(province__region=region)
    return units.select_related("province")


def unit_reports(*, unit: CampaignUnit) -> QuerySet:
    """Every report a unit filed, by phase and date: the history on its page."""
    return UnitReport.objects.filter(unit=unit).order_by("phase", "as_of")


def unit_standing(
    *, unit: CampaignUnit, phase: int = ReportPhase.OVERALL
) -> tuple[Standing | None, int]:
    """The unit's place in its own race (the national one, or its parent's sub-units) on
    its latest report of `phase`, and how many units that race ranked."""
    rows, ranked = standings(phase=phase, parent=unit.parent)
    return next((row for row in rows if row.unit.pk == unit.pk), None), ranked


def latest_race_phase(*, parent: CampaignUnit | None) -> int:
    """The phase of the race's most recent report, the whole campaign's on a tie: the
    race worth showing first."""
    phase = (
        UnitReport.objects.filter(unit__in=_race(parent=parent))
        .order_by("-as_of", "phase")
        .values_list("phase", flat=True)
        .first()
    )
    return ReportPhase.OVERALL if phase is None else phase
