"""The CV sent to an employer: anonymous by default, full (identity included) only with the person's consent.

The anonymous CV is built from an explicit list of fields of the job profile (skills, experiences,
trainings with their level, the qualification level, languages, sought jobs, mobility with the département
only): the template never receives the identity, so it cannot print it. Free text typed by advisers is
scrubbed of what could name the person too (see _scrubber): names whatever their accents and case, e-mail
addresses, phone numbers, address, commune and birth date.
It is headed with the partners' joint service document: the organisations of the partnership and their
single contact (the adviser, reached through the organisation's e-mail and phone).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.offers.enums import ContractType, CvKind
from tandem.offers.models import Offer, Positioning
from tandem.offers.positioning.permissions import employer_consent_stands
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import partner_organisations_of
from tandem.people.enums import QualificationLevel
from tandem.people.job_rows import experiences_read, languages_read, months_label, trainings_read
from tandem.people.models import JobProfile, Person
from tandem.territories.selectors import commune_area

# The public employment partners who sign the joint document (temp agencies and others are not co-signers).
PARTNER_KINDS = [
    OrganisationKind.MISSION_LOCALE,
    OrganisationKind.ML_SITE,
    OrganisationKind.FT_AGENCY,
    OrganisationKind.FT_TERRITORIAL_DIRECTION,
    OrganisationKind.FT_REGIONAL_DIRECTION,
    OrganisationKind.PLIE,
]
REDACTED = "[…]"


@dataclass
class CvContact:
    name: str
    organisation: str
    email: str
    phone: str


@dataclass
class CvContent:
    kind: str
    partners: list[Organisation]
    contact: CvContact
    offer_title: str = ""
    reference: str = ""
    sought_jobs: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    experiences: list[dict] = field(default_factory=list)
    trainings: list[dict] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    qualification_level: str = ""
    contract_types: list[str] = field(default_factory=list)
    has_driving_licence: bool = False
    has_vehicle: bool = False
    max_distance_km: int | None = None
    departement: str = ""
    collectivity: str = ""  # the overseas collectivity of a commune without département (Saint-Barthélemy…)
    # Only in the full CV.
    identity: dict | None = None


def _duration(item: dict) -> str:
    months = item["duration_months"]
    if months is None:
        return item["duration_label"]
    return months_label(months)


# Letters as advisers may type them: without the accents, or with others (Eloise, Éloïse, ELOÏSE).
_ACCENTED = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóòõø",
    "u": "uùûüú",
    "y": "yÿý",
}
_LIGATURES = {"œ": "(?:œ|oe)", "æ": "(?:æ|ae)"}
# Between the words of a name: spaces, hyphens, apostrophes, or nothing (Le Gall, Le-Gall, LEGALL, N'Diaye).
_NAME_SEPARATORS = " \t-'’."
_SEPARATOR = r"[\s\-'’.]*"
_FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# An e-mail address, whoever's: an employer's or a relative's address would lead to the person too.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number written the French way (06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, 0033 (0)6…) or any
# international number (+ and at least eight digits).
PHONE_PATTERN = re.compile(
    r"(?<![\w+])(?:(?:(?:\+|00)\s?33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}"
    r"|\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}\d)(?!\w)"
)


def _letter(char: str) -> str:
    lowered = char.lower()
    if lowered in _LIGATURES:
        return _LIGATURES[lowered]
    base = unicodedata.normalize("NFD", lowered)[0]
    variants = _ACCENTED.get(base)
    return f"[{variants}]" if variants else re.escape(char)


def _loose(text: str) -> str:
    """A pattern for the text whatever its accents and its separators (the case is the regex's flag)."""
    parts: list[str] = []
    for char in text.strip():
        if char in _NAME_SEPARATORS or char.isspace():
            if parts and parts[-1] != _SEPARATOR:
                parts.append(_SEPARATOR)
        else:
            parts.append(_letter(char))
    return "".join(parts)


def _name_parts(name: str) -> list[str]:
    """The name and each run of its words that holds a word of three letters or more: "Le Gall-Dupré" gives
    "Le Gall-Dupré", "Le Gall", "Gall Dupré", "Gall" and "Dupré", never "Le" alone (a French article)."""
    words = [word for word in re.split(r"[\s\-'’.]+", name.strip()) if word]
    runs = {name.strip()} if len(name.strip()) >= 2 else set()
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            run = words[start:end]
            if any(len(word) >= 3 for word in run):
                runs.add(" ".join(run))
    return list(runs)


def _identifying_strings(person: Person) -> list[str]:
    # The address with or without its number ("allée des Peupliers" names the street of "4 allée des Peupliers").
    street = re.sub(r"^\s*\d+\s*(?:bis|ter|quater)?\s*,?\s*", "", person.address, flags=re.IGNORECASE)
    values = [*_name_parts(person.first_name), *_name_parts(person.last_name), person.email, person.address, street]
    if person.commune is not None:
        values.append(person.commune.name)
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 2}, key=len, reverse=True)


def _phone_pattern(phone: str) -> str | None:
    """The person's own number, its digits separated any way (a number of another country included)."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    return r"[\s.()-]*".join(digits)


def _birth_date_patterns(day: datetime.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    month = _loose(_FRENCH_MONTHS[m - 1])
    return [
        rf"0?{d}[\s./-]+0?{m}[\s./-]+(?:{y}|{y % 100:02d})",
        rf"{y}-{m:02d}-{d:02d}",
        rf"{d}(?:er)?\s+{month}\s+{y}",
    ]


def _scrubber(person: Person, anonymous: bool) -> Callable[[str], str]:
    """What removes, from the free text typed by advisers, whatever could name the person: their names (whatever
    the accents, case and separators), address, commune, birth date and phone, and any e-mail address or phone
    number (an employer's or a relative's would lead to them too)."""
    if not anonymous:
        return lambda text: text
    alternatives = [_loose(value) for value in _identifying_strings(person)]
    own_phone = _phone_pattern(person.phone)
    if own_phone:
        alternatives.insert(0, own_phone)
    if isinstance(person.birth_date, datetime.date):
        alternatives[:0] = _birth_date_patterns(person.birth_date)
    identifying = (
        re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE) if alternatives else None
    )
    email_placeholder, phone_placeholder = _("[courriel retiré]"), _("[téléphone retiré]")

    def scrub(text: str) -> str:
        # Addresses and numbers first: a name inside an address would otherwise leave the rest of it.
        text = EMAIL_PATTERN.sub(email_placeholder, text)
        text = PHONE_PATTERN.sub(phone_placeholder, text)
        return identifying.sub(REDACTED, text) if identifying else text

    return scrub


def _partnership(organisation: Organisation) -> list[Organisation]:
    partners = partner_organisations_of(organisation=organisation).filter(kind__in=PARTNER_KINDS)
    return [organisation, *partners]


def cv_content(
    *,
    person: Person,
    kind: str,
    organisation: Organisation,
    adviser: User | None,
    offer: Offer | None = None,
    reference: str = "",
) -> CvContent:
    """What the CV shows. A full CV needs the person's consent to share with an employer."""
    if kind == CvKind.FULL and not employer_consent_stands(person):
        raise ValidationError(
            _("Sans consentement au partage avec un employeur, seul le CV anonyme peut être produit."),
            code="full_cv_without_consent",
        )
    anonymous = kind != CvKind.FULL
    scrub = _scrubber(person, anonymous)
    content = CvContent(
        kind=kind,
        partners=_partnership(organisation),
        contact=CvContact(
            name=adviser.get_full_name() if adviser else "",
            organisation=organisation.name,
            email=organisation.email,
            phone=organisation.phone,
        ),
        offer_title=offer.title if offer else "",
        reference=reference,
    )
    profile = JobProfile.objects.filter(person=person).first()
    if profile is not None:
        content.sought_jobs = [f"{rome.label} ({rome.code})" for rome in profile.sought_romes.order_by("code")]
        content.sought_jobs += [appellation.label for appellation in profile.sought_appellations.order_by("label")]
        content.skills = [scrub(line.strip(" -•*")) for line in profile.skills.splitlines() if line.strip(" -•*")]
        content.experiences = [
            {
                "title": scrub(item["title"]),
                "sector": scrub(item["sector"]),
                "duration": scrub(_duration(item)),
                "year": str(item["year"] or ""),
            }
            for item in experiences_read(profile.experiences)
        ]
        content.trainings = [
            {"title": scrub(item["title"]), "year": str(item["year"] or ""), "level": item["level_label"]}
            for item in trainings_read(profile.trainings)
        ]
        content.languages = [
            scrub(" – ".join(filter(None, [item["language"], item["level_display"]])))
            for item in languages_read(profile.languages)
        ]
        if profile.qualification_level:
            content.qualification_level = str(QualificationLevel(profile.qualification_level).label)
        content.contract_types = [
            str(ContractType(code).label) for code in profile.wished_contract_types if code in ContractType.values
        ]
        content.has_driving_licence = profile.has_driving_licence
        content.has_vehicle = profile.has_vehicle
        content.max_distance_km = profile.max_distance_km
    commune = person.commune
    if commune is not None and commune.departement is not None:
        content.departement = f"{commune.departement.name} ({commune.departement_id})"
    elif commune is not None and commune.overseas_collectivity:
        content.collectivity = f"{commune_area(commune)} ({commune.overseas_collectivity})"
    if not anonymous:
        content.identity = {
            "name": f"{person.first_name} {person.last_name}",
            "email": person.email,
            "phone": person.phone,
            "address": " ".join(filter(None, [person.address, person.commune.name if person.commune else ""])),
        }
    return content


def cv_content_for_positioning(*, positioning: Positioning) -> CvContent:
    """The CV of a positioning, of its kind, headed by the proposing organisation and adviser."""
    return cv_content(
        person=positioning.person,
        kind=positioning.cv_kind,
        organisation=positioning.organisation,
        adviser=positioning.proposed_by,
        offer=positioning.offer,
        reference=_("Mise en relation n° %(pk)s") % {"pk": positioning.pk},
    )


def cv_html(content: CvContent) -> str:
    return render_to_string("offers/cv/cv.html", {"cv": content, "today": timezone.localdate()})


def cv_document(content: CvContent):
    """The laid-out document (WeasyPrint); its pages hold the text exactly as the PDF prints it."""
    from weasyprint import HTML

    return HTML(string=cv_html(content)).render()


def cv_pdf(content: CvContent) -> bytes:
    return cv_document(content).write_pdf()
