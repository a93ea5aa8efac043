"""Seed 004 — Grenoble's barrier-lifting actions: Grenoble-Alpes Métropole, its PLIE and France Travail lift the
barriers to employment together, without overlap, each action with its places.

- the Métropole's transport aid (10 places, 4 taken);
- the Métropole's childcare places for parents going back to work (3 places, 2 taken: one left), tied to its
  service « Solutions de garde pour reprendre un emploi » of the catalogue when it is there;
- the PLIE's supported driving licence (2 places, full, 2 people waiting).

The people are among those the PLIE's adviser or France Travail's agents of Europole and Échirolles follow, referred
by them through the services (so their timelines show it). Deterministic and idempotent: an action is found again
by its owner and title, and an action found again gets nobody more. Needs seed 004 (tandem.demo.scenarios.grenoble)
and, for the people, the Grenoble young people (tandem.demo.young_people.grenoble); without them the actions are
loaded empty.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership, User
from tandem.barrier_actions import services
from tandem.barrier_actions.models import BarrierAction
from tandem.barrier_actions.permissions import can_enrol_person
from tandem.demo.builders import demo_email
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.people.enums import BarrierKind
from tandem.people.models import Follow, Person
from tandem.service_catalogue.models import Service

METROPOLE_NAME = "Grenoble-Alpes Métropole"
PLIE_NAME = "PLIE de la Métropole grenobloise"
METROPOLE_MANAGER = "direction.metropole-grenoble"
PLIE_MANAGER = "direction.plie-grenoble"
# Who refers, in this order: the PLIE's adviser first, then France Travail's agents (their agencies' SAFIR codes).
REFERRERS = (("conseiller.plie-grenoble", None), ("agent.grenoble-europole", "38013"), ("agent.echirolles", "38075"))
CHILDCARE_SERVICE = "Solutions de garde pour reprendre un emploi"

TRANSPORT = "Aide au transport : abonnement pris en charge pendant la reprise d'emploi"
CHILDCARE = "Garde d'enfants en horaires décalés pour les parents en reprise d'emploi"
LICENCE = "Permis de conduire accompagné (auto-école sociale)"


def _user(local_part: str) -> User:
    return User.objects.get(email=demo_email(local_part))


def _membership(local_part: str, organisation: Organisation) -> Membership:
    return (
        Membership.objects.active()
        .select_related("organisation", "user")
        .get(user=_user(local_part), organisation=organisation)
    )


def _referrers(plie: Organisation) -> list[Membership]:
    memberships = []
    for local_part, safir in REFERRERS:
        organisation = plie if safir is None else Organisation.objects.filter(safir_code=safir).first()
        if organisation is None:
            continue
        membership = Membership.objects.active().select_related("organisation", "user")
        found = membership.filter(user__email=demo_email(local_part), organisation=organisation).first()
        if found is not None:
            memberships.append(found)
    return memberships


def _people(plie: Organisation) -> list[tuple[Person, Membership]]:
    """The people the PLIE's adviser or France Travail's agents follow, each with who refers them, the same ones
    at every load (by record number)."""
    chosen: list[tuple[Person, Membership]] = []
    seen: set[int] = set()
    for membership in _referrers(plie):
        follows = (
            Follow.objects.filter(
                organisation=membership.organisation, ended_at__isnull=True, person__anonymised_at__isnull=True
            )
            .select_related("person")
            .order_by("person_id")
        )
        for follow in follows:
            if follow.person_id not in seen and can_enrol_person(membership, follow.person):
                seen.add(follow.person_id)
                chosen.append((follow.person, membership))
    return chosen


def _action(
    *,
    owner: Organisation,
    manager: Membership,
    title: str,
    kind: str,
    capacity: int,
    starts_on: datetime.date,
    description: str,
    service: Service | None = None,
) -> BarrierAction | None:
    """The action, created now; None when it was there already (it gets nobody more)."""
    if BarrierAction.objects.filter(organisation=owner, title=title).exists():
        return None
    return services.action_create(
        membership=manager,
        by=manager.user,
        data=services.ActionData(
            title=title,
            barrier_kind=kind,
            capacity=capacity,
            starts_on=starts_on,
            description=description,
            service=service,
        ),
    )


def _refer(action: BarrierAction | None, people: list[tuple[Person, Membership]]) -> None:
    if action is None:
        return
    for person, membership in people:
        services.enrolment_create(action=action, person=person, membership=membership, by=membership.user)


@transaction.atomic
def load() -> None:
    metropole = Organisation.objects.get(kind=OrganisationKind.EPCI, name=METROPOLE_NAME)
    plie = Organisation.objects.get(kind=OrganisationKind.PLIE, name=PLIE_NAME)
    metropole_manager = _membership(METROPOLE_MANAGER, metropole)
    plie_manager = _membership(PLIE_MANAGER, plie)
    today = timezone.localdate()
    people = _people(plie)

    transport = _action(
        owner=metropole,
        manager=metropole_manager,
        title=TRANSPORT,
        kind=BarrierKind.MOBILITY,
        capacity=10,
        starts_on=today - datetime.timedelta(days=60),
        description=(
            "La Métropole prend en charge l'abonnement aux transports en commun pendant les trois premiers mois "
            "d'un emploi ou d'une formation, sur orientation du PLIE ou de France Travail."
        ),
    )
    _refer(transport, people[0:4])

    childcare = _action(
        owner=metropole,
        manager=metropole_manager,
        title=CHILDCARE,
        kind=BarrierKind.CHILDCARE,
        capacity=3,
        starts_on=today - datetime.timedelta(days=30),
        description=(
            "Des places d'accueil en crèche ou chez une assistante maternelle, y compris tôt le matin et en soirée, "
            "le temps que les parents stabilisent leur reprise d'emploi."
        ),
        service=Service.objects.filter(organisation=metropole, name=CHILDCARE_SERVICE).first(),
    )
    _refer(childcare, people[4:6])

    licence = _action(
        owner=plie,
        manager=plie_manager,
        title=LICENCE,
        kind=BarrierKind.MOBILITY,
        capacity=2,
        starts_on=today - datetime.timedelta(days=45),
        description=(
            "Une auto-école sociale prépare au code et à la conduite, avec un suivi du PLIE entre les séances ; "
            "quand les places sont prises, la liste d'attente est servie dans l'ordre d'arrivée."
        ),
    )
    # Two places taken, two people waiting (after those of the other actions; the first ones if there are few).
    _refer(licence, people[6:10] if len(people) >= 10 else people[:4])
