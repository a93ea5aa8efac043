"""Seed 001 — Bordeaux's companies and its retail targeted offer search (ROC) around Mériadeck.

Fictitious companies of Bordeaux Métropole (retail first, and a few sectors in tension), with Luhn-valid SIRETs
computed here, real NAF codes and communes; a single contact (referent) on some, their contacts and past
exchanges. Then the Mission Locale Bordeaux Avenir Jeunes' retail campaign with the four France Travail agencies:
its target list built and split across three pairs (a France Travail agent and a Mission Locale adviser each),
visits reported with the offers they collected, one per pair whose day has come and still to report, one per
pair to come, and a young person hired on an offer collected. Everything goes through the employers',
prospecting's and positionings' services, so the timelines and events are those of real use.

Deterministic and idempotent: companies are found again by SIRET, the campaign by its name; a second load adds
nothing. Dates are relative to the day of the load, like the rest of the demo.
"""

from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tandem.accounts.enums import Role
from tandem.accounts.models import Membership, User
from tandem.core.codes import luhn_is_valid
from tandem.demo.builders import demo_email, member_ensure
from tandem.demo.jobs.offers import DEMO_MARKER
from tandem.demo.scenarios import bordeaux
from tandem.employers.enums import ContactChannel, InteractionKind, SizeBracket
from tandem.employers.models import Employer
from tandem.employers.services import (
    ContactData,
    EmployerData,
    contact_create,
    employer_create,
    interaction_record,
    referent_assign,
)
from tandem.offers.enums import ContractType, PositioningStatus
from tandem.offers.models import Offer
from tandem.offers.positioning.services import positioning_hire, positioning_propose, positioning_send
from tandem.offers.positioning.workflow import POSITIONING
from tandem.offers.services import offer_update
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import FollowRole
from tandem.people.models import Follow
from tandem.prospecting.enums import ServicePresented, VisitOutcome
from tandem.prospecting.models import Campaign, Pair
from tandem.prospecting.services import (
    CollectedOffer,
    campaign_activate,
    campaign_create,
    pairs_form,
    target_list_build,
    target_list_split,
    visit_plan,
    visit_report,
)
from tandem.referentials.models import NafCode, RomeCode
from tandem.territories.models import Commune

CAMPAIGN_NAME = "Recherche d'offres ciblée – commerce de détail, Bordeaux Mériadeck"
RETAIL_NAF = ("4711D", "4711F", "4719B", "4724Z", "4771Z", "4772A", "4764Z", "4775Z", "4741Z")
TARGET_COUNT = 12
PAIRS = 3
# The France Travail agents who volunteer, one per agency of Bordeaux (Mériadeck's is the scenario's own).
AGENTS = {
    bordeaux.MERIADECK: "agent.meriadeck",
    bordeaux.ST_JEAN: "agent.st-jean",
    bordeaux.NORD: "agent.bordeaux-nord",
    bordeaux.BASTIDE: "agent.bastide",
}
# The Mission Locale's volunteers: its employer-relations officer and two advisers.
ML_VOLUNTEERS = ("relations-entreprises.bordeaux", "conseiller.bordeaux", "conseiller2.bordeaux")
REFERENT = "relations-entreprises.bordeaux"
MERIGNAC, TALENCE, PESSAC = "33281", "33522", "33318"


@dataclass(frozen=True)
class DemoCompany:
    name: str
    naf: str
    size: str
    street: str
    postcode: str
    commune: str
    referent: str = ""  # a demo user's local part: the company's single contact
    contact: tuple[str, ...] = ()  # first name, last name, role, preferred channel


# Every name says it is fictitious, like the demo's offers.
COMPANIES = (
    # Retail in Bordeaux: the campaign's territory and sectors.
    DemoCompany(
        "Supermarché des Quinconces (fictif)",
        "4711D",
        "21",
        "12 cours du Chapeau Rouge",
        "33000",
        "33063",
        REFERENT,
        ("Nathalie", "Garnier", "Directrice de magasin", ContactChannel.PHONE),
    ),
    DemoCompany(
        "Hyper Mériadeck (fictif)",
        "4711F",
        "32",
        "57 rue du Château d'Eau",
        "33000",
        "33063",
        REFERENT,
        ("Karim", "Benali", "Responsable des ressources humaines", ContactChannel.EMAIL),
    ),
    DemoCompany(
        "Galeries Sainte-Catherine (fictif)",
        "4719B",
        "22",
        "80 rue Sainte-Catherine",
        "33000",
        "33063",
        "agent.meriadeck",
        ("Sophie", "Lambert", "Chargée de recrutement", ContactChannel.EMAIL),
    ),
    DemoCompany("Boulangerie du Grand Théâtre (fictif)", "4724Z", "03", "4 place de la Comédie", "33000", "33063"),
    DemoCompany(
        "Mode Intendance (fictif)",
        "4771Z",
        "11",
        "25 cours de l'Intendance",
        "33000",
        "33063",
        REFERENT,
        ("Julie", "Moreau", "Gérante", ContactChannel.VISIT),
    ),
    DemoCompany("Chaussures Porte Dijeaux (fictif)", "4772A", "03", "9 rue de la Porte Dijeaux", "33000", "33063"),
    DemoCompany(
        "Sport Victoire (fictif)",
        "4764Z",
        "12",
        "2 place de la Victoire",
        "33000",
        "33063",
        "",
        ("Thomas", "Roux", "Responsable de magasin", ContactChannel.PHONE),
    ),
    DemoCompany("Parfumerie Gambetta (fictif)", "4775Z", "03", "18 place Gambetta", "33000", "33063"),
    DemoCompany("Numérique Chartrons (fictif)", "4741Z", "02", "45 quai des Chartrons", "33300", "33063"),
    DemoCompany("Primeur des Capucins (fictif)", "4711D", "11", "6 place des Capucins", "33800", "33063"),
    DemoCompany("Prêt-à-porter Bastide (fictif)", "4771Z", "03", "31 avenue Thiers", "33100", "33063"),
    DemoCompany("Supérette Saint-Michel (fictif)", "4711D", "03", "14 place Meynard", "33800", "33063"),
    DemoCompany("Maison Fondaudège (fictif)", "4771Z", "02", "60 rue Fondaudège", "33000", "33063"),
    DemoCompany("Épicerie Bassins à flot (fictif)", "4711D", "02", "22 rue Lucien Faure", "33300", "33063"),
    # Retail outside the campaign's commune: left out of its list.
    DemoCompany(
        "Centre commercial Mérignac Soleil (fictif)",
        "4711F",
        "41",
        "Avenue de la Somme",
        "33700",
        MERIGNAC,
        "agent.meriadeck",
    ),
    DemoCompany("Jardinerie de Bègles (fictif)", "4776Z", "11", "120 route de Toulouse", "33130", "33039"),
    # Other sectors in tension.
    DemoCompany(
        "Brasserie des Chartrons (fictif)",
        "5610A",
        "11",
        "3 rue Notre-Dame",
        "33000",
        "33063",
        REFERENT,
        ("Marc", "Dupuy", "Gérant", ContactChannel.PHONE),
    ),
    DemoCompany("Hôtel de la Garonne (fictif)", "5510Z", "12", "10 quai Richelieu", "33000", "33063"),
    DemoCompany(
        "EHPAD Les Jardins de Talence (fictif)",
        "8710A",
        "21",
        "15 rue Peydavant",
        "33400",
        TALENCE,
        "conseiller.bordeaux",
        ("Claire", "Fontaine", "Directrice", ContactChannel.EMAIL),
    ),
    DemoCompany("Aide à domicile Bordeaux Rive Droite (fictif)", "8810A", "12", "8 rue de Nuits", "33100", "33063"),
    DemoCompany(
        "Électricité Pessac Bâtiment (fictif)",
        "4321A",
        "11",
        "27 avenue Jean Jaurès",
        "33600",
        PESSAC,
        "agent.meriadeck",
        ("Olivier", "Marchand", "Chef d'entreprise", ContactChannel.PHONE),
    ),
    DemoCompany("Transports Bruges Logistique (fictif)", "4941A", "21", "5 rue de la Vieille Tour", "33520", "33075"),
)


def _with_key(digits: str) -> str:
    """digits followed by the one digit that makes the whole Luhn-valid (tandem.core.codes.luhn_is_valid)."""
    return next(digits + key for key in "0123456789" if luhn_is_valid(digits + key))


def demo_siret(name: str) -> str:
    """A fictitious SIRET for the company: a Luhn-valid SIREN, then a NIC that makes the SIRET Luhn-valid too."""
    seed = zlib.crc32(name.encode())
    siren = _with_key(f"9{seed % 10_000_000:07d}")
    return _with_key(siren + f"{seed % 97 + 1:04d}")


@dataclass
class ProspectingReport:
    companies_created: int = 0
    offers_created: int = 0
    hires: int = 0


def _user(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def _membership(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.active().select_related("organisation", "user").get(user=user, organisation=organisation)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _companies_load(mission_locale: Organisation, today: datetime.date) -> int:
    existing = set(Employer.objects.filter(siret__in=[demo_siret(c.name) for c in COMPANIES]).values_list("siret"))
    created = 0
    for index, company in enumerate(COMPANIES):
        siret = demo_siret(company.name)
        if (siret,) in existing:
            continue
        referent = _user(company.referent) if company.referent else None
        organisation = (
            Membership.objects.active()
            .select_related("organisation")
            .get(user=referent, fte_share__isnull=True)
            .organisation
            if referent is not None
            else mission_locale
        )
        employer = employer_create(
            data=EmployerData(
                name=company.name,
                siret=siret,
                naf=company.naf,
                size_bracket=company.size,
                street=company.street,
                postcode=company.postcode,
                commune_code=company.commune,
            ),
            by=referent,
            organisation=organisation,
        )
        created += 1
        if referent is not None:
            referent_assign(employer=employer, adviser=referent, organisation=organisation, by=referent)
        if company.contact:
            first_name, last_name, role, channel = company.contact
            contact = contact_create(
                employer=employer,
                data=ContactData(
                    first_name=first_name,
                    last_name=last_name,
                    role=role,
                    email=f"{first_name}.{last_name}@entreprise.demo.tandem.localhost".lower(),
                    preferred_channel=channel,
                ),
                by=referent,
                organisation=organisation,
            )
            # Past exchanges on the shared timeline: a call some weeks ago, an e-mail after it.
            weeks = 3 + index % 5
            interaction_record(
                employer=employer,
                kind=InteractionKind.CALL,
                by=referent,
                organisation=organisation,
                occurred_at=_at(today - datetime.timedelta(weeks=weeks), 10),
                note="Premier contact : présentation des services aux employeurs.",
                contact=contact,
            )
            interaction_record(
                employer=employer,
                kind=InteractionKind.EMAIL,
                by=referent,
                organisation=organisation,
                occurred_at=_at(today - datetime.timedelta(weeks=weeks, days=-3), 15),
                note="Envoi de la plaquette des contrats aidés et de l'apprentissage.",
                contact=contact,
            )
    return created


# The reports of the visits already made, pair by pair (the first companies of each pair's share), and what each
# collected: (outcome, services presented, offers collected as (title, ROME, contract), next step).
REPORTS = (
    (
        VisitOutcome.OFFERS_COLLECTED,
        (ServicePresented.APPRENTICESHIP, ServicePresented.IMMERSION),
        (("Employé·e de libre-service", "D1507", ContractType.CDI), ("Hôte·sse de caisse", "D1505", ContractType.CDD)),
        "Présenter trois candidatures",
    ),
    (
        VisitOutcome.OFFERS_COLLECTED,
        (ServicePresented.SUBSIDISED_CONTRACTS,),
        (("Vendeur·se en prêt-à-porter", "D1214", ContractType.CDD),),
        "",
    ),
    (
        VisitOutcome.NEEDS_TO_FOLLOW,
        (ServicePresented.INFORMATION_MEETING, ServicePresented.ANONYMOUS_CV),
        (),
        "Inviter à la réunion d'information sur l'apprentissage",
    ),
    (
        VisitOutcome.OFFERS_COLLECTED,
        (ServicePresented.IMMERSION,),
        (("Vendeur·se en alimentation", "D1106", ContractType.APPRENTICESHIP),),
        "",
    ),
    (VisitOutcome.NO_NEED, (ServicePresented.ANONYMOUS_CV,), (), ""),
)


VISITS_MADE = (2, 2, 1)  # per pair, by number


def _ml_member(pair: Pair, mission_locale: Organisation) -> User:
    return pair.first_member if pair.first_organisation_id == mission_locale.pk else pair.second_member


def _campaign_load(mission_locale: Organisation, agencies: list[Organisation], today: datetime.date) -> list[Offer]:
    """The retail campaign, once; returns the offers its visits collected (none when it was there already)."""
    if Campaign.objects.filter(name=CAMPAIGN_NAME, organisation=mission_locale).exists():
        return []
    director = _user("direction.bordeaux")
    manager = _membership(director, mission_locale)
    campaign = campaign_create(
        membership=manager,
        by=director,
        name=CAMPAIGN_NAME,
        starts_on=today - datetime.timedelta(days=28),
        ends_on=today + datetime.timedelta(days=35),
        organisations=agencies,
        communes=[Commune.objects.get(code=bordeaux.BORDEAUX)],
        naf_codes=list(NafCode.objects.filter(code__in=RETAIL_NAF).order_by("code")),
        size_brackets=[b for b in SizeBracket.values if b not in ("NN", "00")],
        target_count=TARGET_COUNT,
    )
    target_list_build(campaign=campaign, membership=manager, by=director, today=today)
    agency_of = {agency.safir_code: agency for agency in agencies}
    volunteers = [(_user(local), mission_locale) for local in ML_VOLUNTEERS] + [
        (_user(local), agency_of[code]) for code, local in AGENTS.items()
    ]
    pairs = pairs_form(campaign=campaign, membership=manager, by=director, volunteers=volunteers, wanted=PAIRS)
    target_list_split(campaign=campaign, membership=manager, by=director)
    campaign_activate(campaign=campaign, membership=manager, by=director)

    romes = {r.code: r for r in RomeCode.objects.filter(code__in={o[1] for r in REPORTS for o in r[2]})}
    collected: list[Offer] = []
    report_index = 0
    for pair in pairs:
        member = _ml_member(pair, mission_locale)
        membership = _membership(member, mission_locale)
        targets = list(campaign.targets.filter(pair=pair).select_related("employer").order_by("rank"))
        # Visits made (as many as REPORTS in all), one whose day has come but not reported yet, one to come.
        done = VISITS_MADE[pair.number - 1]
        for offset, target in enumerate(targets):
            if offset < done:
                planned_on = today - datetime.timedelta(days=21 - 4 * report_index)
            elif offset == done:
                planned_on = today - datetime.timedelta(days=1 + pair.number)
            elif offset == done + 1:
                planned_on = today + datetime.timedelta(days=3 * pair.number)
            else:
                break
            visit = visit_plan(
                membership=membership,
                by=member,
                employer=target.employer,
                planned_on=planned_on,
                campaign=campaign,
                pair=pair,
            )
            if offset >= done:
                continue
            outcome, services, offers, next_step = REPORTS[report_index]
            report_index += 1
            visit = visit_report(
                visit=visit,
                membership=membership,
                by=member,
                outcome=outcome,
                needs="Recrutements à prévoir pour les fêtes de fin d'année." if offers else "",
                services_presented=services,
                next_step=next_step,
                next_step_due_on=today + datetime.timedelta(days=10) if next_step else None,
                offers=[
                    CollectedOffer(title=title, contract_type=contract, rome=romes.get(rome))
                    for title, rome, contract in offers
                ],
            )
            for offer in visit.offers.order_by("pk"):
                # The description the adviser writes after the visit, marked fictitious like every demo offer.
                description = f"{DEMO_MARKER}\nRecueillie lors d'une visite en binôme ({campaign.name})."
                collected.append(offer_update(offer=offer, by=member, description=description))
    return collected


def _hire_load(mission_locale: Organisation, offers: list[Offer], today: datetime.date) -> int:
    """A young person of the Mission Locale hired on the first offer collected: a visit that led to a contract."""
    offer = next((o for o in offers if o.positions == 1 and o.contract_type == ContractType.CDI), None)
    follow = (
        Follow.objects.filter(
            organisation=mission_locale,
            role=FollowRole.LEAD,
            ended_at__isnull=True,
            adviser__email=demo_email("conseiller.bordeaux"),
        )
        .exclude(person__positionings__status=PositioningStatus.HIRED)
        .select_related("person", "adviser")
        .order_by("person_id")
        .first()
    )
    if offer is None or follow is None:
        return 0
    by, organisation = follow.adviser, mission_locale
    now = timezone.now()
    positioning = positioning_propose(
        person=follow.person,
        offer=offer,
        by=by,
        organisation=organisation,
        proposed_at=now - datetime.timedelta(days=8),
    )
    positioning = positioning_send(
        positioning=positioning, by=by, organisation=organisation, at=now - datetime.timedelta(days=7)
    )
    interview_at = _at(today - datetime.timedelta(days=4), 10)
    positioning = POSITIONING.run(
        "interview",
        positioning,
        by=by,
        organisation=organisation,
        at=now - datetime.timedelta(days=6),
        data={"interview_at": interview_at},
    )
    positioning_hire(
        positioning=positioning,
        by=by,
        organisation=organisation,
        contract_type=offer.contract_type,
        start_on=today + datetime.timedelta(days=7),
        at=now - datetime.timedelta(days=2),
    )
    return 1


@transaction.atomic
def bordeaux_prospecting_load(*, hires: bool = True) -> ProspectingReport:
    """Bordeaux's companies and its retail campaign (module docstring); hires need the young people loaded."""
    today = timezone.localdate()
    mission_locale = Organisation.objects.get(kind=OrganisationKind.MISSION_LOCALE, name=bordeaux.ML_NAME)
    agencies = list(Organisation.objects.filter(safir_code__in=AGENTS).order_by("safir_code"))
    for agency in agencies:
        if agency.safir_code != bordeaux.MERIADECK:
            member_ensure(AGENTS[agency.safir_code], agency, Role.ADVISER)
    report = ProspectingReport(companies_created=_companies_load(mission_locale, today))
    offers = _campaign_load(mission_locale, agencies, today)
    report.offers_created = len(offers)
    if hires and offers:
        report.hires = _hire_load(mission_locale, offers, today)
    return report
