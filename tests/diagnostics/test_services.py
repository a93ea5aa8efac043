"""Writes of diagnostics: who may write (the territory's partners, the convention's parties), versions that freeze
their figures, the draft's narrative carried over, the publication that freezes it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.core.errors import Conflict
from tandem.diagnostics import services
from tandem.diagnostics.enums import VersionStatus
from tandem.diagnostics.models import Diagnostic, DiagnosticVersion
from tandem.diagnostics.permissions import can_read_diagnostics, can_write_diagnostic
from tandem.territories.models import Commune
from tests.diagnostics.factories import AS_OF, diagnostic_of
from tests.partnerships.factories import local_convention
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def membership(user):
    return user.memberships.get()


def test_a_partner_located_in_the_territory_creates_a_diagnostic_and_its_first_draft(cast):
    version = diagnostic_of(cast)
    assert (version.number, version.status, version.as_of) == (1, VersionStatus.DRAFT, AS_OF)
    assert version.diagnostic.organisation == cast.ml_a and version.organisation == cast.ml_a
    assert set(version.figures["tables"]) >= {"ages", "qualifications", "areas", "tension", "surplus", "barriers"}
    # France Travail B and the temp agency have their seat in Haguenau too; the département holds it.
    assert diagnostic_of(cast, by=cast.agent_b).diagnostic.organisation == cast.agency_b
    assert diagnostic_of(cast, code="67", by=cast.temp_contact).number == 1


@pytest.mark.parametrize("persona", ["adviser_c", "observer", "admin"])
def test_an_outsider_an_observer_and_the_api_s_administrator_create_nothing(cast, persona):
    with pytest.raises(PermissionDenied):
        diagnostic_of(cast, by=getattr(cast, persona))
    assert Diagnostic.objects.count() == 0 and DiagnosticVersion.objects.count() == 0


def test_a_platform_administrator_writes_on_the_pages(cast):
    version = services.diagnostic_create(
        by=cast.admin,
        membership=membership(cast.admin),
        administrator=True,
        title="Haguenau",
        territory=Commune.objects.get(code="67180"),
        as_of=AS_OF,
    )
    services.version_publish(version=version, by=cast.admin, membership=membership(cast.admin), administrator=True)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED and version.published_by == cast.admin


def test_the_parties_to_the_convention_write_a_diagnostic_of_another_territory(cast):
    convention = local_convention(cast, sign=False)  # a draft: the cast already has its link
    bordeaux = Diagnostic(title="Bordeaux", commune_id="33063", organisation=cast.ml_c, convention=convention)
    assert can_write_diagnostic(membership(cast.adviser_a), bordeaux)  # party, seated elsewhere
    assert can_write_diagnostic(membership(cast.adviser_c), bordeaux)  # seated in Bordeaux
    assert not can_write_diagnostic(membership(cast.temp_contact), bordeaux)
    assert not can_write_diagnostic(membership(cast.observer), bordeaux)
    assert can_read_diagnostics(cast.observer, membership(cast.observer))


def test_a_date_to_come_is_refused(cast):
    with pytest.raises(ValidationError):
        diagnostic_of(cast, as_of=timezone.localdate() + datetime.timedelta(days=2))


def test_a_new_version_recomputes_its_figures_and_never_changes_the_previous_one(cast):
    first = diagnostic_of(cast)
    frozen = first.figures
    services.narrative_update(
        version=first,
        narrative=services.Narrative(strengths="Un tissu industriel dense", priorities="La mobilité"),
        by=cast.adviser_a,
        membership=membership(cast.adviser_a),
    )
    PersonFactory(birth_date=datetime.date(2005, 1, 1), commune_id="67180", ft_registered_on=AS_OF)
    second = services.version_create(
        diagnostic=first.diagnostic, as_of=AS_OF, by=cast.agent_b, membership=membership(cast.agent_b)
    )
    first.refresh_from_db()
    assert first.figures == frozen and first.status == VersionStatus.SUPERSEDED
    assert second.number == 2 and second.status == VersionStatus.DRAFT and second.organisation == cast.agency_b
    ages = {row["key"]: row["values"]["people"] for row in second.figures["tables"]["ages"]["rows"]}
    old_ages = {row["key"]: row["values"]["people"] for row in frozen["tables"]["ages"]["rows"]}
    assert ages["total"] == old_ages["total"] + 1
    # The narrative is carried over for editing.
    assert (second.strengths, second.priorities) == ("Un tissu industriel dense", "La mobilité")


def test_only_the_draft_changes_and_a_published_version_is_frozen(cast):
    version = diagnostic_of(cast)
    who = {"by": cast.adviser_a, "membership": membership(cast.adviser_a)}
    services.version_publish(version=version, **who)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED and version.published_at is not None
    with pytest.raises(Conflict):
        services.narrative_update(version=version, narrative=services.Narrative(remarks="trop tard"), **who)
    with pytest.raises(Conflict):
        services.version_publish(version=version, **who)
    version.refresh_from_db()
    assert version.remarks == ""
    # The next version starts as a draft again; the published one stays published.
    second = services.version_create(diagnostic=version.diagnostic, as_of=AS_OF, **who)
    version.refresh_from_db()
    assert second.status == VersionStatus.DRAFT and version.status == VersionStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["adviser_c", "observer"])
def test_an_outsider_writes_nothing_on_a_diagnostic(cast, persona):
    version = diagnostic_of(cast)
    user = getattr(cast, persona)
    who = {"by": user, "membership": membership(user)}
    with pytest.raises(PermissionDenied):
        services.version_create(diagnostic=version.diagnostic, as_of=AS_OF, **who)
    with pytest.raises(PermissionDenied):
        services.narrative_update(version=version, narrative=services.Narrative(needs="x"), **who)
    with pytest.raises(PermissionDenied):
        services.version_publish(version=version, **who)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT and version.needs == "" and DiagnosticVersion.objects.count() == 1


def test_each_step_of_a_diagnostic_is_on_the_event_log(cast):
    from tandem.events.enums import EventKind
    from tandem.events.models import Event

    first = diagnostic_of(cast)
    second = services.version_create(
        diagnostic=first.diagnostic, as_of=AS_OF, by=cast.adviser_a, membership=membership(cast.adviser_a)
    )
    services.version_publish(version=second, by=cast.adviser_a, membership=membership(cast.adviser_a))
    kinds = list(Event.objects.order_by("pk").values_list("kind", "payload"))
    diagnostic_kinds = [kind for kind, _payload in kinds if kind.startswith("diagnostic")]
    assert diagnostic_kinds == [
        EventKind.DIAGNOSTIC_CREATED,
        EventKind.DIAGNOSTIC_VERSION_CREATED,
        EventKind.DIAGNOSTIC_VERSION_SUPERSEDED,
        EventKind.DIAGNOSTIC_VERSION_CREATED,
        EventKind.DIAGNOSTIC_VERSION_PUBLISHED,
    ]
    created = next(payload for kind, payload in kinds if kind == EventKind.DIAGNOSTIC_CREATED)
    assert created == {"diagnostic": first.diagnostic_id, "territory": "commune:67180"}


def test_a_version_describes_the_first_day_of_a_month_so_that_two_cannot_be_a_day_apart(cast):
    with pytest.raises(ValidationError) as error:
        diagnostic_of(cast, as_of=datetime.date(2026, 6, 15))
    assert "premier jour d'un mois" in str(error.value)
    first = diagnostic_of(cast)
    with pytest.raises(ValidationError):
        services.version_create(
            diagnostic=first.diagnostic,
            as_of=datetime.date(2026, 6, 2),
            by=cast.adviser_a,
            membership=membership(cast.adviser_a),
        )
