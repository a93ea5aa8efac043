"""The rules a convention's parties follow, checked by the services and the signature step (one message each).

- A convention names each organisation once; the State role is a State service's.
- A reference site is a France Travail agency, in a reinforced partnership (cotraitance) only, and one at most.
- A local reinforced partnership joins one Mission Locale and its reference France Travail site: at most one of each
  while it is prepared, exactly one of each once it is signed (other agencies may take part as associated).
- A local Mission Jeunes convention joins one Mission Locale and one or more temp agencies (or a temp agencies'
  network): at most one Mission Locale while it is prepared; once signed, exactly one, at least one agency, and a
  single contact named on each side (seed 003: « un interlocuteur unique à la Mission Locale et au sein de chaque
  agence »).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.partnerships.enums import ConventionKind, ConventionLevel, PartyRole
from tandem.partnerships.models import Convention

FT_KINDS = {
    OrganisationKind.FT_AGENCY,
    OrganisationKind.FT_TERRITORIAL_DIRECTION,
    OrganisationKind.FT_REGIONAL_DIRECTION,
}


class PartyLike(Protocol):
    @property
    def organisation(self) -> Organisation: ...

    @property
    def role(self) -> str: ...


TEMP_KINDS = {OrganisationKind.TEMP_AGENCY, OrganisationKind.TEMP_NETWORK}


class PartyWithContact(PartyLike, Protocol):
    @property
    def contact(self) -> object | None: ...


def is_local_reinforced(convention: Convention) -> bool:
    return convention.level == ConventionLevel.LOCAL and convention.kind == ConventionKind.COTRAITANCE


def is_local_mission_jeunes(convention: Convention) -> bool:
    return convention.level == ConventionLevel.LOCAL and convention.kind == ConventionKind.MISSION_JEUNES


def require_valid_parties(convention: Convention, parties: Sequence[PartyLike]) -> None:
    """The rules that hold at every moment, a draft included."""
    ids = [party.organisation.pk for party in parties]
    if len(ids) != len(set(ids)):
        raise ValidationError(_("Une organisation n'est partie qu'une fois à une convention."), code="party_twice")
    for party in parties:
        if party.role == PartyRole.STATE and party.organisation.kind != OrganisationKind.STATE_SERVICE:
            raise ValidationError(
                _("Le rôle « État » revient à un service de l'État (%(name)s n'en est pas un).")
                % {"name": party.organisation.name},
                code="state_role",
            )
        if party.role == PartyRole.REFERENCE_SITE:
            if convention.kind != ConventionKind.COTRAITANCE:
                raise ValidationError(
                    _("Seul un partenariat renforcé France Travail – Mission Locale désigne un site de référence."),
                    code="reference_site_outside_cotraitance",
                )
            if party.organisation.kind != OrganisationKind.FT_AGENCY:
                raise ValidationError(
                    _("Le site de référence est une agence France Travail (%(name)s n'en est pas une).")
                    % {"name": party.organisation.name},
                    code="reference_site_not_an_agency",
                )
    if is_local_reinforced(convention):
        missions_locales = [p for p in parties if p.organisation.kind == OrganisationKind.MISSION_LOCALE]
        references = [p for p in parties if p.role == PartyRole.REFERENCE_SITE]
        if len(missions_locales) > 1 or len(references) > 1:
            raise ValidationError(_local_rule_message(), code="local_reinforced_parties")
    if is_local_mission_jeunes(convention):
        if len([p for p in parties if p.organisation.kind == OrganisationKind.MISSION_LOCALE]) > 1:
            raise ValidationError(_mission_jeunes_message(), code="local_mission_jeunes_parties")


def require_complete_parties(convention: Convention, parties: Sequence[PartyLike]) -> None:
    """The rules of a signed convention: a local reinforced partnership has its Mission Locale and its reference
    site, exactly one of each."""
    require_valid_parties(convention, parties)
    if is_local_mission_jeunes(convention):
        missions_locales = [p for p in parties if p.organisation.kind == OrganisationKind.MISSION_LOCALE]
        agencies = [p for p in parties if p.organisation.kind in TEMP_KINDS]
        if len(missions_locales) != 1 or not agencies:
            raise ValidationError(_mission_jeunes_message(), code="local_mission_jeunes_parties")
    if not is_local_reinforced(convention):
        return
    missions_locales = [p for p in parties if p.organisation.kind == OrganisationKind.MISSION_LOCALE]
    references = [
        p for p in parties if p.role == PartyRole.REFERENCE_SITE and p.organisation.kind == OrganisationKind.FT_AGENCY
    ]
    if len(missions_locales) != 1 or len(references) != 1:
        raise ValidationError(_local_rule_message(), code="local_reinforced_parties")


def _local_rule_message() -> str:
    return _(
        "Une convention locale de partenariat renforcé réunit exactement une Mission Locale et une agence "
        "France Travail « site de référence » ; les autres agences y prennent part comme partenaires associés."
    )


def require_single_contacts(convention: Convention, parties: Sequence[PartyWithContact]) -> None:
    """A local Mission Jeunes convention is signed with its single contact named on each side: the Mission Locale's
    and each agency's."""
    if not is_local_mission_jeunes(convention):
        return
    missing = [
        p.organisation.name
        for p in parties
        if p.contact is None
        and (p.organisation.kind == OrganisationKind.MISSION_LOCALE or p.organisation.kind in TEMP_KINDS)
    ]
    if missing:
        raise ValidationError(
            _("Nommez l'interlocuteur unique de chaque partie avant la signature (manquant : %(names)s).")
            % {"names": ", ".join(sorted(missing))},
            code="single_contact_missing",
        )


def _mission_jeunes_message() -> str:
    return _(
        "Une convention locale Mission Jeunes réunit une Mission Locale et une ou plusieurs agences d'emploi "
        "(ou leur réseau)."
    )
