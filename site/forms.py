"""What every public form does for its users: errors and help read out with the field."""

from django import forms


class AccessibleFormMixin:
    """Ties each widget to its help text and its errors (`aria-describedby`) and marks an
    invalid one (`aria-invalid`), matching the ids `components/form_field.html` gives
    them, so a screen reader says why a field was refused when it reaches it."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}-help")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}-errors")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"


class PublicForm(AccessibleFormMixin, forms.Form):
    """A form of the public site (not the admin)."""
