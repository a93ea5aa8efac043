"""What a Mission Locale records while it follows a young person: barriers and actions, schemes, notes."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.young_people.identities import PRECARIOUS_HOUSING, weighted
from tandem.organisations.models import Organisation
from tandem.people.enums import BarrierKind, BarrierStatus, Scheme
from tandem.people.models import Person
from tandem.people.services import (
    barrier_add_action,
    barrier_identify,
    barrier_set_status,
    note_add,
    scheme_start,
)

BARRIERS = {
    BarrierKind.MOBILITY: 35,
    BarrierKind.HOUSING: 18,
    BarrierKind.RESOURCES: 15,
    BarrierKind.CHILDCARE: 10,
    BarrierKind.DIGITAL: 8,
    BarrierKind.HEALTH: 7,
    BarrierKind.LANGUAGE: 4,
    BarrierKind.JUSTICE: 3,
}
ACTIONS = {
    BarrierKind.MOBILITY: (
        "Inscription au code de la route avec l'aide au permis de la Mission Locale",
        "Prêt d'un scooter par la plateforme mobilité",
        "Demande de carte de transport solidaire",
    ),
    BarrierKind.HOUSING: (
        "Demande de logement en foyer de jeunes travailleurs",
        "Rendez-vous au CLLAJ pour une recherche de logement",
    ),
    BarrierKind.RESOURCES: (
        "Demande d'aide au Fonds d'aide aux jeunes (FAJ)",
        "Rendez-vous avec la conseillère en économie sociale et familiale",
    ),
    BarrierKind.CHILDCARE: (
        "Demande de place en crèche à vocation d'insertion professionnelle",
        "Mise en relation avec le relais petite enfance",
    ),
    BarrierKind.DIGITAL: ("Atelier numérique : espace France Travail et messagerie",),
    BarrierKind.HEALTH: ("Bilan de santé au centre d'examens de santé",),
    BarrierKind.LANGUAGE: ("Inscription à un atelier sociolinguistique",),
    BarrierKind.JUSTICE: ("Lien avec le SPIP pour aménager les horaires de rendez-vous",),
}
PRIVATE_NOTES = (
    "Rendez-vous décalé deux fois : proposer un créneau en fin de journée.",
    "Oublie souvent ses rendez-vous : relance par SMS la veille.",
    "Situation familiale tendue, à aborder avec tact.",
)
SHARED_NOTES = (
    "Projet professionnel : aide-soignant·e ; stage de découverte en EHPAD à organiser.",
    "Disponible immédiatement pour des missions de courte durée.",
    "CV mis à jour en atelier et transmis au jeune.",
    "Inscrit·e à l'atelier de simulation d'entretien du mois prochain.",
)


def _day_between(rng: random.Random, start: datetime.date, low: int, high: int) -> datetime.date:
    return min(start + datetime.timedelta(days=rng.randint(low, high)), timezone.localdate())


def _schemes(person: Person, *, rng: random.Random, since: datetime.date, by: User, organisation: Organisation) -> None:
    if rng.random() < 0.55:
        scheme_start(person=person, scheme=Scheme.PACEA, starts_on=since, by=by, organisation=organisation)
    if rng.random() < 0.35:
        starts_on = _day_between(rng, since, 0, 20)
        scheme_start(person=person, scheme=Scheme.CEJ, starts_on=starts_on, by=by, organisation=organisation)


def _barriers(
    person: Person, *, rng: random.Random, since: datetime.date, by: User, organisation: Organisation
) -> None:
    kinds = [BarrierKind.HOUSING] if person.housing in PRECARIOUS_HOUSING else []
    if rng.random() < 0.45:
        kinds.append(weighted(rng, BARRIERS))
        if rng.random() < 0.3:
            kinds.append(weighted(rng, BARRIERS))
    for kind in dict.fromkeys(kinds):  # once each, in order
        identified_on = _day_between(rng, since, 0, 10)
        barrier = barrier_identify(person=person, kind=kind, by=by, organisation=organisation, on=identified_on)
        if rng.random() < 0.65:
            done_on = _day_between(rng, identified_on, 2, 30)
            description = rng.choice(ACTIONS[kind])
            barrier_add_action(
                barrier=barrier, description=description, by=by, organisation=organisation, done_on=done_on
            )
            if rng.random() < 0.15:
                barrier_set_status(barrier=barrier, status=BarrierStatus.LIFTED, by=by, organisation=organisation)


def follow_up(
    person: Person,
    *,
    rng: random.Random,
    since: datetime.date,
    entered: bool,
    by: User,
    organisation: Organisation,
) -> None:
    """since: when the Mission Locale started following the person; entered: after a first meeting."""
    if entered:
        _schemes(person, rng=rng, since=since, by=by, organisation=organisation)
    _barriers(person, rng=rng, since=since, by=by, organisation=organisation)
    if rng.random() < 0.4:
        is_shared = rng.random() < 0.5
        text = rng.choice(SHARED_NOTES if is_shared else PRIVATE_NOTES)
        note_add(person=person, text=text, is_shared=is_shared, by=by, organisation=organisation)
