"""Every write of the services catalogue: a partner's manager adds a service, changes it, deactivates it and
brings it back. Each write checks the caller's right itself (tandem.service_catalogue.permissions), whatever the
channel (page, API token): anyone else gets PermissionDenied, which pages and the API answer with a 404. Each
change writes an event (its kind and codes, never the text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Membership, User
from tandem.core.errors import Conflict
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation
from tandem.service_catalogue.enums import Audience, Theme
from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme
from tandem.service_catalogue.permissions import can_create_services, can_manage_service, services_owner
from tandem.territories.models import Commune, Departement

# The row's own fields a change may touch (the themes, publics and zone are rows of their own).
SERVICE_FIELDS = (
    "name",
    "summary",
    "description",
    "kind",
    "audience_details",
    "access_conditions",
    "fees",
    "fees_details",
    "reception_modes",
    "request_modes",
    "requesters",
    "request_details",
    "request_link",
    "email",
    "phone",
)


@dataclass(frozen=True, kw_only=True)
class ServiceData:
    """A service as typed in the form or sent by the API (values of the data·inclusion enumerations)."""

    name: str
    description: str
    summary: str = ""
    kind: str = ""
    themes: Sequence[str] = ()
    audiences: Sequence[str] = ()
    audience_details: str = ""
    access_conditions: str = ""
    fees: str = ""
    fees_details: str = ""
    reception_modes: Sequence[str] = ()
    request_modes: Sequence[str] = ()
    requesters: Sequence[str] = ()
    request_details: str = ""
    request_link: str = ""
    email: str = ""
    phone: str = ""
    site: Organisation | None = None
    zone_departements: Sequence[Departement] = field(default=())
    zone_communes: Sequence[Commune] = field(default=())

    def fields(self) -> dict[str, object]:
        return {
            "name": self.name.strip(),
            "summary": self.summary.strip(),
            "description": self.description.strip(),
            "kind": self.kind,
            "audience_details": self.audience_details.strip(),
            "access_conditions": self.access_conditions.strip(),
            "fees": self.fees,
            "fees_details": self.fees_details.strip(),
            "reception_modes": list(dict.fromkeys(self.reception_modes)),
            "request_modes": list(dict.fromkeys(self.request_modes)),
            "requesters": list(dict.fromkeys(self.requesters)),
            "request_details": self.request_details.strip(),
            "request_link": self.request_link.strip(),
            "email": self.email.strip(),
            "phone": self.phone.strip(),
        }


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("Seuls les responsables de l'organisation tiennent ses services à jour."))


def _checked_lists(data: ServiceData) -> tuple[list[str], list[str]]:
    """The themes and publics, once each, in the schema's values; `tous-publics` alone, as the schema wants."""
    themes = sorted(set(data.themes))
    audiences = sorted(set(data.audiences))
    errors: dict[str, str] = {}
    if not themes:
        errors["themes"] = _("Choisissez au moins une thématique.")
    elif any(theme not in Theme.values for theme in themes):
        errors["themes"] = _("Thématique inconnue.")
    if any(audience not in Audience.values for audience in audiences):
        errors["audiences"] = _("Public inconnu.")
    elif Audience.TOUS_PUBLICS in audiences and len(audiences) > 1:
        errors["audiences"] = _("« Tous publics » ne se combine pas avec d'autres publics.")
    if errors:
        raise ValidationError(errors)
    return themes, audiences


def _themes_and_audiences_set(service: Service, themes: list[str], audiences: list[str]) -> bool:
    """Replace the service's themes and publics; whether they changed."""
    old_themes = set(service.theme_rows.values_list("theme", flat=True))
    old_audiences = set(service.audience_rows.values_list("audience", flat=True))
    if old_themes != set(themes):
        service.theme_rows.exclude(theme__in=themes).delete()
        ServiceTheme.objects.bulk_create(
            [ServiceTheme(service=service, theme=theme) for theme in themes if theme not in old_themes]
        )
    if old_audiences != set(audiences):
        service.audience_rows.exclude(audience__in=audiences).delete()
        ServiceAudience.objects.bulk_create(
            [ServiceAudience(service=service, audience=a) for a in audiences if a not in old_audiences]
        )
    return old_themes != set(themes) or old_audiences != set(audiences)


def _zone_set(service: Service, data: ServiceData) -> bool:
    """Replace the service's zone (départements and communes); whether it changed."""
    departements = sorted({departement.pk for departement in data.zone_departements})
    communes = sorted({commune.pk for commune in data.zone_communes})
    before = (
        sorted(service.zone_departements.values_list("pk", flat=True)),
        sorted(service.zone_communes.values_list("pk", flat=True)),
    )
    service.zone_departements.set(list(data.zone_departements))
    service.zone_communes.set(list(data.zone_communes))
    return before != (departements, communes)


def _payload(service: Service, themes: list[str]) -> dict[str, object]:
    return {"organisation": service.organisation_id, "site": service.site_id, "themes": themes}


@transaction.atomic
def service_create(*, membership: Membership | None, by: User | None, data: ServiceData) -> Service:
    """A service of the manager's organisation (for a site's manager, of its Mission Locale at that site)."""
    if not can_create_services(membership):
        raise _refuse()
    organisation, own_site = services_owner(membership)
    site = own_site or data.site
    if own_site is not None and data.site is not None and data.site.pk != own_site.pk:
        raise ValidationError({"site": _("Vous ajoutez les services de votre site.")})
    themes, audiences = _checked_lists(data)
    service = Service(organisation=organisation, site=site, created_by=by, **data.fields())
    service.full_clean()
    service.save()
    _themes_and_audiences_set(service, themes, audiences)
    _zone_set(service, data)
    event_record(
        kind=EventKind.CATALOGUE_SERVICE_CREATED,
        by=by,
        organisation=membership.organisation,
        subject=service,
        payload=_payload(service, themes),
    )
    return service


@transaction.atomic
def service_update(*, service: Service, membership: Membership | None, by: User | None, data: ServiceData) -> Service:
    """Change a service; its site only by the partner's managers (a site's managers keep their own site)."""
    if not can_manage_service(membership, service.organisation, service.site):
        raise _refuse()
    site = data.site
    if (site.pk if site else None) != service.site_id and not can_manage_service(membership, service.organisation):
        raise ValidationError({"site": _("Seuls les responsables de l'organisation changent le site du service.")})
    themes, audiences = _checked_lists(data)
    fields = data.fields()
    changed = sorted(name for name in SERVICE_FIELDS if getattr(service, name) != fields[name])
    if (site.pk if site else None) != service.site_id:
        changed.append("site")
    for name, value in fields.items():
        setattr(service, name, value)
    service.site = site
    service.full_clean()
    service.save()
    if _themes_and_audiences_set(service, themes, audiences):
        changed.append("themes")
    if _zone_set(service, data):
        changed.append("zone")
    if changed:
        event_record(
            kind=EventKind.CATALOGUE_SERVICE_UPDATED,
            by=by,
            organisation=membership.organisation,
            subject=service,
            payload=_payload(service, themes) | {"fields": sorted(changed)},
        )
    return service


def _active_set(service: Service, membership: Membership | None, by: User | None, *, active: bool) -> Service:
    if not can_manage_service(membership, service.organisation, service.site):
        raise _refuse()
    # A conditional update: two managers clicking at once do not both write the event.
    rows = Service.objects.filter(pk=service.pk, is_active=not active)
    updated = rows.update(is_active=active, updated_at=timezone.now())
    if not updated:
        message = _("Ce service est déjà actif.") if active else _("Ce service est déjà désactivé.")
        raise Conflict(message, code="service_already_in_state")
    service.refresh_from_db()
    event_record(
        kind=EventKind.CATALOGUE_SERVICE_REACTIVATED if active else EventKind.CATALOGUE_SERVICE_DEACTIVATED,
        by=by,
        organisation=membership.organisation,
        subject=service,
        payload=_payload(service, sorted(service.theme_rows.values_list("theme", flat=True))),
    )
    return service


@transaction.atomic
def service_deactivate(*, service: Service, membership: Membership | None, by: User | None) -> Service:
    """The service is no longer offered: it leaves the catalogue and the exports, and stays in the log."""
    return _active_set(service, membership, by, active=False)


@transaction.atomic
def service_reactivate(*, service: Service, membership: Membership | None, by: User | None) -> Service:
    return _active_set(service, membership, by, active=True)
