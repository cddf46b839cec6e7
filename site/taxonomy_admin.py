"""Admin listing and chooser for the taxonomy snippets, searched without caring for diacritics.

Wagtail searches snippets through its search index (search.wagtail_backend), which
folds accents but only learns of rows when they are saved or the index is rebuilt;
data migrations insert rows (all 83 provinces and sector unions, the sectors, the news
categories) without either. A taxonomy has at most a few hundred rows, so matching
folded text in Python is complete whatever the index holds, and instant: "binh
phuoc", "Bình Phước" and "BÌNH PHƯỚC" find the same province.
"""

from collections.abc import Sequence

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from search.text import fold


def taxonomy_search(queryset: QuerySet, *, query: str, fields: Sequence[str]) -> QuerySet:
    """The rows of `queryset` with every folded word of `query` in one of `fields`."""
    terms = fold(query).split()
    if not terms:
        return queryset
    matching = [
        pk
        for pk, *values in queryset.values_list("pk", *fields)
        if all(term in fold(" ".join(str(value or "") for value in values)) for term in terms)
    ]
    return queryset.filter(pk__in=matching)


class TaxonomySearchFilterForm(BaseFilterForm):
    # Wagtail's own wording, so the admin's Vietnamese catalogue translates it.
    q = forms.CharField(
        label=gettext_lazy("Search term"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}),
        required=False,
    )

    def filter(self, objects: QuerySet) -> QuerySet:
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = taxonomy_search(
                objects, query=query, fields=objects.model.admin_search_fields
            )
            self.is_searching = True
            self.search_query = query
        return objects


class TaxonomyChooseView(ChooseView):
    filter_form_class = TaxonomySearchFilterForm


class TaxonomyChooseResultsView(ChooseResultsView):
    filter_form_class = TaxonomySearchFilterForm


class TaxonomyChooserViewSet(SnippetChooserViewSet):
    choose_view_class = TaxonomyChooseView
    choose_results_view_class = TaxonomyChooseResultsView


class TaxonomyIndexView(IndexView):
    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return taxonomy_search(queryset, query=self.search_query, fields=self.search_fields)


class TaxonomySnippetViewSet(SnippetViewSet):
    """Listing and chooser of a `TaxonomyBase` snippet; searches its `admin_search_fields`."""

    index_view_class = TaxonomyIndexView
    chooser_viewset_class = TaxonomyChooserViewSet
    search_backend_name = None
    ordering = ["sort_order", "name"]

    @property
    def search_fields(self) -> Sequence[str]:
        return self.model.admin_search_fields
