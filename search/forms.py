"""Validation of search parameters, shared by the search page and the JSON API."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from . import registry
from .paging import MAX_PAGE
from .query import MAX_PAGE_SIZE, SORTS, SearchRequest

MAX_QUERY_LENGTH = 200
BENEFIT_CEILING = 10**15


class MultipleKnownValuesField(forms.MultipleChoiceField):
    """Repeatable parameter whose values must all be known (slugs or codes)."""

    def __init__(self, *, values_source, unknown_message: str, **kwargs):
        self.values_source = values_source
        super().__init__(required=False, **kwargs)
        self.error_messages["invalid_choice"] = unknown_message

    def to_python(self, value):
        # An empty value (`?sector=`) is no filter, as an empty single-valued one is.
        return [item for item in super().to_python(value) if item != ""]

    def valid_value(self, value):
        return value in self.values_source()


class PagingForm(forms.Form):
    """`page` and `page_size`, as /api/v1/search/ and the other API lists take them."""

    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": "Số trang phải là số nguyên.",
            "min_value": "Số trang bắt đầu từ 1.",
            "max_value": f"Chỉ xem được tới trang {MAX_PAGE}.",
        },
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={
            "invalid": "Số kết quả mỗi trang phải là số nguyên.",
            "min_value": "Mỗi trang có ít nhất 1 kết quả.",
            "max_value": f"Mỗi trang có tối đa {MAX_PAGE_SIZE} kết quả.",
        },
    )


class SearchForm(PagingForm):
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={"max_length": f"Từ khóa dài quá {MAX_QUERY_LENGTH} ký tự."},
    )
    type = forms.ChoiceField(
        required=False,
        choices=lambda: (
            [("", "Tất cả")] + [(entry.name, entry.label) for entry in registry.document_types()]
        ),
    )
    sector = MultipleKnownValuesField(
        values_source=lambda: registry.facet_values("sector"),
        unknown_message="Không có lĩnh vực “%(value)s”.",
    )
    province = MultipleKnownValuesField(
        values_source=lambda: registry.facet_values("province"),
        unknown_message="Không có tỉnh, thành phố hay công đoàn ngành với mã “%(value)s”.",
    )
    phase = forms.TypedChoiceField(
        required=False,
        choices=[("", ""), ("1", "1"), ("2", "2")],
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Giai đoạn chỉ có thể là 1 hoặc 2."},
    )
    year = forms.IntegerField(
        required=False,
        max_value=2100,
        error_messages={"invalid": "Năm phải là một số.", "max_value": "Năm không hợp lệ."},
    )
    benefit_min = forms.IntegerField(
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(BENEFIT_CEILING)],
        error_messages={"invalid": "Giá trị làm lợi tối thiểu phải là số đồng (số nguyên)."},
    )
    benefit_max = forms.IntegerField(
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(BENEFIT_CEILING)],
        error_messages={"invalid": "Giá trị làm lợi tối đa phải là số đồng (số nguyên)."},
    )
    benefit_range = forms.RegexField(
        required=False,
        regex=r"^\d{0,16}-\d{0,16}$",
        error_messages={"invalid": "Khoảng giá trị làm lợi không hợp lệ."},
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(sort, sort) for sort in SORTS],
        error_messages={
            "invalid_choice": "Sắp xếp chỉ có thể là relevance, newest, benefit hoặc reused."
        },
    )

    def __init__(self, data=None, *, default_page_size: int = 20, **kwargs):
        super().__init__(data, **kwargs)
        self.default_page_size = default_page_size
        names = registry.type_names()
        self.fields["type"].error_messages["invalid_choice"] = (
            f"Loại kết quả chỉ có thể là {' hoặc '.join(names)}."
        )
        self._set_first_year()
        for field in ("benefit_min", "benefit_max"):
            self.fields[field].error_messages.update(
                min_value="Giá trị làm lợi không được âm.",
                max_value="Giá trị làm lợi quá lớn.",
            )

    def _set_first_year(self) -> None:
        """No content is older than the first year the apps know of (the campaign's start)."""
        first = min(map(int, registry.facet_values("year")), default=None)
        if first is None:
            return
        year = self.fields["year"]
        year.min_value = first
        year.validators.append(MinValueValidator(first))
        year.error_messages["min_value"] = f"Năm không được trước {first}."

    def clean(self):
        cleaned = super().clean()
        preset = cleaned.get("benefit_range")
        if preset and preset != "-":
            # A preset range from the select box wins over the free-form bounds.
            low, _, high = preset.partition("-")
            cleaned["benefit_min"] = int(low) if low else None
            cleaned["benefit_max"] = int(high) if high else None
        low, high = cleaned.get("benefit_min"), cleaned.get("benefit_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(
                "Giá trị làm lợi tối thiểu lớn hơn tối đa.", code="benefit_range"
            )
        return cleaned

    def to_request(self, *, with_facets: bool = True) -> SearchRequest:
        data = self.cleaned_data
        return SearchRequest(
            q=data.get("q") or "",
            types=(data["type"],) if data.get("type") else (),
            sectors=tuple(data.get("sector") or ()),
            provinces=tuple(data.get("province") or ()),
            phase=data.get("phase"),
            year=data.get("year"),
            benefit_min=data.get("benefit_min"),
            benefit_max=data.get("benefit_max"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or self.default_page_size,
            with_facets=with_facets,
        )

    def error_text(self) -> str:
        # Every message names what it is about, so no field prefix is needed.
        return " ".join(str(error) for errors in self.errors.values() for error in errors)
