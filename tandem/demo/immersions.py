"""Seed 003 — Mission Jeunes' immersions at the Mission Locale de Saint-Étienne (tandem.immersions):

- one of its advisers spent two days at Intérim Forez Centre three weeks ago to see how a temp agency recruits
  (done, with its report);
- Intérim Forez Centre's single contact will join a CEJ group session at the Mission Locale in ten days (planned);
- one young person the Mission Locale leads will spend two weeks in a Saint-Étienne bakery (a PMSMP, its
  agreement signed by the three parties two days ago).

Needs the Saint-Étienne scenario (tandem.demo.scenarios.saint_etienne) and the young people (tandem.demo.young_people)
loaded first; the bakery is fictitious, created here once. Everything goes through the immersions' services, so
the timelines show it. Deterministic and idempotent: a staff immersion is found again by its two organisations and
its staff member, the PMSMP by its person and company; a second load adds nothing. Dates are relative to the day
of the first load, like the rest of the demo.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.demo.builders import demo_email
from tandem.demo.prospecting import demo_siret
from tandem.demo.scenarios import saint_etienne
from tandem.employers.models import Employer
from tandem.employers.services import EmployerData, employer_create
from tandem.immersions import services
from tandem.immersions.enums import PmsmpObjective
from tandem.immersions.models import Pmsmp, StaffImmersion
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import FollowRole
from tandem.people.models import Follow
from tandem.referentials.models import RomeCode

AGENCY = saint_etienne.TEMP_AGENCIES[0]  # Intérim Forez Centre and its single contact
DIRECTOR, ADVISER = "direction.saint-etienne", "conseiller.saint-etienne"
BAKERY = EmployerData(
    name="Boulangerie du Crêt de Roc (fictif)",
    naf="1071C",
    size_bracket="03",
    street="14 rue Vaillant-Couturier",
    postcode="42000",
    commune_code=saint_etienne.SAINT_ETIENNE,
)
DAY = datetime.timedelta(days=1)


def _user(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def _membership(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.active().select_related("organisation", "user").get(user=user, organisation=organisation)


def _bakery(by: User, organisation: Organisation) -> Employer:
    siret = demo_siret(BAKERY.name)
    employer = Employer.objects.filter(siret=siret).first()
    if employer is None:
        data = EmployerData(**{**BAKERY.__dict__, "siret": siret})
        employer = employer_create(data=data, by=by, organisation=organisation)
    return employer


def _staff_immersions(mission_locale: Organisation, agency: Organisation, today: datetime.date) -> None:
    director = _membership(_user(DIRECTOR), mission_locale)
    adviser, contact = _user(ADVISER), _user(AGENCY[3])
    if not StaffImmersion.objects.filter(
        sending_organisation=mission_locale, host_organisation=agency, staff_user=adviser
    ).exists():
        immersion = services.staff_immersion_plan(
            membership=director,
            by=director.user,
            data=services.StaffImmersionData(
                staff_name=adviser.get_full_name(),
                staff_user=adviser,
                sending_organisation=mission_locale,
                host_organisation=agency,
                starts_on=today - 21 * DAY,
                ends_on=today - 20 * DAY,
                objective="Voir comment l'agence reçoit les candidats, qualifie une mission et présente un jeune à "
                "une entreprise cliente.",
            ),
        )
        services.staff_immersion_complete(
            immersion=immersion,
            membership=director,
            by=director.user,
            report="Deux journées utiles : entretiens de qualification, point sécurité avant mission, visite d'un "
            "client logisticien. À reprendre en réunion d'équipe pour mieux préparer les jeunes orientés vers "
            "l'intérim.",
        )
    if not StaffImmersion.objects.filter(
        sending_organisation=agency, host_organisation=mission_locale, staff_user=contact
    ).exists():
        services.staff_immersion_plan(
            membership=director,
            by=director.user,
            data=services.StaffImmersionData(
                staff_name=contact.get_full_name(),
                staff_user=contact,
                sending_organisation=agency,
                host_organisation=mission_locale,
                starts_on=today + 10 * DAY,
                ends_on=today + 10 * DAY,
                objective="Co-animer une séance collective CEJ sur le travail temporaire : droits de l'intérimaire, "
                "missions proposées à Saint-Étienne.",
            ),
        )


def _pmsmp(mission_locale: Organisation, today: datetime.date) -> None:
    adviser = _membership(_user(ADVISER), mission_locale)
    follow = (
        Follow.objects.filter(organisation=mission_locale, role=FollowRole.LEAD, ended_at__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
        .first()
    )
    if follow is None:
        return  # the young people are not loaded: no one to send in immersion
    employer = _bakery(adviser.user, mission_locale)
    if Pmsmp.objects.filter(person=follow.person, employer=employer).exists():
        return
    pmsmp = services.pmsmp_propose(
        person=follow.person,
        membership=adviser,
        by=adviser.user,
        data=services.PmsmpData(
            employer=employer,
            tutor_name="Gérard Bonnefoy",
            tutor_function="Artisan boulanger, gérant",
            tutor_phone="04 77 00 00 00",
            starts_on=today + 5 * DAY,
            ends_on=today + 18 * DAY,
            weekly_hours=30,
            objective=PmsmpObjective.CONFIRM,
            job_label="Boulanger / Boulangère",
            rome=RomeCode.objects.filter(code="D1102").first(),  # Boulangerie - viennoiserie
            activities="Pesée et façonnage, cuisson des pains et viennoiseries avec le tuteur, mise en vitrine, "
            "hygiène et nettoyage du fournil.",
        ),
    )
    services.pmsmp_sign(pmsmp=pmsmp, membership=adviser, by=adviser.user, signed_on=today - 2 * DAY)


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=saint_etienne.ML_NAME)
    agency = Organisation.objects.get(kind=OrganisationKind.TEMP_AGENCY, name=AGENCY[0])
    _staff_immersions(mission_locale, agency, today)
    _pmsmp(mission_locale, today)
