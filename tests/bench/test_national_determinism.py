"""The national data set is deterministic: the same seed and day give the same rows."""

from __future__ import annotations

import hashlib

from django.db import transaction

from bench.national.generator import National
from tandem.exits.models import Exit
from tandem.people.models import Person
from tandem.referrals.models import Referral
from tests.bench.test_national import DAY, SCALE


def _fingerprint() -> str:
    rows = Person.objects.order_by("pk").values_list("first_name", "last_name", "birth_date", "commune_id")
    referrals = Referral.objects.order_by("pk").values_list("person__last_name", "to_organisation__name", "status")
    exits = Exit.objects.order_by("pk").values_list(
        "person__last_name", "exited_on", "reason", "contract_type", "contract_months", "status", "follow_up__situation"
    )
    return hashlib.sha256(repr((list(rows), list(referrals), list(exits))).encode()).hexdigest()


def test_the_same_seed_and_day_give_the_same_data_set(db):
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            National(scale=SCALE, seed=7, today=DAY).run()
            first = _fingerprint()
            raise Undo
    except Undo:
        pass
    assert not Person.objects.exists()
    National(scale=SCALE, seed=7, today=DAY).run()
    assert _fingerprint() == first
