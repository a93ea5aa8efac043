"""Typed reads of a model's fields (Model._meta answers fields and reverse relations alike)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model


def model_field(model: type[Model], name: str) -> Field[Any, Any]:
    """One of the model's own fields (a column or a relation it holds), never a reverse relation."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise FieldDoesNotExist(f"{model.__name__}.{name} is a reverse relation, not a field")
    return field


def max_lengths(model: type[Model]) -> dict[str, int]:
    """The longest text each of the model's bounded fields holds, by field name (CharField, EmailField…)."""
    return {
        field.name: field.max_length
        for field in model._meta.get_fields()
        if isinstance(field, Field) and field.max_length
    }


def derived_update_fields(kwargs: dict[str, Any], *, sources: set[str], derived: str) -> dict[str, Any]:
    """The keyword arguments of a save() that derives `derived` from `sources`: a save limited to some fields
    writes the derived one too when one of its sources is among them (else it would keep a stale value)."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and sources & set(update_fields):
        return {**kwargs, "update_fields": {*update_fields, derived}}
    return kwargs
