from django import forms
from django.forms.models import ModelChoiceIterator

from portal.filters import PublicFilterForm
from portal.vietnamese import match_key

from .campaign import CAMPAIGN_YEARS, Phase
from .models import Province, Sector


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


class InitiativeFilterForm(PublicFilterForm):
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
