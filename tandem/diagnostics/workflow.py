"""The version's workflow, declared once (tandem.core.workflows):

    version: draft → published   (publish: the committee validated it; a partner of the territory records it)
             draft → superseded  (the system, when a newer version is created: only the latest draft changes)

A published or superseded version is frozen: its figures never change (they never do) and neither does its
narrative. The services check the caller's right before (tandem.diagnostics.permissions).

Each step writes its event (tandem.events: DIAGNOSTIC_VERSION_PUBLISHED, DIAGNOSTIC_VERSION_SUPERSEDED); the
diagnostic's creation and each new version write theirs in the services.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from tandem.core.workflows import Action, Party, Workflow
from tandem.diagnostics.enums import VersionStatus
from tandem.diagnostics.models import DiagnosticVersion
from tandem.diagnostics.permissions import organisation_in_territory
from tandem.events.enums import EventKind
from tandem.events.services import event_record
from tandem.organisations.models import Organisation

V = VersionStatus
PUBLISHED = EventKind.DIAGNOSTIC_VERSION_PUBLISHED
SUPERSEDED = EventKind.DIAGNOSTIC_VERSION_SUPERSEDED


def _is_writer(version: DiagnosticVersion, organisation_id: int) -> bool:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    return organisation is not None and organisation_in_territory(organisation, version.diagnostic)


def version_payload(version: DiagnosticVersion) -> dict[str, Any]:
    return {
        "diagnostic": version.diagnostic_id,
        "version": version.number,
        "as_of": version.as_of.isoformat(),
    }


DIAGNOSTIC_VERSION = Workflow(
    name="diagnostic_version",
    model=DiagnosticVersion,
    states=VersionStatus,
    parties={
        "writer": Party(
            is_party=_is_writer,
            refusal=gettext_lazy("Seuls les partenaires du territoire font avancer ce diagnostic."),
        ),
    },
    actions=[
        Action(
            name="publish",
            sources=(V.DRAFT,),
            target=V.PUBLISHED,
            party="writer",
            event=PUBLISHED,
            title=gettext_lazy("Publier la version validée par le comité"),
            button=gettext_lazy("Publier cette version"),
            done=gettext_lazy("Version publiée : elle ne change plus."),
            fields=lambda step: {"published_by": step.by, "published_at": step.at},
            payload=lambda step: version_payload(step.row),
        ),
        Action(
            name="supersede",
            sources=(V.DRAFT,),
            target=V.SUPERSEDED,
            party="writer",
            event=SUPERSEDED,
            offered=False,
            payload=lambda step: version_payload(step.row),
        ),
    ],
    stale_message=gettext_lazy("Cette version est déjà « %(status)s » : votre action n'a pas été enregistrée."),
    record_event=event_record,
    person_of=lambda version: None,
    tones={V.PUBLISHED: "success", V.SUPERSEDED: "warning"},
    url_name="diagnostics:version_%s",
)
