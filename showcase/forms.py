import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.models import ModelChoiceIterator

from portal.abuse import HoneypotField
from portal.filters import PublicFilterForm
from portal.forms import PublicForm
from portal.vietnamese import match_key
from portal.widgets import Select

from .campaign import CAMPAIGN_START, CAMPAIGN_YEARS, Phase
from .models import Province, Sector, reuse_date_problem


class _ProvinceGroups(ModelChoiceIterator):
    """Provinces and cities first, then the central sector unions, as option groups."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for province in self.queryset:
            groups.setdefault(province.get_kind_display(), []).append(self.choice(province))
        cities = groups.pop(Province.Kind.CITY.label, [])
        provinces = groups.pop(Province.Kind.PROVINCE.label, [])
        if cities or provinces:
            yield (
                "Tỉnh, thành phố",
                sorted(cities + provinces, key=lambda choice: match_key(str(choice[1]))),
            )
        yield from groups.items()


class ProvinceChoiceField(forms.ModelChoiceField):
    iterator = _ProvinceGroups
    widget = Select


class InitiativeFilterForm(PublicFilterForm):
    """Public filters of the showcase. Only known slugs, codes and values are accepted."""

    SORT_CHOICES = [
        ("newest", "Mới nhất"),
        ("benefit", "Làm lợi cao nhất"),
        ("reused", "Được áp dụng nhiều nhất"),
    ]

    q = forms.CharField(label="Từ khóa", required=False, max_length=200, strip=True)
    sector = forms.ModelChoiceField(
        widget=Select,
        label="Lĩnh vực",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả lĩnh vực",
        error_messages={"invalid_choice": "Không có lĩnh vực này. Hãy chọn trong danh sách."},
    )
    province = ProvinceChoiceField(
        label="Tỉnh, thành phố / ngành",
        queryset=Province.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Tất cả địa phương, ngành",
        error_messages={
            "invalid_choice": "Không có tỉnh, thành phố hay công đoàn ngành với mã này."
        },
    )
    phase = forms.TypedChoiceField(
        widget=Select,
        label="Giai đoạn",
        choices=[("", "Cả hai giai đoạn"), *Phase.choices],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Giai đoạn chỉ có thể là 1 hoặc 2."},
    )
    year = forms.TypedChoiceField(
        widget=Select,
        label="Năm",
        choices=[("", "Mọi năm"), *((year, str(year)) for year in CAMPAIGN_YEARS)],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": (
                f"Năm phải nằm trong thời gian phong trào "
                f"({CAMPAIGN_YEARS[0]}–{CAMPAIGN_YEARS[-1]})."
            )
        },
    )
    sort = forms.ChoiceField(
        widget=Select,
        label="Sắp xếp",
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Cách sắp xếp không hợp lệ."},
    )


# "Đơn vị tôi đã áp dụng" ----------------------------------------------------------------

# Mobile (03, 05, 07, 08, 09) and landline (02x) numbers, ten or eleven digits.
_PHONE = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")
_DIGIT_GROUPS = re.compile(r"^\d{1,3}(?:[., ]\d{3})+$")
MAX_VND = 10**15


def normalise_contact(value: str) -> str:
    """An e-mail address lower-cased, or a Vietnamese phone number as its digits with
    +84 written 0. Raises ValidationError for anything else."""
    value = value.strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                "Địa chỉ thư điện tử không hợp lệ.", code="invalid_contact"
            ) from None
        return value.lower()
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not _PHONE.match(digits):
        raise ValidationError(
            "Nhập thư điện tử hoặc số điện thoại Việt Nam (ví dụ 0912 345 678).",
            code="invalid_contact",
        )
    return digits


class VndField(forms.Field):
    """A whole sum in đồng, as people write it: "450000000", "450.000.000" or
    "450 000 000", with or without "đồng"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30})

    def to_python(self, value) -> int | None:
        text = (value or "").strip().lower().removesuffix("đồng").removesuffix("đ").strip()
        if not text:
            return None
        if text.startswith("-"):
            raise ValidationError("Số tiền không được âm.", code="negative_vnd")
        if _DIGIT_GROUPS.match(text):
            text = re.sub(r"[., ]", "", text)
        if not text.isdigit():
            raise ValidationError(
                "Nhập số tiền bằng chữ số, ví dụ 450.000.000.", code="invalid_vnd"
            )
        number = int(text)
        if number > MAX_VND:
            raise ValidationError("Số tiền quá lớn; hãy kiểm tra lại.", code="too_large_vnd")
        return number


class InitiativeReuseForm(PublicForm):
    """The form "Đơn vị tôi đã áp dụng" on an initiative's page. A visitor who is not
    logged in also leaves a contact, which only the editors see."""

    unit_name = forms.CharField(
        label="Tên đơn vị đã áp dụng",
        max_length=255,
        help_text="Ví dụ: Công ty CP Cơ khí Đông Anh, Công đoàn cơ sở Trường THCS Lê Lợi.",
        error_messages={
            "required": "Nhập tên đơn vị đã áp dụng sáng kiến.",
            "max_length": "Tên đơn vị dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d).",
        },
    )
    province = ProvinceChoiceField(
        label="Tỉnh, thành phố hoặc công đoàn ngành",
        queryset=Province.objects.order_by("sort_order", "name"),
        to_field_name="code",
        required=False,
        empty_label="Không chọn",
        error_messages={"invalid_choice": "Hãy chọn một mục trong danh sách."},
    )
    applied_on = forms.DateField(
        label="Ngày bắt đầu áp dụng",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=f"Không bắt buộc. Từ {CAMPAIGN_START:%d/%m/%Y} đến hôm nay.",
        error_messages={"invalid": "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2024."},
    )
    benefit_vnd = VndField(
        label="Giá trị làm lợi ở đơn vị (đồng mỗi năm)",
        required=False,
        help_text="Không bắt buộc. Số đồng, ví dụ 450.000.000.",
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Áp dụng thế nào, có điều chỉnh gì, hiệu quả ra sao (tối đa 1.000 ký tự).",
        error_messages={
            "max_length": "Ghi chú dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."
        },
    )
    contact = forms.CharField(
        label="Thư điện tử hoặc số điện thoại của bạn",
        max_length=254,
        help_text=("Chỉ biên tập viên thấy, để hỏi lại khi cần xác nhận; không bao giờ công bố."),
        error_messages={
            "required": "Nhập thư điện tử hoặc số điện thoại để biên tập viên liên hệ xác nhận."
        },
    )
    trang_web = HoneypotField()

    def __init__(self, *args, initiative, user=None, **kwargs):
        self.initiative = initiative
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            # The account says who recorded it.
            del self.fields["contact"]

    def clean_unit_name(self) -> str:
        from .selectors import reuse_unit_recorded

        name = " ".join(self.cleaned_data["unit_name"].split())
        if reuse_unit_recorded(initiative=self.initiative, unit_name=name):
            raise ValidationError(
                "Đơn vị này đã được ghi nhận áp dụng sáng kiến này.", code="already_recorded"
            )
        return name

    def clean_applied_on(self):
        applied_on = self.cleaned_data["applied_on"]
        problem = applied_on and reuse_date_problem(applied_on)
        if problem:
            raise ValidationError(problem, code="applied_on")
        return applied_on

    def clean_contact(self) -> str:
        return normalise_contact(self.cleaned_data["contact"])

    def reuse_data(self) -> dict:
        """The cleaned answers, as `showcase.services.reuse_record` takes them."""
        data = self.cleaned_data
        return {
            "unit_name": data["unit_name"],
            "province": data["province"],
            "applied_on": data["applied_on"],
            "benefit_vnd": data["benefit_vnd"],
            "note": data["note"],
            "contact": data.get("contact", ""),
        }
