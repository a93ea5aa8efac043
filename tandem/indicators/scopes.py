"""The scopes indicators are computed over: `adviser:<user id>` (the rows an adviser holds or acted on, within the
organisations they belong to), `organisation:<id>` (with a Mission Locale's sites), `convention:<id>` (its parties,
with the sites of the Missions Locales among them), `commune:<INSEE code>`, `epci:<SIREN>`, `departement:<code>`,
`region:<code>` (the organisations whose address is in it) and `nation`. A scope is a set of organisations, read as
a subquery inside the indicator's one query (never a list of ids fetched first); each family says which of its rows'
organisations must be in it (docs/indicators.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.models import Convention, ConventionParty
from tandem.territories.models import Commune, Departement, Epci, Region

ADVISER, ORGANISATION, CONVENTION = "adviser", "organisation", "convention"
COMMUNE, EPCI, DEPARTEMENT, REGION, NATION = "commune", "epci", "departement", "region", "nation"
RECORD_UNKNOWN = "scope_record_unknown"  # the code of the ValidationError for an unknown user, organisation, convention
# What each kind's code looks like: an identifier (ASCII digits, within a bigint), an INSEE code (2A, 971, 67482,
# 2A004…) or an EPCI's SIREN (9 digits). Anything else is refused before any query.
_IDENTIFIER = re.compile(r"^[0-9]{1,18}$")
_CODE = {
    ADVISER: _IDENTIFIER,
    ORGANISATION: _IDENTIFIER,
    CONVENTION: _IDENTIFIER,
    COMMUNE: re.compile(r"^[0-9][0-9AB][0-9]{3}$"),
    EPCI: re.compile(r"^[0-9]{9}$"),
    DEPARTEMENT: re.compile(r"^[0-9A-Za-z]{1,3}$"),
    REGION: re.compile(r"^[0-9A-Za-z]{1,3}$"),
}


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str = ""

    @property
    def label(self) -> str:
        return self.kind if self.kind == NATION else f"{self.kind}:{self.code}"

    @property
    def adviser_id(self) -> int | None:
        """For an adviser's scope, the adviser (a user): families that know who holds or did a row filter on them
        (a referral's sender, a person's lead adviser, a visit's advisers)."""
        return int(self.code) if self.kind == ADVISER else None

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
        if self.kind == ADVISER:
            # The organisations the adviser belongs to (with a Mission Locale's sites): the adviser's rows are
            # further narrowed by the family (adviser_id).
            memberships = Membership.objects.filter(user_id=int(self.code)).values("organisation_id")
            return _with_sites(memberships)
        if self.kind == CONVENTION:
            # A regional or national convention's figures are those of the conventions under it: its parties and
            # those of its local conventions (two levels down).
            pk = int(self.code)
            parties = ConventionParty.objects.filter(
                Q(convention_id=pk) | Q(convention__parent_id=pk) | Q(convention__parent__parent_id=pk)
            ).values("organisation_id")
            return _with_sites(parties)
        if self.kind == COMMUNE:
            return Organisation.objects.filter(commune_id=self.code).values("pk")
        if self.kind == EPCI:
            return Organisation.objects.filter(commune__epci_id=self.code).values("pk")
        if self.kind == DEPARTEMENT:
            return Organisation.objects.filter(commune__departement_id=self.code).values("pk")
        return Organisation.objects.filter(commune__region_id=self.code).values("pk")


def _with_sites(ids: QuerySet[Any, Any]) -> QuerySet[Organisation, Any]:
    return Organisation.objects.filter(Q(pk__in=ids) | Q(kind=OrganisationKind.ML_SITE, parent__in=ids)).values("pk")


def scope_parse(text: str) -> Scope:
    """`nation`, `region:44`, `departement:67`, `epci:246700488`, `commune:67482`, `organisation:12`,
    `convention:3`, `adviser:5`: one query to check that what is named exists; a ValidationError saying what is
    expected otherwise."""
    value = (text or "").strip()
    if value == NATION:
        return Scope(NATION)
    kind, _sep, code = value.partition(":")
    code = code.strip()
    models: dict[str, type[Model]] = {
        ADVISER: User,
        ORGANISATION: Organisation,
        CONVENTION: Convention,
        COMMUNE: Commune,
        EPCI: Epci,
        DEPARTEMENT: Departement,
        REGION: Region,
    }
    if kind not in models or not _CODE[kind].match(code):
        raise ValidationError(
            _(
                "Périmètre « %(value)s » non reconnu : indiquez nation, region:<code INSEE>, departement:<code INSEE>, "
                "epci:<SIREN>, commune:<code INSEE>, organisation:<identifiant>, convention:<identifiant> ou "
                "adviser:<identifiant>."
            )
            % {"value": value},
            code="scope",
        )
    pk: int | str = code if _CODE[kind] is not _IDENTIFIER else int(code)
    if not models[kind]._default_manager.filter(pk=pk).exists():
        # An unknown territory is a mistake to point out; an unknown user, organisation or convention is answered
        # by the caller as one they may not read (404), so that nobody learns which exist.
        unknown = RECORD_UNKNOWN if _CODE[kind] is _IDENTIFIER else "scope_unknown"
        raise ValidationError(_("Périmètre « %(value)s » inconnu.") % {"value": value}, code=unknown)
    # One spelling per scope (organisation:012 is organisation:12): a dashboard's snapshot is kept under it.
    return Scope(kind, str(pk))
