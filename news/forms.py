from django import forms
from taggit.models import Tag

from .models import NewsCategory


class NewsFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Chuyên mục",
        queryset=NewsCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả chuyên mục",
        error_messages={"invalid_choice": "Không có chuyên mục này."},
    )
    tag = forms.ModelChoiceField(
        label="Từ khóa",
        queryset=Tag.objects.filter(news_newsarticletag_items__isnull=False).distinct(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Không có bài viết nào với từ khóa này."},
    )

    def valid_filters(self) -> dict:
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value is not None
        }

    def error_messages_list(self) -> list[str]:
        return [
            f"{self.fields[name].label}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        ]
