"""The editors' side of submissions: the listing with its filters, each submission with
its possible duplicates and files, and the audit trail's vocabulary. Decisions are taken
in the page's moderation workflow, not here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django_filters import DateFromToRangeFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from showcase.models import InitiativePage

from .models import Submission, SubmissionFile
from .selectors import possible_duplicates
from .services import MergeRefused, submission_merge


class SubmissionFilterSet(WagtailFilterSet):
    created_at = DateFromToRangeFilter(label="Ngày gửi")

    class Meta:
        model = Submission
        fields = ["status", "province", "sector", "created_at"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Submissions come from the public form and change through the workflow only."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action
        )


register_permission_policy(Submission, ReadOnlyPolicy(Submission))


class SubmissionInspectView(InspectView):
    template_name = "submissions/admin/inspect.html"
    fields = ["reference", "title", "status", "province", "sector", "created_at", "decision_note"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            page=submission.page,
            files=submission.files.all(),
            possible_duplicates=possible_duplicates(submission),
        )
        return context


class SubmissionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("province", "sector")


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "form"
    menu_label = "Sáng kiến gửi đến"
    menu_order = 115
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    index_view_class = SubmissionIndexView
    list_display = [
        TitleColumn("reference", label="Mã hồ sơ", url_name="submissions:inspect"),
        "title",
        "province",
        "sector",
        "status",
        "created_at",
    ]
    filterset_class = SubmissionFilterSet
    search_fields = ["reference", "title"]
    ordering = ["-created_at"]
    form_fields = ["decision_note"]


submission_viewset = SubmissionViewSet("submissions")


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return submission_viewset


def submitted_file(request, pk: int):
    """A submitted file, to the editors only, as a download (never shown inline)."""
    if not submission_viewset.permission_policy.user_has_permission(request.user, "view"):
        raise Http404
    file = get_object_or_404(SubmissionFile, pk=pk)
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)


def merge_submission(request, pk: int):
    """Merge a submission into the published initiative it duplicates: its reuse records
    move there and its address redirects there (services.submission_merge)."""
    submission = get_object_or_404(Submission.objects.select_related("page"), pk=pk)
    if not submission_viewset.permission_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("target") or request.POST.get("target_id") or ""
        target = None
        if chosen.isdigit():
            target = InitiativePage.objects.live().filter(pk=int(chosen)).first()
        if target is None:
            error = "Hãy chọn một sáng kiến đang đăng để gộp vào."
        elif not target.permissions_for_user(request.user).can_publish() or (
            submission.page is not None
            and not submission.page.permissions_for_user(request.user).can_delete()
        ):
            raise PermissionDenied
        else:
            try:
                submission_merge(submission=submission, target=target, user=request.user)
            except MergeRefused as refused:
                error = str(refused)
            else:
                messages.success(
                    request, f"Đã gộp hồ sơ {submission.reference} vào “{target.title}”."
                )
                return redirect("submissions:inspect", submission.pk)
    return TemplateResponse(
        request,
        "submissions/admin/merge.html",
        {
            "submission": submission,
            "candidates": possible_duplicates(submission),
            "error": error,
        },
        status=400 if error else 200,
    )


@hooks.register("register_admin_urls")
def register_submission_admin_urls():
    return [
        path("submissions/file/<int:pk>/", submitted_file, name="submission_file"),
        path("submissions/merge/<int:pk>/", merge_submission, name="submission_merge"),
    ]


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    """The audit trail of submitted initiatives, in each page's history."""
    for action, label in (
        ("submissions.received", "Nhận từ biểu mẫu đăng ký"),
        ("submissions.approved", "Duyệt hồ sơ đăng ký"),
        ("submissions.rejected", "Trả lại hồ sơ đăng ký"),
        ("submissions.merged", "Gộp vào sáng kiến có sẵn"),
    ):
        actions.register_action(action, label, label)
