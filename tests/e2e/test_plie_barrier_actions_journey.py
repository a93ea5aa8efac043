"""A barrier lifted without overlap, in Grenoble (seed 004): the PLIE's adviser opens the Métropole's childcare
action, which has one place left, refers a participant who gets it, then a second one who goes on the waiting list.
Every page passes axe-core.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import axe_violations, run_in_server_database
from tests.e2e.test_login_journey import login

SETUP = """
import json
from tandem.accounts.models import User
from tandem.barrier_actions.models import BarrierAction
from tandem.demo import barrier_actions as demo
from tandem.people.models import Follow
action = BarrierAction.objects.get(title=demo.CHILDCARE)
adviser = User.objects.get(email="conseiller.plie-grenoble@demo.tandem.localhost")
# The PLIE's participants its adviser follows (as lead or contributor beside France Travail), not in the action yet.
follows = (Follow.objects.filter(adviser=adviser, ended_at__isnull=True, person__anonymised_at__isnull=True)
           .exclude(person__barrier_enrolments__action=action).select_related("person").order_by("person_id"))
people = [f.person for f in follows[:2]]
taken = action.enrolments.filter(status="enrolled").count()
print(json.dumps({"action": action.pk, "title": action.title, "left": action.capacity - taken,
                  "people": [{"first": p.first_name, "last": p.last_name} for p in people]}))
"""


@pytest.fixture
def world(server_url, server_env) -> dict:
    return json.loads(run_in_server_database(server_env, SETUP).splitlines()[-1])


def test_a_plie_adviser_takes_the_last_childcare_place_then_a_second_referral_waits(page, world):
    assert world["left"] == 1 and len(world["people"]) == 2
    first, second = (f"{p['first']} {p['last']}" for p in world["people"])
    login(page, "conseiller.plie-grenoble@demo.tandem.localhost")
    page.goto("/actions-freins/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=world["title"]).click()
    assert "1 place restante" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    for person in world["people"]:
        page.get_by_role("link", name="Orienter une personne").click()
        page.get_by_label("Rechercher").fill(person["last"])
        page.get_by_role("button", name="Rechercher").click()
        assert axe_violations(page) == []
        page.get_by_role("button", name=f"Orienter {person['first']} {person['last']}").click()

    main = page.locator("main").inner_text()
    assert re.search(r"3 places prises sur 3 — 0 places? restantes? — 1 personne en attente", main)
    assert f"L'action est complète : {second} est en liste d'attente." in main
    placed = page.locator("table", has_text="Personnes ayant une place").inner_text()
    waiting = page.locator("table", has_text="Liste d'attente").inner_text()
    assert first in placed and second not in placed
    assert second in waiting
    assert axe_violations(page) == []
