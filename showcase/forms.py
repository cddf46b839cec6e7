from django import forms

from .campaign import CAMPAIGN_YEARS, Phase
from .models import Province, Sector


class InitiativeFilterForm(forms.Form):
    """Public filters of the showcase. Only known slugs, codes and values are accepted."""

    SORT_CHOICES = [("newest", "Mới nhất"), ("benefit", "Làm lợi cao nhất")]

    q = forms.CharField(label="Từ khóa", required=False, max_length=200, strip=True)
    sector = forms.ModelChoiceField(
        label="Lĩnh vực",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả lĩnh vực",
        error_messages={"invalid_choice": "Không có lĩnh vực này. Hãy chọn trong danh sách."},
    )
    province = forms.ModelChoiceField(
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
        label="Giai đoạn",
        choices=[("", "Cả hai giai đoạn"), *Phase.choices],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Giai đoạn chỉ có thể là 1 hoặc 2."},
    )
    year = forms.TypedChoiceField(
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
        label="Sắp xếp",
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Cách sắp xếp không hợp lệ."},
    )

    def valid_filters(self) -> dict:
        """The filters that passed validation; invalid ones are dropped, not fatal."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }

    def error_messages_list(self) -> list[str]:
        return [
            f"{self.fields[name].label}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        ]
