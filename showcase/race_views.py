"""The units' race: the leaderboard at /bang-xep-hang/."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.vnd import format_number

from .charts import Series, line_chart
from .models import CampaignUnit, Province, ReportPhase, UnitReport
from .race import (
    METRICS,
    latest_race_phase,
    report_dates,
    standings,
    unit_reports,
    unit_standing,
)
from .selectors import unit_initiatives

UNIT_INITIATIVES = 6


class LeaderboardForm(forms.Form):
    """The race to show; every parameter is optional and only known values are accepted."""

    giai_doan = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=ReportPhase.OVERALL,
        choices=[(str(value), label) for value, label in ReportPhase.choices],
        error_messages={"invalid_choice": "Giai đoạn phải là 1, 2 hoặc cả chiến dịch."},
    )
    xep_theo = forms.ChoiceField(
        required=False,
        choices=list(METRICS.items()),
        error_messages={"invalid_choice": "Chỉ xếp theo số sáng kiến, %% chỉ tiêu hoặc làm lợi."},
    )
    ngay = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Ngày số liệu phải có dạng YYYY-MM-DD."},
    )
    loai = forms.ChoiceField(
        required=False,
        choices=[("", "Tất cả")]
        + [(kind.value, kind.label) for kind in CampaignUnit.NATIONAL_KINDS],
        error_messages={"invalid_choice": "Loại đơn vị không hợp lệ."},
    )
    vung = forms.ChoiceField(
        required=False,
        choices=[("", "Tất cả các vùng"), *Province.Region.choices],
        error_messages={"invalid_choice": "Vùng không hợp lệ."},
    )
    don_vi = forms.CharField(required=False, max_length=40)

    def clean_don_vi(self):
        code = self.cleaned_data["don_vi"].strip()
        if not code:
            return None
        unit = CampaignUnit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(f"Không có đơn vị mã “{code[:40]}”.")
        return unit

    def error_text(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)


@require_GET
def leaderboard(request):
    form = LeaderboardForm(request.GET)
    if not form.is_valid():
        return render(
            request, "showcase/leaderboard.html", {"form": form, "form_error": form.error_text()},
            status=400,
        )  # fmt: skip
    phase = form.cleaned_data["giai_doan"]
    metric = form.cleaned_data["xep_theo"] or "registered"
    parent = form.cleaned_data["don_vi"]
    dates = list(report_dates(phase=phase, parent=parent))
    as_of = form.cleaned_data["ngay"] or (dates[0] if dates else None)
    rows, ranked = standings(
        phase=phase,
        as_of=as_of,
        metric=metric,
        parent=parent,
        kind=None if parent else form.cleaned_data["loai"] or None,
        region=None if parent else form.cleaned_data["vung"] or None,
    )
    return render(
        request,
        "showcase/leaderboard.html",
        {
            "form": form,
            "rows": rows,
            "ranked": ranked,
            "phase": phase,
            "phase_label": ReportPhase(phase).label,
            "metric": metric,
            "metric_label": METRICS[metric],
            "caption": (
                f"Xếp hạng theo {METRICS[metric]}, {ReportPhase(phase).label.lower()}"
                + (f", số liệu đến {as_of:%d/%m/%Y}" if as_of else "")
            ),
            "metrics": METRICS,
            "as_of": as_of,
            "dates": dates,
            "parent": parent,
            "with_children": _with_children(rows),
            "sort_links": _sort_links(request.GET, metric),
        },
    )


def _sort_links(params, metric: str) -> dict[str, dict]:
    """For each metric column, the same leaderboard ranked on it, and whether it is current."""
    links = {}
    for name in METRICS:
        query = params.copy()
        query["xep_theo"] = name
        links[name] = {"url": f"?{query.urlencode()}", "current": name == metric}
    return links


def _with_children(rows) -> set[int]:
    """The ids of the listed units that have sub-units of their own."""
    return set(
        CampaignUnit.objects.filter(parent__in=[row.unit for row in rows])
        .values_list("parent_id", flat=True)
        .distinct()
    )


@require_GET
def unit_page(request, code: str):
    """A unit's page: its reports over time against its target, its place in its race,
    its sub-units' race and its initiatives in the library."""
    unit = get_object_or_404(CampaignUnit.objects.select_related("parent", "province"), code=code)
    places = []
    for phase in (ReportPhase.OVERALL, ReportPhase.FIRST, ReportPhase.SECOND):
        standing, ranked = unit_standing(unit=unit, phase=phase)
        if standing is not None and standing.rank is not None:
            places.append({"phase": ReportPhase(phase), "standing": standing, "ranked": ranked})
    reports = list(unit_reports(unit=unit))
    sub_phase = ReportPhase(latest_race_phase(parent=unit))
    sub_units, sub_ranked = standings(phase=sub_phase, parent=unit)
    trail = [{"title": "Bảng xếp hạng", "url": reverse("leaderboard")}]
    if unit.parent:
        trail.append(
            {"title": unit.parent.label, "url": reverse("campaign_unit", args=[unit.parent.code])}
        )
    return render(
        request,
        "showcase/campaign_unit.html",
        {
            "unit": unit,
            "trail": trail,
            "places": places,
            "reports": reports,
            "charts": _history_charts(unit=unit, reports=reports),
            "rows": sub_units,
            "phase": sub_phase.value,
            "caption": f"Các đơn vị trực thuộc xếp theo số sáng kiến, {sub_phase.label.lower()}",
            "ranked": sub_ranked,
            "with_children": _with_children(sub_units),
            "initiatives": unit_initiatives(unit=unit, limit=UNIT_INITIATIVES),
        },
    )


def _history_charts(*, unit: CampaignUnit, reports: list[UnitReport]) -> list[dict]:
    """One line chart per phase: the registered count at each report against the target."""
    charts = []
    for phase in ReportPhase:
        dated = [report for report in reports if report.phase == phase]
        if not dated:
            continue
        series = [Series("Sáng kiến đăng ký", [(r.as_of, r.registered) for r in dated])]
        targets = [(r.as_of, r.target) for r in dated if r.target]
        if targets:
            series.append(Series("Chỉ tiêu", targets, dashed=True, stepped=True))
        last = dated[-1]
        summary = f"Đến {last.as_of:%d/%m/%Y}: {format_number(last.registered)} sáng kiến"
        if last.target:
            summary += f", chỉ tiêu {format_number(last.target)}"
        charts.append(
            {
                "chart": line_chart(series=series, y_label="Số sáng kiến"),
                "chart_id": f"lich-su-{phase.value}",
                "title": f"{unit.label}: số sáng kiến, {phase.label.lower()}",
                "desc": f"{summary}; {len(dated)} lần báo cáo.",
            }
        )
    return charts
