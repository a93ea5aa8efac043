"""What the access journal says about a change to an organisation's links or members: short, readable French."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record


def _value(field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.TextField):
        return _("(texte modifié)")
    return str(value)


def changes_detail(model: type[models.Model], changes: dict[str, tuple[Any, Any]]) -> str:
    """'délai de réponse à une orientation (jours) : 7 → 5 ; fin : — → 31/12/2026'."""
    parts = []
    for name, (old, new) in changes.items():
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        parts.append(f"{field.verbose_name} : {_value(field, old)} → {_value(field, new)}")
    return " ; ".join(parts)


def fields_detail(instance: models.Model, names: tuple[str, ...]) -> str:
    """'type : Cotraitance … ; début : 01/05/2026 ; …' for a row just created."""
    parts = []
    for name in names:
        field = instance._meta.get_field(name)
        assert isinstance(field, models.Field)
        parts.append(f"{field.verbose_name} : {_value(field, getattr(instance, name))}")
    return " ; ".join(parts)


def audit_change(request: HttpRequest, *, action: str, object_type: str, object_id: int | None, detail: str) -> None:
    """Changes to links and members are not about a young person: person_id stays empty."""
    audit_record(
        request=request, action=action, person_id=None, object_type=object_type, object_id=object_id, detail=detail
    )


def audit_denied(request: HttpRequest, *, object_type: str, object_id: int | None) -> None:
    """A refused write (404) is logged like a refused record, so that a manager sees probing."""
    if request.method == "POST":
        audit_change(request, action=AuditAction.DENIED, object_type=object_type, object_id=object_id, detail="")
