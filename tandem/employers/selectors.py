"""Reads of employers: scoped to the caller where they show personal data.

Sector in tension: read from the ROME↔NAF hiring weights and the jobs in tension (no stored tag).

A NAF activity is "in tension" when at least half of its hirings (La Bonne Boîte weights,
`referentials.RomeNafHiring`) are in jobs in tension (`RomeCode.in_tension`, from the BMO survey).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core.text import search_normalise
from tandem.employers.enums import CONTACT_KINDS
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.referentials.models import RomeNafHiring

TENSION_SHARE = 0.5
_NAF_PREFIX = re.compile(r"\d{2}(\d{1,2}[A-Z]?)?")


def naf_codes_in_tension(*, naf_codes: Iterable[str]) -> set[str]:
    """Which of these NAF codes (stored form, "4711D") are sectors in tension: one query."""
    codes = sorted({code for code in naf_codes if code})
    if not codes:
        return set()
    rows = (
        RomeNafHiring.objects.filter(naf_id__in=codes)
        .values("naf_id")
        .annotate(total=Sum("hirings"), tense=Sum("hirings", filter=Q(rome__in_tension=True)))
    )
    return {str(row["naf_id"]) for row in rows if row["total"] and (row["tense"] or 0) >= TENSION_SHARE * row["total"]}


def naf_in_tension(naf_code: str | None) -> bool:
    return bool(naf_code) and naf_code in naf_codes_in_tension(naf_codes=[naf_code or ""])


def tension_jobs_of_naf(*, naf_code: str, limit: int = 5) -> list[tuple[str, str]]:
    """The jobs in tension most hired in this activity, (ROME code, label), most hired first."""
    return list(
        RomeNafHiring.objects.filter(naf_id=naf_code, rome__in_tension=True)
        .order_by("-hirings", "rome_id")
        .values_list("rome_id", "rome__label")[:limit]
    )


# ------------------------------------------------------------------------------------------------ companies
def employer_list(*, query: str = "", commune_code: str = "", naf_prefix: str = "") -> QuerySet[Employer]:
    """Companies, by what someone typed (names, accents and case aside, or a SIRET/SIREN), a commune, a NAF
    division or sub-class. Company records are shared by every partner (permissions.can_see_employers)."""
    employers = Employer.objects.select_related("commune", "naf", "referent_organisation", "referent_adviser")
    digits = query.replace(" ", "")
    if digits.isdigit() and len(digits) in (9, 14):
        employers = employers.filter(siren=digits) if len(digits) == 9 else employers.filter(siret=digits)
    else:
        for word in search_normalise(query).split():
            employers = employers.filter(search_key__contains=word)
    if commune_code:
        employers = employers.filter(commune_id=commune_code)
    if naf_prefix:
        prefix = naf_prefix.strip().upper().replace(".", "")
        if not _NAF_PREFIX.fullmatch(prefix):
            raise ValidationError(
                _("Code NAF illisible : « %(value)s » (une division, 47, ou un code, 47.71Z).") % {"value": naf_prefix},
                code="naf_prefix",
            )
        employers = employers.filter(naf__code__startswith=prefix)
    return employers.order_by("name", "id")


def employer_get(*, pk: int) -> Employer:
    return Employer.objects.select_related("commune", "naf", "referent_organisation", "referent_adviser").get(pk=pk)


def contacts_of(*, employer: Employer) -> QuerySet[EmployerContact]:
    """The company's contacts: the caller has checked permissions.can_see_contacts."""
    return (
        EmployerContact.objects.filter(employer=employer)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )


def interactions_of(*, employer: Employer) -> QuerySet[EmployerInteraction]:
    """Every partner's interactions with the company, newest first."""
    return (
        EmployerInteraction.objects.filter(employer=employer)
        .select_related("by", "organisation", "contact")
        .order_by("-occurred_at", "-id")
    )


@dataclass(frozen=True)
class RecentContact:
    occurred_at: datetime.datetime
    by_name: str
    organisation_name: str
    kind_label: str

    @property
    def message(self) -> str:
        return _("Déjà contacté le %(date)s par %(name)s (%(organisation)s).") % {
            "date": formats.date_format(timezone.localtime(self.occurred_at), "SHORT_DATE_FORMAT"),
            "name": self.by_name,
            "organisation": self.organisation_name,
        }


def recent_contact_warning(
    *, employer: Employer, user: User | None, now: datetime.datetime | None = None
) -> RecentContact | None:
    """The latest contact with the company by someone else within TANDEM_EMPLOYER_CONTACT_WARNING_DAYS, to show
    before the caller contacts it ("déjà contacté le … par …"); None when nobody else did."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.TANDEM_EMPLOYER_CONTACT_WARNING_DAYS)
    contacts = EmployerInteraction.objects.filter(employer=employer, kind__in=CONTACT_KINDS, occurred_at__gte=since)
    if user is not None:  # a partner system's token: everyone's contacts
        contacts = contacts.exclude(by=user)
    latest = contacts.select_related("by", "organisation").order_by("-occurred_at", "-id").first()
    if latest is None:
        return None
    by_name = (latest.by.get_full_name() or latest.by.email) if latest.by is not None else _("un partenaire")
    return RecentContact(
        occurred_at=latest.occurred_at,
        by_name=by_name,
        organisation_name=latest.organisation.name,
        kind_label=str(latest.get_kind_display()),
    )
