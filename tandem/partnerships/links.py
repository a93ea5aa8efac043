"""A local convention is the source of the partnership links between its parties (docs/partnerships.md).

The links stay the read model of who works with whom (referrals, access, designations read them); they are written
here only, from the convention's services and steps, through the links' own checks (tandem.organisations.services:
dates, deadlines, no two links of one kind over one period). Both organisations of a link are parties: the Mission
Locale (else the first signing party) and each other party but the State.

`links_adopt` does the other way round, once: each link written before conventions existed becomes a local
convention of its kind. It takes the model classes, so the data migration runs it on its historical models and the
services on the real ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import PartnershipLink
from tandem.organisations.services import partnership_link_create, partnership_link_update
from tandem.partnerships.enums import LINK_KIND, SIGNING_ROLES, ConventionLevel, ConventionStatus, PartyRole
from tandem.partnerships.models import Convention, ConventionLink, ConventionParty

# The states in which a convention's links exist: a draft binds nobody yet.
LINKED_STATES = (ConventionStatus.SIGNED, ConventionStatus.ACTIVE, ConventionStatus.ENDED)


def convention_anchor(parties: list[ConventionParty]) -> ConventionParty | None:
    """The party every link starts from: the Mission Locale, else the first signing party, else the first party."""
    for party in parties:
        if party.organisation.kind == OrganisationKind.MISSION_LOCALE:
            return party
    signing = [party for party in parties if party.role in SIGNING_ROLES]
    candidates = signing or parties
    return candidates[0] if candidates else None


def _wanted(convention: Convention) -> dict[frozenset[int], tuple[int, int, dict[str, Any]]]:
    """The links the convention asks for: pair → (organisation_a, organisation_b, the link's terms)."""
    if convention.level != ConventionLevel.LOCAL or convention.status not in LINKED_STATES:
        return {}
    parties = list(convention.parties.select_related("organisation").order_by("pk"))
    anchor = convention_anchor(parties)
    if anchor is None:
        return {}
    wanted = {}
    for party in parties:
        if party.pk == anchor.pk or party.role == PartyRole.STATE:
            continue
        terms = {
            "starts_on": convention.starts_on,
            "ends_on": convention.ends_on,
            "is_reference_site": party.role == PartyRole.REFERENCE_SITE,
            "referral_answer_days": convention.referral_answer_days,
            "first_meeting_days": convention.first_meeting_days,
            "notes": convention.notes,
        }
        wanted[frozenset((anchor.organisation_id, party.organisation_id))] = (
            anchor.organisation_id,
            party.organisation_id,
            terms,
        )
    return wanted


def links_sync(convention: Convention, *, today: datetime.date | None = None) -> list[PartnershipLink]:
    """Create, change or end the convention's links so that they say what it says; returns its current links."""
    today = today or timezone.localdate()
    wanted = _wanted(convention)
    rows = list(
        ConventionLink.objects.filter(convention=convention).select_related(
            "link__organisation_a", "link__organisation_b"
        )
    )
    existing = {frozenset((row.link.organisation_a_id, row.link.organisation_b_id)): row.link for row in rows}
    kept: list[PartnershipLink] = []
    for pair, (a_id, b_id, terms) in wanted.items():
        link = existing.get(pair)
        if link is None:
            link = partnership_link_create(
                organisation_a=ConventionParty.objects.get(convention=convention, organisation_id=a_id).organisation,
                organisation_b=ConventionParty.objects.get(convention=convention, organisation_id=b_id).organisation,
                kind=LINK_KIND[convention.kind],
                **terms,
            )
            ConventionLink.objects.create(convention=convention, link=link)
        else:
            changed = {name: value for name, value in terms.items() if getattr(link, name) != value}
            if changed:
                link, _changes = partnership_link_update(link=link, **changed)
        kept.append(link)
    for pair, link in existing.items():
        if pair in wanted:
            continue
        # A party that left: its link ends today (or on its first day, if it had not started yet).
        last_day = max(today, link.starts_on)
        if link.ends_on is None or link.ends_on > last_day:
            partnership_link_update(link=link, ends_on=last_day)
    return kept


def _status_on(starts_on: datetime.date, ends_on: datetime.date | None, today: datetime.date) -> str:
    if ends_on is not None and ends_on < today:
        return ConventionStatus.ENDED
    if starts_on > today:
        return ConventionStatus.SIGNED
    return ConventionStatus.ACTIVE


def links_adopt(
    *,
    convention_model: Any,
    party_model: Any,
    link_row_model: Any,
    links: Iterable[Any],
    today: datetime.date,
) -> list[Any]:
    """Each link not yet kept by a convention becomes a local convention of its kind with its two parties, the same
    deadlines and dates; returns the conventions created. Idempotent: a link already kept is left alone.

    A France Travail agency linked to a Mission Locale without being its reference site joins, as an associated
    party, the convention of that Mission Locale's reference site when it has the same dates and deadlines (a local
    reinforced partnership has one reference site); otherwise it gets its own convention."""
    created: list[Any] = []
    # Reference sites first, so that the other agencies of their Mission Locale find their convention.
    for link in sorted(links, key=lambda link: (not link.is_reference_site, link.pk)):
        if link_row_model.objects.filter(link_id=link.pk).exists():
            continue
        a, b = link.organisation_a, link.organisation_b
        if not link.is_reference_site and link.kind == "cotraitance":
            mission_locale = a if a.kind == OrganisationKind.MISSION_LOCALE else b
            other = b if mission_locale is a else a
            shared = (
                convention_model.objects.filter(
                    level=ConventionLevel.LOCAL,
                    kind="cotraitance",
                    starts_on=link.starts_on,
                    ends_on=link.ends_on,
                    referral_answer_days=link.referral_answer_days,
                    first_meeting_days=link.first_meeting_days,
                    parties__organisation_id=mission_locale.pk,
                    parties__role=PartyRole.SIGNATORY,
                )
                .filter(parties__role=PartyRole.REFERENCE_SITE)
                .exclude(parties__organisation_id=other.pk)
                .order_by("pk")
                .first()
            )
            if shared is not None:
                party_model.objects.create(convention=shared, organisation_id=other.pk, role=PartyRole.ASSOCIATED)
                link_row_model.objects.create(convention=shared, link_id=link.pk)
                continue
        convention = convention_model.objects.create(
            level=ConventionLevel.LOCAL,
            kind=link.kind,
            title=f"{a.name} – {b.name}"[:200],
            status=_status_on(link.starts_on, link.ends_on, today),
            starts_on=link.starts_on,
            ends_on=link.ends_on,
            referral_answer_days=link.referral_answer_days,
            first_meeting_days=link.first_meeting_days,
            notes=link.notes,
        )
        # The reference site is the France Travail side, whichever way round the link was written.
        reference = (a if a.kind == OrganisationKind.FT_AGENCY else b) if link.is_reference_site else None
        for organisation in (a, b):
            role = PartyRole.REFERENCE_SITE if organisation is reference else PartyRole.SIGNATORY
            party_model.objects.create(convention=convention, organisation_id=organisation.pk, role=role)
        link_row_model.objects.create(convention=convention, link_id=link.pk)
        created.append(convention)
    return created
