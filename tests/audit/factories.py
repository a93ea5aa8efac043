from __future__ import annotations

import factory

from tandem.audit.models import AuditAction, AuditEntry


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    action = AuditAction.READ
    person_id = factory.Sequence(lambda n: 1000 + n)
    object_type = "person"
    object_id = factory.SelfAttribute("person_id")
    path = factory.LazyAttribute(lambda entry: f"/personnes/{entry.person_id}/")
    method = "GET"
    ip_address = "192.0.2.1"
