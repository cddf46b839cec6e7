from django import forms
from taggit.models import Tag

from portal.filters import PublicFilterForm
from portal.widgets import Select

from .models import NewsCategory


class NewsFilterForm(PublicFilterForm):
    category = forms.ModelChoiceField(
        widget=Select,
        label="Chuyên mục",
        queryset=NewsCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Tất cả chuyên mục",
        error_messages={"invalid_choice": "Không có chuyên mục này."},
    )
    tag = forms.ModelChoiceField(
        widget=Select,
        label="Từ khóa",
        queryset=Tag.objects.filter(news_newsarticletag_items__isnull=False).distinct(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Không có bài viết nào với từ khóa này."},
    )
