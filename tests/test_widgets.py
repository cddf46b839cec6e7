import pytest
from django import forms

from portal.widgets import Select
from showcase.forms import InitiativeFilterForm
from showcase.models import Province

pytestmark = pytest.mark.django_db


def _stock_markup(form: forms.Form, name: str) -> str:
    """The field as Django's own select widget (two templates per option) writes it."""
    bound = form[name]
    stock = forms.Select(attrs=bound.field.widget.attrs, choices=bound.field.widget.choices)
    return bound.as_widget(widget=stock)


def test_province_filter_lists_every_province_grouped_with_the_chosen_one_selected():
    province = Province.objects.order_by("sort_order").last()
    form = InitiativeFilterForm({"province": province.code, "sector": "khong-co"})
    form.valid_filters()  # marks the refused sector for screen readers

    html = str(form["province"])

    assert html == _stock_markup(form, "province")
    assert html.count("<option") == Province.objects.count() + 1
    assert '<optgroup label="Tỉnh, thành phố">' in html
    assert f'<option value="{province.code}" selected>' in html
    assert str(form["sector"]) == _stock_markup(form, "sector")
    assert 'aria-describedby="filter-errors"' in str(form["sector"])


def test_select_escapes_labels_and_values():
    class Form(forms.Form):
        choice = forms.ChoiceField(choices=[('"><script>', "<b>A & B</b>")], widget=Select)

    html = str(Form({"choice": '"><script>'})["choice"])

    assert "<script>" not in html and "<b>" not in html
    assert html == _stock_markup(Form({"choice": '"><script>'}), "choice")
