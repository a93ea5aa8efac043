"""Writes on organisations: creation, coverage territories, partnership links, agency import."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.core.errors import Conflict
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import Coverage, Organisation, PartnershipLink
from tandem.territories.models import Commune
from tandem.territories.selectors import CommuneLookup

INSEE_CODE = re.compile(r"^(\d[\dAB]\d{3})$")


@transaction.atomic
def organisation_create(*, kind: str, name: str, **fields: Any) -> Organisation:
    organisation = Organisation(kind=kind, name=name, **fields)
    organisation.full_clean()
    organisation.save()
    return organisation


def parse_commune_codes(text: str) -> list[str]:
    """INSEE codes separated by spaces, commas, semicolons or new lines; duplicates removed, order kept."""
    codes: list[str] = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if token and token not in codes:
            codes.append(token.upper())
    return codes


MISSION_LOCALE_KINDS = (OrganisationKind.MISSION_LOCALE, OrganisationKind.ML_SITE)


def _mission_locale_family(organisation: Organisation) -> set[int]:
    """A Mission Locale and its sites: they may share communes (a site covers part of its Mission Locale's)."""
    root_id = (
        organisation.parent_id
        if organisation.kind == OrganisationKind.ML_SITE and organisation.parent_id
        else organisation.pk
    )
    sites = Organisation.objects.filter(parent_id=root_id, kind=OrganisationKind.ML_SITE).values_list("pk", flat=True)
    return {root_id, organisation.pk, *sites}


def _require_one_mission_locale_per_commune(*, organisation: Organisation, commune_codes: set[str]) -> None:
    """Designation routes a young person by commune: a commune belongs to one Mission Locale (and its sites)."""
    if organisation.kind not in MISSION_LOCALE_KINDS or not commune_codes:
        return
    taken = (
        Coverage.objects.filter(commune_id__in=commune_codes, organisation__kind__in=MISSION_LOCALE_KINDS)
        .exclude(organisation_id__in=_mission_locale_family(organisation))
        .select_related("commune", "organisation")
        .order_by("commune__name")
    )
    conflicts = [f"{row.commune.name} ({row.commune_id}) : {row.organisation.name}" for row in taken[:20]]
    if conflicts:
        raise Conflict(
            _(
                "Une commune n'est couverte que par une seule Mission Locale ; déjà couvertes par une autre : "
                "%(communes)s. Retirez-les d'abord de son territoire."
            )
            % {"communes": " ; ".join(conflicts)},
            code="commune_already_covered",
        )


@transaction.atomic
def organisation_set_coverage(*, organisation: Organisation, commune_codes: Iterable[str]) -> dict[str, int]:
    """Replace the coverage territory with exactly these communes; unknown codes are refused, nothing changes."""
    wanted = set(commune_codes)
    malformed = sorted(code for code in wanted if not INSEE_CODE.match(code))
    known = set(Commune.objects.filter(code__in=wanted).values_list("code", flat=True))
    unknown = sorted(wanted - known - set(malformed))
    if malformed or unknown:
        messages = []
        if malformed:
            messages.append(_("codes mal formés : %(codes)s") % {"codes": ", ".join(malformed[:20])})
        if unknown:
            messages.append(_("communes inconnues : %(codes)s") % {"codes": ", ".join(unknown[:20])})
        raise ValidationError("; ".join(messages), code="invalid_commune_codes")
    _require_one_mission_locale_per_commune(organisation=organisation, commune_codes=wanted)
    current = set(organisation.coverage_rows.values_list("commune_id", flat=True))
    to_remove = current - wanted
    to_add = wanted - current
    if to_remove:
        organisation.coverage_rows.filter(commune_id__in=to_remove).delete()
    Coverage.objects.bulk_create([Coverage(organisation=organisation, commune_id=code) for code in sorted(to_add)])
    return {"added": len(to_add), "removed": len(to_remove), "total": len(wanted)}


# Partnership links ------------------------------------------------------------------------------------------------

# The fields of a link its parties may change after creation; the kind and the two organisations never change
# (a different partnership is a new link).
LINK_EDITABLE_FIELDS = (
    "starts_on",
    "ends_on",
    "is_reference_site",
    "referral_answer_days",
    "first_meeting_days",
    "notes",
)
Changes = dict[str, tuple[Any, Any]]


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _overlapping_links(link: PartnershipLink) -> list[PartnershipLink]:
    """Other links of the same kind between the same two organisations (either way round) whose period meets this
    link's: two of them would give one pair two sets of referral deadlines at once."""
    pair = Q(organisation_a_id=link.organisation_a_id, organisation_b_id=link.organisation_b_id) | Q(
        organisation_a_id=link.organisation_b_id, organisation_b_id=link.organisation_a_id
    )
    meets = Q(ends_on__isnull=True) | Q(ends_on__gte=link.starts_on)
    if link.ends_on is not None:
        meets &= Q(starts_on__lte=link.ends_on)
    others = PartnershipLink.objects.filter(pair, meets, kind=link.kind)
    if link.pk is not None:
        others = others.exclude(pk=link.pk)
    return list(others.order_by("starts_on"))


def _require_valid_link(link: PartnershipLink) -> None:
    """The rules of a link, each with its own French message (the database constraints only back them up)."""
    errors: dict[str, str] = {}
    if link.organisation_a_id == link.organisation_b_id:
        errors["organisation_b"] = _("Un partenariat relie deux organisations différentes.")
    if link.ends_on is not None and link.ends_on < link.starts_on:
        errors["ends_on"] = _("La date de fin précède la date de début.")
    for name in ("referral_answer_days", "first_meeting_days"):
        value = getattr(link, name)
        if value is None or value < 1:
            errors[name] = _("Un délai compte au moins un jour.")
    if link.is_reference_site and link.kind != PartnershipKind.COTRAITANCE:
        errors["is_reference_site"] = _(
            "Seul un partenariat de cotraitance désigne le site de référence d'une Mission Locale."
        )
    if errors:
        raise ValidationError(errors, code="invalid_partnership_link")
    overlapping = _overlapping_links(link)
    if overlapping:
        other = overlapping[0]
        period = (
            _("du %(start)s au %(end)s") % {"start": _day(other.starts_on), "end": _day(other.ends_on)}
            if other.ends_on
            else _("depuis le %(start)s") % {"start": _day(other.starts_on)}
        )
        raise Conflict(
            _(
                "Un partenariat « %(kind)s » entre %(a)s et %(b)s existe déjà sur cette période (%(period)s) : "
                "modifiez-le, ou terminez-le avant le début du nouveau."
            )
            % {
                "kind": other.get_kind_display(),
                "a": other.organisation_a.name,
                "b": other.organisation_b.name,
                "period": period,
            },
            code="partnership_link_overlaps",
        )


def _lock_pair(*organisations: Organisation) -> None:
    """Two managers creating the same link at once: the second waits for the first, then sees its link."""
    list(Organisation.objects.select_for_update().filter(pk__in=[o.pk for o in organisations]).order_by("pk"))


@transaction.atomic
def partnership_link_create(
    *,
    organisation_a: Organisation,
    organisation_b: Organisation,
    kind: str = PartnershipKind.OTHER,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    is_reference_site: bool = False,
    referral_answer_days: int = 7,
    first_meeting_days: int = 15,
    notes: str = "",
) -> PartnershipLink:
    """A link between two organisations. Pages create it for the organisation whose manager acts (organisation_a);
    who may do so is `accounts.permissions.can_edit_organisation`, checked by the caller."""
    _lock_pair(organisation_a, organisation_b)
    link = PartnershipLink(
        organisation_a=organisation_a,
        organisation_b=organisation_b,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        is_reference_site=is_reference_site,
        referral_answer_days=referral_answer_days,
        first_meeting_days=first_meeting_days,
        notes=notes,
    )
    _require_valid_link(link)
    link.full_clean()
    link.save()
    return link


def _locked_link(link: PartnershipLink) -> PartnershipLink:
    _lock_pair(link.organisation_a, link.organisation_b)
    return PartnershipLink.objects.select_related("organisation_a", "organisation_b").get(pk=link.pk)


@transaction.atomic
def partnership_link_update(*, link: PartnershipLink, **fields: Any) -> tuple[PartnershipLink, Changes]:
    """Change the period, the reference site, the referral deadlines or the notes of a link; returns what changed.

    Deadlines apply to referrals proposed from then on: a referral keeps the answer date it was given."""
    unknown = set(fields) - set(LINK_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a partnership link: {sorted(unknown)}")
    current = _locked_link(link)
    changes: Changes = {}
    for name, value in fields.items():
        if getattr(current, name) != value:
            changes[name] = (getattr(current, name), value)
            setattr(current, name, value)
    if changes:
        _require_valid_link(current)
        current.full_clean()
        current.save(update_fields=list(changes))
    return current, changes


@transaction.atomic
def partnership_link_end(*, link: PartnershipLink, ends_on: datetime.date) -> tuple[PartnershipLink, Changes]:
    """End a link on a day (its last one): from the next day no referral goes along it; referrals already made
    keep their course. Not in the past: the referrals made along the link must stay made along an active link."""
    current = _locked_link(link)
    today = timezone.localdate()
    if current.ends_on is not None and current.ends_on < today:
        raise Conflict(
            _("Ce partenariat est terminé depuis le %(end)s.") % {"end": _day(current.ends_on)},
            code="partnership_link_ended",
        )
    if ends_on < today:
        raise ValidationError(
            {"ends_on": _("Un partenariat se termine aujourd'hui au plus tôt, pas dans le passé.")},
            code="partnership_link_end_in_past",
        )
    if ends_on < current.starts_on:
        raise ValidationError(
            {
                "ends_on": _("Ce partenariat commence le %(start)s : il ne peut pas finir avant.")
                % {"start": _day(current.starts_on)}
            },
            code="partnership_link_end_before_start",
        )
    changes: Changes = {"ends_on": (current.ends_on, ends_on)}
    current.ends_on = ends_on
    current.full_clean()
    current.save(update_fields=["ends_on"])
    return current, changes


# France Travail agencies file -------------------------------------------------------------------


@dataclass
class AgencyImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


AGENCY_COLUMNS = {"NOM", "CODE_SAFIR", "TYPE_SITE", "ADRESSE", "CODE_POSTAL", "COMMUNE"}


def agency_display_name(file_name: str) -> str:
    """'APE BORDEAUX MERIADECK' → 'France Travail Bordeaux Meriadeck' (the file's names are upper case)."""
    name = re.sub(r"^(APE|PES|ALE)\s+", "", file_name.strip(), flags=re.IGNORECASE)
    return f"France Travail {name.title()}"


def _agency_kind(site_type: str) -> str:
    """TYPE_SITE: ALE = local agency, DDA = territorial direction, DRA = regional direction."""
    site_type = site_type.strip().upper()
    if site_type == "DRA":
        return OrganisationKind.FT_REGIONAL_DIRECTION
    if site_type == "DDA":
        return OrganisationKind.FT_TERRITORIAL_DIRECTION
    return OrganisationKind.FT_AGENCY


def _agency_commune(postcode: str, name: str, *, communes: CommuneLookup) -> tuple[Commune | None, str]:
    """The commune the row's postcode and postal name designate, else None and why: never a guess."""
    try:
        return communes(postcode=postcode, name=name), ""
    except ValidationError as error:
        return None, " ".join(error.messages).removesuffix(".")


def organisation_import_agencies(*, path: Path) -> AgencyImportReport:
    """Upsert France Travail agencies by SAFIR code from the official agencies file (idempotent).

    A bad row is reported with its line and does not block the good ones.
    """
    report = AgencyImportReport()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text))
    missing = AGENCY_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("%(file)s : colonnes manquantes : %(cols)s") % {"file": path.name, "cols": ", ".join(sorted(missing))}
        )
    existing = {o.safir_code: o for o in Organisation.objects.exclude(safir_code="")}
    seen: dict[str, int] = {}
    communes = CommuneLookup()
    for line, row in enumerate(reader, start=2):
        safir = (row.get("CODE_SAFIR") or "").strip()
        name = (row.get("NOM") or "").strip()
        if not safir or not name:
            report.errors.append(
                _("%(file)s ligne %(line)s : code SAFIR ou nom manquant") % {"file": path.name, "line": line}
            )
            continue
        if safir in seen:
            # The official file repeats a few codes: the first row wins, so a re-import changes nothing.
            report.errors.append(
                _("%(file)s ligne %(line)s : code SAFIR %(safir)s déjà présent ligne %(first)s, ligne ignorée")
                % {"file": path.name, "line": line, "safir": safir, "first": seen[safir]}
            )
            continue
        seen[safir] = line
        postcode = (row.get("CODE_POSTAL") or "").strip()
        address = " ".join(
            part.strip()
            for part in (row.get("ADRESSE") or "", row.get("COMPLEMENT_ADRESSE") or "")
            if part and part.strip() and part.strip() != "NULL"
        )
        commune, commune_problem = _agency_commune(postcode, row.get("COMMUNE") or "", communes=communes)
        if commune_problem:
            report.errors.append(
                _("%(file)s ligne %(line)s : %(msg)s ; agence enregistrée sans commune")
                % {"file": path.name, "line": line, "msg": commune_problem[:1].lower() + commune_problem[1:]}
            )
        values = {
            "kind": _agency_kind(row.get("TYPE_SITE") or ""),
            "name": agency_display_name(name),
            "address": address[:255],
            "postcode": postcode,
            "commune": commune,
        }
        try:
            with transaction.atomic():
                organisation = existing.get(safir)
                if organisation is None:
                    organisation = Organisation(safir_code=safir, **values)
                    organisation.full_clean()
                    organisation.save()
                    existing[safir] = organisation
                    report.created += 1
                    continue
                changed = [key for key, value in values.items() if getattr(organisation, key) != value]
                if not changed:
                    report.skipped += 1
                    continue
                for key in changed:
                    setattr(organisation, key, values[key])
                organisation.full_clean()
                organisation.save()
                report.updated += 1
        except ValidationError as error:
            messages = "; ".join(error.messages)
            report.errors.append(
                _("%(file)s ligne %(line)s : %(msg)s") % {"file": path.name, "line": line, "msg": messages}
            )
    return report
