"""A commune typed as a person types it: a name, a postcode or both, with suggestions as they type."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.territories.models import Commune
from tandem.territories.selectors import CommuneUnresolved, commune_label, commune_resolve

MAX_LENGTH = 250


class CommuneInput(forms.TextInput):
    """A text box tied to a <datalist> that htmx fills from the suggestions view as the person types.

    Without JavaScript it is a plain text box; after a value that was not understood, the list offers the
    communes it could mean (`suggestions`, set by CommuneField).
    """

    template_name = "territories/widgets/commune_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.suggestions: list[str] = []

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Commune):
            return commune_label(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"commune-{name}"
        widget["list_id"] = f"{base_id}-suggestions"
        widget["status_id"] = f"{base_id}-status"
        widget["suggestions_url"] = reverse("territories:commune_suggestions")
        widget["suggestions"] = self.suggestions
        return context


class CommuneField(forms.Field):
    """One commune from what was typed, through commune_resolve: an ambiguous value is asked, never guessed."""

    widget = CommuneInput
    default_error_messages = {
        "max_length": _("Saisissez au plus %(max)s caractères."),
    }

    def prepare_value(self, value: Any) -> Any:
        return commune_label(value) if isinstance(value, Commune) else value

    def to_python(self, value: Any) -> Commune | None:
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if len(text) > MAX_LENGTH:
            raise ValidationError(self.error_messages["max_length"], code="max_length", params={"max": MAX_LENGTH})
        try:
            return commune_resolve(text=text)
        except CommuneUnresolved as error:
            if isinstance(self.widget, CommuneInput):
                self.widget.suggestions = [commune_label(commune) for commune in error.candidates[:20]]
            raise

    def has_changed(self, initial: Any, data: Any) -> bool:
        # Compares what is shown, without resolving (no query).
        return (self.prepare_value(initial) or "") != " ".join(str(data or "").split())

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(MAX_LENGTH)}
