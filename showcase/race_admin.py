"""The admin upload of units' reports: the same rules as `manage.py import_unit_reports`."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importing import ImportFileError
from .reports import REPORT_COLUMNS, REPORT_FORMATS, conflicts, read_report_file, report_import

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp báo cáo (.csv hoặc .xlsx)",
        help_text=f"Các cột: {', '.join(REPORT_COLUMNS.fields)}. Tối đa 5 MB.",
        error_messages={"required": "Hãy chọn một tệp .csv hoặc .xlsx."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower().lstrip(".")
        if suffix not in REPORT_FORMATS:
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn quá 5 MB; hãy chia nhỏ hoặc dùng lệnh quản trị.")
        return upload


class ReportUploadView(WagtailAdminTemplateMixin, FormView):
    form_class = ReportUploadForm
    template_name = "showcase/admin/report_upload.html"
    page_title = "Nhập báo cáo số liệu"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("showcase.add_unitreport"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
            stored.flush()
            try:
                rows, errors = read_report_file(Path(stored.name))
            except ImportFileError as exc:
                form.add_error("file", str(exc))
                return self.form_invalid(form)
        errors += conflicts(rows)
        if errors:
            return self.render_to_response(
                self.get_context_data(form=form, errors=sorted(errors, key=lambda e: e.line))
            )
        result = report_import(rows=rows)
        messages.success(
            self.request,
            f"Đã nhập {result.created} báo cáo mới; {result.unchanged} báo cáo đã có, giữ nguyên.",
        )
        return redirect(reverse("wagtailsnippets_showcase_unitreport:list"))
