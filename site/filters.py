"""Base for the public listing filters: a bad value is reported, never fatal."""

from django import forms

# The id of the notice that lists the refused filters (components/filter_errors.html).
ERRORS_ID = "filter-errors"


class PublicFilterForm(forms.Form):
    def valid_filters(self) -> dict:
        """The filters that passed validation; invalid ones are dropped with a message."""
        self.is_valid()
        for name in self.errors:
            if name in self.fields:
                # A screen reader reads the notice with the refused field.
                self.fields[name].widget.attrs["aria-describedby"] = ERRORS_ID
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
