from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, StrictBool, StrictInt

from tandem.api.errors import ErrorOut as ErrorOut  # one error schema for the whole API


def _written_as_text(value: Any) -> Any:
    """Dates and times come as ISO text ("2026-12-01", "2026-12-01T10:00:00+01:00"), never as numbers that
    pydantic would read as seconds since 1970."""
    if isinstance(value, int | float | bool):
        raise ValueError("a date or time is written as ISO text, e.g. 2026-12-01")
    return value


Day = Annotated[datetime.date, BeforeValidator(_written_as_text)]
Moment = Annotated[datetime.datetime, BeforeValidator(_written_as_text)]


def _local_clock(value: datetime.time) -> datetime.time:
    """A time of day is the place's local time ("09:30"): a time zone ("09:30Z") is refused, never converted."""
    if value.tzinfo is not None:
        raise ValueError("a time of day is written in local time, without a time zone, e.g. 09:30")
    return value


ClockTime = Annotated[
    datetime.time,
    BeforeValidator(_written_as_text),
    AfterValidator(_local_clock),
    Field(description="Local time of day, without a time zone, e.g. 09:30"),
]


def _written_as_number(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("an amount is written as a JSON number, e.g. 1800.50")
    return value


# In request bodies, values come with their JSON type: true/false is no 0/1, a number is no text.
Flag = StrictBool
Whole = StrictInt
Amount = Annotated[Decimal, BeforeValidator(_written_as_number)]


class Row(BaseModel):
    """A nested object of a request body: a JSON object and nothing else. (django-ninja's Schema reads any value
    through its attributes, so the text "Aaa" would pass for an object whose `title` is its str.title.)"""


# A record's number in a path: what a database key can hold (a larger number is a 422, never a database error).
MAX_ID = 9_223_372_036_854_775_807
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
# The same in a request body (a person, an offer, an organisation named by its number).
RecordRef = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


def one_of(*values: Any) -> Any:
    """A Literal of these values (or of a TextChoices' values), so the OpenAPI document lists them as an enum.

    Plain strings stay strings in Python: handlers compare them with the enums as before."""
    flat: list[str] = []
    for value in values:
        flat.extend(value.values if hasattr(value, "values") else [value])
    return Literal[tuple(dict.fromkeys(str(item) for item in flat))]


class DepartementOut(Schema):
    code: str
    name: str


class CommuneOut(Schema):
    code: str
    name: str
    postcodes: list[str]
    population: int | None
    departement: DepartementOut | None  # none for the communes of overseas collectivities
    epci_code: str | None
    epci_name: str | None
    latitude: float | None
    longitude: float | None
    zrr: str

    @staticmethod
    def resolve_epci_code(obj) -> str | None:
        return obj.epci_id

    @staticmethod
    def resolve_epci_name(obj) -> str | None:
        return obj.epci.name if obj.epci_id else None


class OrganisationSummary(Schema):
    id: int
    kind: str
    name: str


class OrganisationOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    siret: str
    safir_code: str
    address: str
    postcode: str
    commune_code: str | None
    parent_id: int | None
    active_from: str | None
    active_until: str | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_commune_code(obj) -> str | None:
        return obj.commune_id

    @staticmethod
    def resolve_active_from(obj) -> str | None:
        return obj.active_from.isoformat() if obj.active_from else None

    @staticmethod
    def resolve_active_until(obj) -> str | None:
        return obj.active_until.isoformat() if obj.active_until else None


class CoverageAnswer(Schema):
    commune: CommuneOut
    mission_locale: OrganisationSummary | None
    agency: OrganisationSummary | None


class CoverageIn(Schema):
    commune_codes: list[str]


class CoverageOut(Schema):
    organisation_id: int
    commune_codes: list[str]


class CoverageChange(Schema):
    added: int
    removed: int
    total: int


class MembershipOut(Schema):
    organisation: OrganisationSummary
    role: str
    acting: bool


class MeOut(Schema):
    kind: str
    email: str | None = None
    memberships: list[MembershipOut] = []
    organisation: OrganisationSummary | None = None
    scope: str | None = None
    role: str | None = None


class RomeOut(Schema):
    code: str
    label: str
    version: str
    domain_code: str
    domain_label: str
