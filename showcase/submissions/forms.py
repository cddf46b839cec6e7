"""The public submission form and the status lookup, in Vietnamese."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.abuse import HoneypotField
from portal.forms import PublicForm
from portal.widgets import Select
from showcase.campaign import CAMPAIGN_END, CAMPAIGN_START
from showcase.forms import ProvinceChoiceField, VndField, normalise_contact
from showcase.models import Province, Sector
from showcase.uploads import CleanUpload, clean_document, clean_image

from .models import Submission
from .staging import StagedFile, unstage

MAX_IMAGES = 5
MAX_DOCUMENTS = 3
# The file fields, and the kind of file each takes.
_KINDS = {"images": "image", "documents": "document"}


def contact_and_kind(value: str) -> tuple[str, str]:
    """(contact, kind): showcase.forms.normalise_contact's form of an e-mail address or
    a phone number, and which of the two it is."""
    contact = normalise_contact(value)
    kind = Submission.ContactKind.EMAIL if "@" in contact else Submission.ContactKind.PHONE
    return contact, kind


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `check` (showcase.uploads). The
    files that pass are kept apart (`SubmissionForm.passed_uploads`) when others fail,
    so that the form can hold on to them for the next try."""

    widget = MultipleFileInput

    def __init__(self, *, check, max_files: int, **kwargs):
        self.check, self.max_files = check, max_files
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None) -> list[CleanUpload | ValidationError]:
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        results = []
        for upload in files:
            try:
                results.append(self.check(upload))
            except ValidationError as error:
                results.append(error)
        return results


class SubmissionForm(PublicForm):
    title = forms.CharField(
        label="Tên sáng kiến",
        min_length=10,
        max_length=255,
        help_text="Một câu nêu rõ sáng kiến làm gì, ví dụ “Bộ gá hàn khung xe giảm 30% thời gian”.",
    )
    summary = forms.CharField(
        label="Tóm tắt",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hai, ba câu: vấn đề, cách làm và hiệu quả (tối đa 600 ký tự).",
    )
    problem = forms.CharField(
        label="Vấn đề, thực trạng trước khi có sáng kiến",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    solution = forms.CharField(
        label="Giải pháp, cách làm",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    result = forms.CharField(
        label="Kết quả, hiệu quả",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    authors = forms.CharField(
        label="Tác giả", max_length=500, help_text="Họ tên, ngăn cách nhiều người bằng dấu phẩy."
    )
    unit = forms.CharField(
        label="Đơn vị", max_length=255, help_text="Công ty, nhà máy, trường học… nơi áp dụng."
    )
    province = ProvinceChoiceField(
        label="Tỉnh, thành phố hoặc công đoàn ngành",
        queryset=Province.objects.order_by("sort_order", "name"),
        empty_label="Chọn…",
        error_messages={"invalid_choice": "Hãy chọn một mục trong danh sách."},
    )
    sector = forms.ModelChoiceField(
        widget=Select,
        label="Lĩnh vực",
        queryset=Sector.objects.order_by("sort_order", "name"),
        empty_label="Chọn…",
        error_messages={"invalid_choice": "Hãy chọn một mục trong danh sách."},
    )
    applied_on = forms.DateField(
        label="Ngày bắt đầu áp dụng",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=(
            f"Trong thời gian phong trào, từ {CAMPAIGN_START:%d/%m/%Y} đến "
            f"{CAMPAIGN_END:%d/%m/%Y}; giai đoạn được tính theo ngày này."
        ),
        error_messages={"invalid": "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2022."},
    )
    benefit_vnd = VndField(
        label="Giá trị làm lợi ước tính mỗi năm (đồng)",
        required=False,
        help_text="Để trống nếu không tính được bằng tiền.",
    )
    benefit_note = forms.CharField(
        label="Cách tính giá trị làm lợi",
        required=False,
        max_length=255,
        help_text="Ví dụ: tiết kiệm 1.200 kWh điện mỗi tháng × 12 tháng × 2.500 đồng.",
    )
    contact = forms.CharField(
        label="Thư điện tử hoặc số điện thoại liên hệ",
        max_length=254,
        help_text="Chỉ biên tập viên thấy, không công bố. Dùng để tra cứu hồ sơ và nhận kết quả.",
    )
    images = MultipleFileField(
        label=f"Ảnh minh họa (tối đa {MAX_IMAGES})",
        check=clean_image,
        max_files=MAX_IMAGES,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="JPEG, PNG hoặc WebP, mỗi ảnh tối đa 10 MB. Vị trí GPS trong ảnh được xóa.",
    )
    documents = MultipleFileField(
        label=f"Tài liệu kèm theo (tối đa {MAX_DOCUMENTS})",
        check=clean_document,
        max_files=MAX_DOCUMENTS,
        widget=MultipleFileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        help_text="PDF, DOCX hoặc XLSX, mỗi tệp tối đa 10 MB.",
    )
    consent = forms.BooleanField(
        label="Tôi xác nhận thông tin trên là đúng và đồng ý để biên tập viên liên hệ khi cần.",
        error_messages={"required": "Hãy đánh dấu ô xác nhận để gửi."},
    )
    trang_web = HoneypotField()

    error_messages = {
        "required": "Trường này là bắt buộc.",
        "min_length": "Cần ít nhất %(limit_value)d ký tự (hiện có %(show_value)d).",
        "max_length": "Tối đa %(limit_value)d ký tự (hiện có %(show_value)d).",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {field: self._kept(field) for field in _KINDS}
        self.passed_uploads: dict[str, list[CleanUpload]] = {field: [] for field in _KINDS}
        # Django's own wording where a field has none of its own.
        for field in self.fields.values():
            for code, message in self.error_messages.items():
                if code == "required" and field.error_messages.get(code) != str(
                    forms.Field.default_error_messages["required"]
                ):
                    continue
                field.error_messages[code] = message

    def clean_applied_on(self) -> date:
        applied_on = self.cleaned_data["applied_on"]
        if applied_on > timezone.localdate():
            raise ValidationError("Ngày áp dụng không được ở tương lai.", code="future")
        if not CAMPAIGN_START <= applied_on <= CAMPAIGN_END:
            raise ValidationError(
                f"Ngày áp dụng phải trong thời gian phong trào, từ {CAMPAIGN_START:%d/%m/%Y} "
                f"đến {CAMPAIGN_END:%d/%m/%Y}.",
                code="outside_campaign",
            )
        return applied_on

    def clean_contact(self) -> str:
        contact, self.contact_kind = contact_and_kind(self.cleaned_data["contact"])
        return contact

    def _kept(self, field: str) -> list[StagedFile]:
        """The files of `field` held from an earlier try that the worker still ticks."""
        if not self.is_bound:
            return []
        staged = [unstage(token) for token in self.data.getlist(f"kept_{field}")[:10]]
        return [item for item in staged if item is not None and item.upload.kind == _KINDS[field]]

    def _uploads(self, field: str) -> list[CleanUpload]:
        """The files of `field`: those held from before, then the newly chosen ones that
        passed their checks. The ones that did not become the field's errors."""
        kept = self.kept[field]
        results = self.cleaned_data.get(field, [])
        passed = [item for item in results if isinstance(item, CleanUpload)]
        errors = [
            error
            for item in results
            if isinstance(item, ValidationError)
            for error in item.error_list
        ]
        self.passed_uploads[field] = passed
        limit = self.fields[field].max_files
        if len(kept) + len(passed) + len(errors) > limit:
            raise ValidationError(
                f"Chỉ gửi được tối đa {limit} tệp; bạn đã chọn "
                f"{len(kept) + len(passed) + len(errors)}.",
                code="too_many_files",
            )
        if errors:
            raise ValidationError(errors)
        return [item.upload for item in kept] + passed

    def clean_images(self) -> list[CleanUpload]:
        return self._uploads("images")

    def clean_documents(self) -> list[CleanUpload]:
        return self._uploads("documents")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("benefit_vnd") is not None and not cleaned.get("benefit_note"):
            self.add_error(
                "benefit_note", ValidationError("Hãy ghi cách tính số tiền làm lợi.", code="how")
            )
        return cleaned


class LookupForm(PublicForm):
    reference = forms.CharField(
        label="Mã hồ sơ",
        max_length=20,
        help_text="Mã dạng SK-XXXX-XXXX trong trang xác nhận hoặc thư gửi cho bạn.",
        error_messages={"required": "Nhập mã hồ sơ."},
    )
    contact = forms.CharField(
        label="Thư điện tử hoặc số điện thoại đã khai khi gửi",
        max_length=254,
        error_messages={"required": "Nhập thư điện tử hoặc số điện thoại đã khai."},
    )

    def clean_reference(self) -> str:
        code = re.sub(r"[\s\-]", "", self.cleaned_data["reference"]).upper()
        code = code.removeprefix("SK")
        if not re.fullmatch(r"[0-9A-Z]{8}", code):
            raise ValidationError("Mã hồ sơ có dạng SK-XXXX-XXXX.", code="invalid_reference")
        return Submission.reference_from(code)

    def clean_contact(self) -> str:
        return normalise_contact(self.cleaned_data["contact"])
