"""Each persona of the demo lands on a home page with something to do: referrals waiting for an answer or a first
meeting, unread news in the notifications, partnerships to follow for the State's observers (the demo loaded once
for tests/demo, rolled back after)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tandem.accounts.models import User
from tandem.demo.builders import demo_email
from tandem.notifications.enums import NotificationKind
from tandem.notifications.models import Notification
from tandem.organisations.models import Organisation

TILE = re.compile(
    r'<h3 class="fr-tile__title"><a href="(?P<href>[^"]+)">(?P<label>[^<]+)</a></h3>\s*'
    r'<p class="fr-tile__desc"><span class="tandem-stat">(?P<count>[^<]+)</span>'
)
UNREAD = re.compile(
    r'href="(?P<href>[^"]+)">[^<]*<span class="fr-badge[^"]*">'
    r'<span class="fr-sr-only">[^<]*</span>(?P<count>[^<]+)</span>'
)
WAITING = ("Orientations à accepter ou refuser", "Premiers rendez-vous à fixer")


def _home(client, local_part: str) -> str:
    client.force_login(User.objects.get(email=demo_email(local_part)))
    response = client.get(reverse("shell:home"))
    assert response.status_code == 200
    return response.content.decode()


def _number(shown: str) -> int:
    """A count as the page writes it, the French way (1 234, with a narrow no-break space)."""
    return int(re.sub(r"\D", "", html.unescape(shown)))


def _waiting(page: str) -> dict[str, int]:
    """The referral tiles that lead to the inbox, by label, with their numbers."""
    inbox = reverse("referrals:inbox")
    return {html.unescape(m["label"]): _number(m["count"]) for m in TILE.finditer(page) if m["href"] == inbox}


def _unread(page: str) -> int:
    """The unread count the header's notification link shows (none shown: 0)."""
    found = [_number(m["count"]) for m in UNREAD.finditer(page) if m["href"] == reverse("notifications:list")]
    return found[0] if found else 0


@pytest.mark.parametrize(
    "persona",
    [
        "conseiller.plie-grenoble",
        "direction.plie-grenoble",
        "direction.metropole-grenoble",
        "relations-entreprises.metropole-grenoble",
        "relations-entreprises.bordeaux",
    ],
)
def test_the_partners_staff_find_referrals_waiting_for_them_on_their_home(demo, client, persona):
    page = _home(client, persona)

    waiting = _waiting(page)
    assert set(WAITING) <= set(waiting)
    assert sum(waiting[label] for label in WAITING) > 0, waiting
    assert "Rien à traiter pour le moment" not in page


@pytest.mark.parametrize(
    ("persona", "kinds"),
    [
        ("conseiller.plie-grenoble", {NotificationKind.REFERRAL_RECEIVED, NotificationKind.POSITIONING_MOVED}),
        ("direction.plie-grenoble", {NotificationKind.REFERRAL_RECEIVED}),
        ("direction.metropole-grenoble", {NotificationKind.REFERRAL_RECEIVED}),
        (
            "relations-entreprises.metropole-grenoble",
            {NotificationKind.REFERRAL_ANSWERED, NotificationKind.POSITIONING_MOVED},
        ),
    ],
)
def test_grenoble_s_metropole_and_plie_have_unread_news_of_their_own_work(demo, client, persona, kinds):
    user = User.objects.get(email=demo_email(persona))
    page = _home(client, persona)

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    assert _unread(page) == unread.count() > 0
    assert kinds <= set(unread.values_list("kind", flat=True))
    listing = client.get(reverse("notifications:list")).content.decode()
    for notification in unread[:3]:
        assert reverse("notifications:read", args=[notification.pk]) in listing


@pytest.mark.parametrize(
    ("persona", "partners"),
    [
        ("observateur.dreets-centre", {"ARML Centre-Val de Loire"}),
        ("observateur.ddets-37", {"Mission Locale de Tours", "Mission Locale de Chinon"}),
    ],
)
def test_the_state_s_observers_follow_the_partnerships_of_their_territory_from_their_home(
    demo, client, persona, partners
):
    page = _home(client, persona)

    for name in partners:
        partner = Organisation.objects.get(name=name)
        assert f'href="{reverse("organisations:detail", args=[partner.pk])}">{html.escape(name)}</a>' in page
    assert "Aucun partenariat enregistré" not in page
    assert not _waiting(page)  # aggregates only: no referral of anyone


def test_the_demo_s_notifications_are_dated_by_what_they_tell_and_the_old_ones_read(demo):
    notifications = Notification.objects.select_related("event")

    assert notifications.exists()
    assert all(n.created_at == n.event.occurred_at for n in notifications if n.event is not None)
    assert notifications.filter(read_at__isnull=False).exists()
    assert notifications.filter(read_at__isnull=True).exists()


def test_bordeaux_s_employer_relations_officer_lands_on_companies_visits_campaign_and_offers_collected(demo, client):
    page = html.unescape(_home(client, "relations-entreprises.bordeaux"))

    assert "Vos entreprises et la prospection" in page
    assert page.index("Vos entreprises et la prospection") < page.index("Orientations de votre structure")
    assert "Supermarché des Quinconces (fictif)" in page  # a company whose single contact they are
    assert "Recherche d'offres ciblée – commerce de détail, Bordeaux Mériadeck" in page
    assert reverse("prospecting:my_visits") in page and "Aucune visite à rendre compte" not in page
    assert "Aucune offre recueillie récemment" not in page
