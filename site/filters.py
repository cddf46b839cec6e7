"""Base for the public listing filters: a bad value is reported, never fatal."""

from django import forms


class PublicFilterForm(forms.Form):
    def valid_filters(self) -> dict:
        """The filters that passed validation; invalid ones are dropped with a message."""
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
