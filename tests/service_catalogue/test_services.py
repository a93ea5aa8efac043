"""Writes of the services catalogue: a partner's managers keep its services (a site's managers those of their
site); an adviser, an observer and another partner's manager are refused and nothing changes; each change writes
an event; the data·inclusion rules on the values are kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.enums import Role
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.organisations.enums import OrganisationKind
from tandem.service_catalogue import services
from tandem.service_catalogue.enums import Audience, Theme
from tandem.service_catalogue.models import Service
from tandem.territories.models import Commune, Departement
from tests.accounts.factories import MembershipFactory
from tests.organisations.factories import OrganisationFactory
from tests.service_catalogue.factories import ServiceFactory

pytestmark = pytest.mark.django_db

MOBILITY = Theme.MOBILITE__FINANCER_MA_MOBILITE
HOUSING = Theme.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT


def m(user):
    return user.memberships.select_related("organisation__parent").get()


def _data(**changes) -> services.ServiceData:
    fields = {
        "name": "Aide à la mobilité",
        "summary": "Financer le permis, un vélo ou un abonnement de transport.",
        "description": "Le conseiller étudie la situation et mobilise les aides à la mobilité du territoire.",
        "kind": "aide-financiere",
        "themes": [MOBILITY],
        "audiences": [Audience.JEUNES],
        "fees": "gratuit",
        "reception_modes": ["en-presentiel"],
        "request_modes": ["telephoner", "se-presenter"],
        "requesters": ["professionnels", "usagers"],
    }
    return services.ServiceData(**(fields | changes))


def _manager_of(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER)


def _site_of_a(cast):
    return OrganisationFactory(kind=OrganisationKind.ML_SITE, name="Site de Wissembourg", parent=cast.ml_a)


def test_a_manager_adds_a_service_of_their_organisation_and_it_is_logged(cast):
    service = services.service_create(
        membership=m(cast.director_a),
        by=cast.director_a,
        data=_data(zone_departements=[Departement.objects.get(code="67")]),
    )
    assert service.organisation == cast.ml_a and service.site is None and service.is_active
    assert list(service.theme_rows.values_list("theme", flat=True)) == [MOBILITY]
    assert list(service.audience_rows.values_list("audience", flat=True)) == [Audience.JEUNES]
    assert list(service.zone_departements.values_list("code", flat=True)) == ["67"]
    assert service.request_modes == ["telephoner", "se-presenter"]
    event = Event.objects.get(kind=EventKind.CATALOGUE_SERVICE_CREATED)
    assert (event.subject_type, event.subject_id, event.actor_organisation) == ("service", service.pk, cast.ml_a)
    assert event.payload == {"organisation": cast.ml_a.pk, "site": None, "themes": [MOBILITY]}


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "observer", "temp_contact"])
def test_anyone_but_a_manager_is_refused_and_nothing_is_added(cast, persona):
    with pytest.raises(PermissionDenied):
        services.service_create(membership=m(cast.personas()[persona]), by=None, data=_data())
    assert not Service.objects.exists() and not Event.objects.exists()


def test_another_partners_manager_changes_nothing_of_the_service(cast):
    service = ServiceFactory(organisation=cast.ml_a, name="Accompagnement CEJ")
    outsider = _manager_of(cast.ml_c)
    with pytest.raises(PermissionDenied):
        services.service_update(service=service, membership=outsider, by=outsider.user, data=_data())
    with pytest.raises(PermissionDenied):
        services.service_deactivate(service=service, membership=outsider, by=outsider.user)
    service.refresh_from_db()
    assert service.name == "Accompagnement CEJ" and service.is_active
    assert not Event.objects.exists()


def test_a_site_manager_adds_services_at_their_site_for_their_mission_locale(cast):
    site = _site_of_a(cast)
    manager = _manager_of(site)
    service = services.service_create(membership=manager, by=manager.user, data=_data())
    assert (service.organisation, service.site) == (cast.ml_a, site)
    # The Mission Locale's managers keep it too; the site's managers keep no service given elsewhere.
    services.service_update(service=service, membership=m(cast.director_a), by=None, data=_data(name="Mobilité"))
    elsewhere = ServiceFactory(organisation=cast.ml_a)
    with pytest.raises(PermissionDenied):
        services.service_deactivate(service=elsewhere, membership=manager, by=None)


def test_a_service_is_given_at_a_site_of_its_own_partner_only(cast):
    other_site = OrganisationFactory(kind=OrganisationKind.ML_SITE, parent=cast.ml_c)
    with pytest.raises(ValidationError) as error:
        services.service_create(membership=m(cast.director_a), by=None, data=_data(site=other_site))
    assert "site" in error.value.message_dict
    site = _site_of_a(cast)
    service = services.service_create(membership=m(cast.director_a), by=None, data=_data(site=site))
    assert service.site == site


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"themes": []}, "themes"),
        ({"themes": ["mobilite--voler"]}, "themes"),
        ({"audiences": [Audience.TOUS_PUBLICS, Audience.JEUNES]}, "audiences"),
        ({"name": "Aide à la mobilité."}, "name"),
        ({"name": "Ai"}, "name"),
        ({"request_modes": ["pigeon-voyageur"]}, "request_modes"),
        ({"description": "Bof"}, "description"),
    ],
)
def test_the_schema_s_rules_on_values_are_kept(cast, changes, field):
    with pytest.raises(ValidationError) as error:
        services.service_create(membership=m(cast.director_a), by=None, data=_data(**changes))
    assert field in error.value.message_dict
    assert not Service.objects.exists()


def test_a_change_is_logged_with_the_fields_it_touched_and_no_change_logs_nothing(cast):
    service = services.service_create(membership=m(cast.director_a), by=cast.director_a, data=_data())
    haguenau = Commune.objects.get(code="67180")
    services.service_update(
        service=service,
        membership=m(cast.director_a),
        by=cast.director_a,
        data=_data(name="Mobilité : permis et transports", themes=[MOBILITY, HOUSING], zone_communes=[haguenau]),
    )
    updated = Event.objects.get(kind=EventKind.CATALOGUE_SERVICE_UPDATED)
    assert updated.payload["fields"] == ["name", "themes", "zone"]
    assert updated.payload["themes"] == sorted([MOBILITY, HOUSING])
    service.refresh_from_db()
    assert service.search_key.startswith("mobilite permis et transports")
    services.service_update(
        service=service,
        membership=m(cast.director_a),
        by=cast.director_a,
        data=_data(name="Mobilité : permis et transports", themes=[MOBILITY, HOUSING], zone_communes=[haguenau]),
    )
    assert Event.objects.filter(kind=EventKind.CATALOGUE_SERVICE_UPDATED).count() == 1


def test_a_service_is_deactivated_then_reactivated_once_each(cast):
    service = ServiceFactory(organisation=cast.ml_a)
    services.service_deactivate(service=service, membership=m(cast.director_a), by=cast.director_a)
    assert not service.is_active
    with pytest.raises(Conflict):
        services.service_deactivate(service=service, membership=m(cast.director_a), by=cast.director_a)
    services.service_reactivate(service=service, membership=m(cast.director_a), by=cast.director_a)
    assert service.is_active
    kinds = list(Event.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.CATALOGUE_SERVICE_DEACTIVATED, EventKind.CATALOGUE_SERVICE_REACTIVATED]
