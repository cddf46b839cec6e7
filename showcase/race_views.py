"""The units' race: the leaderboard at /bang-xep-hang/."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import CampaignUnit, ReportPhase
from .race import METRICS, report_dates, standings


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
    )
    with_children = set(
        CampaignUnit.objects.filter(parent__in=[row.unit for row in rows])
        .values_list("parent_id", flat=True)
        .distinct()
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
            "metrics": METRICS,
            "as_of": as_of,
            "dates": dates,
            "parent": parent,
            "with_children": with_children,
        },
    )
