"""The scopes indicators are computed over: `organisation:<id>` (with a Mission Locale's sites), `convention:<id>`
(its parties, with the sites of the Missions Locales among them), `departement:<code>`, `region:<code>` (the
organisations whose address is in it) and `nation`. A scope is a set of organisations, read as a subquery inside the
indicator's one query (never a list of ids fetched first); each family says which of its rows' organisations must be
in it (docs/indicators.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.models import Convention, ConventionParty
from tandem.territories.models import Departement, Region

ORGANISATION, CONVENTION, DEPARTEMENT, REGION, NATION = "organisation", "convention", "departement", "region", "nation"
# An identifier (ASCII digits, within a bigint) or an INSEE code (2A, 971…): anything else is refused before any query.
_CODE = {True: re.compile(r"^[0-9]{1,18}$"), False: re.compile(r"^[0-9A-Za-z]{1,3}$")}


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str = ""

    @property
    def label(self) -> str:
        return self.kind if self.kind == NATION else f"{self.kind}:{self.code}"

    @property
    def is_between_parties(self) -> bool:
        """A convention's figures are its parties' dealings with each other: both sides must be in it."""
        return self.kind == CONVENTION

    def organisations(self) -> QuerySet[Organisation, Any] | None:
        """The scope's organisations as a subquery of ids; None for the nation (no filter)."""
        if self.kind == NATION:
            return None
        if self.kind == ORGANISATION:
            return _with_sites(Organisation.objects.filter(pk=int(self.code)).values("pk"))
        if self.kind == CONVENTION:
            parties = ConventionParty.objects.filter(convention_id=int(self.code)).values("organisation_id")
            return _with_sites(parties)
        if self.kind == DEPARTEMENT:
            return Organisation.objects.filter(commune__departement_id=self.code).values("pk")
        return Organisation.objects.filter(commune__region_id=self.code).values("pk")


def _with_sites(ids: QuerySet[Any, Any]) -> QuerySet[Organisation, Any]:
    return Organisation.objects.filter(Q(pk__in=ids) | Q(kind=OrganisationKind.ML_SITE, parent__in=ids)).values("pk")


def scope_parse(text: str) -> Scope:
    """`nation`, `region:44`, `departement:67`, `organisation:12`, `convention:3`: one query to check that what is
    named exists; a ValidationError saying what is expected otherwise."""
    value = (text or "").strip()
    if value == NATION:
        return Scope(NATION)
    kind, _sep, code = value.partition(":")
    code = code.strip()
    models: dict[str, type[Organisation] | type[Convention] | type[Departement] | type[Region]] = {
        ORGANISATION: Organisation,
        CONVENTION: Convention,
        DEPARTEMENT: Departement,
        REGION: Region,
    }
    if kind not in models or not _CODE[kind in (ORGANISATION, CONVENTION)].match(code):
        raise ValidationError(
            _(
                "Périmètre « %(value)s » non reconnu : indiquez nation, region:<code INSEE>, departement:<code INSEE>, "
                "organisation:<identifiant> ou convention:<identifiant>."
            )
            % {"value": value},
            code="scope",
        )
    pk: int | str = int(code) if kind in (ORGANISATION, CONVENTION) else code
    if not models[kind].objects.filter(pk=pk).exists():
        raise ValidationError(_("Périmètre « %(value)s » inconnu.") % {"value": value}, code="scope_unknown")
    return Scope(kind, code)
