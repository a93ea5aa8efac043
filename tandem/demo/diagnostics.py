"""Seeds 002 and 004 — a shared territorial diagnostic: Indre-et-Loire's, written by the Mission Locale de Tours with
its partners. A first version a year ago, published by the steering committee, and this year's draft: the committee
compares the two (young job seekers by age and qualification, jobs in tension, barriers).

Deterministic and idempotent: the diagnostic is found again by its title, and a diagnostic found again gets no new
version. Needs seed 002 (tandem.demo.scenarios.centre_val_de_loire)."""

from __future__ import annotations

from django.utils import timezone

from tandem.accounts.models import User
from tandem.demo.builders import demo_email
from tandem.diagnostics import services
from tandem.diagnostics.models import Diagnostic
from tandem.territories.models import Departement

TITLE = "Diagnostic partagé des jeunes d'Indre-et-Loire"
AUTHOR = "direction.tours"
LAST_YEAR = services.Narrative(
    strengths="Un réseau d'entreprises de l'agglomération tourangelle engagé dans l'alternance.",
    needs="La mobilité des jeunes du Lochois et du Chinonais ; la garde d'enfants pour les jeunes parents.",
    priorities="Recherche d'offres ciblées en binôme dans l'hôtellerie-restauration et la logistique.",
)
THIS_YEAR = services.Narrative(
    strengths="Les binômes ont ouvert des offres dans la logistique ; le comité de pilotage s'est réuni cinq fois.",
    needs="La mobilité reste le premier frein ; peu d'offres en CDI pour les jeunes sans qualification.",
    priorities="Étendre la recherche d'offres ciblées au sanitaire et social ; une action mobilité avec la DDETS.",
)


def load() -> int:
    """The diagnostic and its two versions; returns how many versions were written (0 when found again)."""
    if Diagnostic.objects.filter(title=TITLE).exists():
        return 0
    author = User.objects.get(email=demo_email(AUTHOR))
    membership = author.memberships.select_related("organisation").get()
    month = timezone.localdate().replace(day=1)  # a version describes the first day of a month
    first = services.diagnostic_create(
        by=author,
        membership=membership,
        title=TITLE,
        territory=Departement.objects.get(code="37"),
        as_of=month.replace(year=month.year - 1),
    )
    services.narrative_update(version=first, narrative=LAST_YEAR, by=author, membership=membership)
    services.version_publish(version=first, by=author, membership=membership)
    second = services.version_create(diagnostic=first.diagnostic, as_of=month, by=author, membership=membership)
    services.narrative_update(version=second, narrative=THIS_YEAR, by=author, membership=membership)
    return 2
