"""Import reports kept as JSON (a background import's result) and read back as the objects pages render."""

from __future__ import annotations

import dataclasses
import typing
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Report = TypeVar("Report", bound="DataclassInstance")


def report_from_json(cls: type[Report], data: dict[str, Any]) -> Report:
    """Rebuild a report dataclass from its `as_json()`: fields of lists of dataclasses become objects again;
    keys that are not fields (the `counts` summary) are left out, since the report computes them."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name not in data:
            continue
        value = data[field.name]
        item_type = (typing.get_args(hints[field.name]) or [None])[0]
        if isinstance(value, list) and isinstance(item_type, type) and dataclasses.is_dataclass(item_type):
            value = [item_type(**item) if isinstance(item, dict) else item for item in value]
        values[field.name] = value
    return cls(**values)
