from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse

from tandem.access.selectors import person_get_for
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.employers.models import EmployerContact
from tandem.employers.permissions import can_see_contacts
from tandem.privacy import permissions, services


@login_required
def person_export(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    membership = request.acting_membership
    person, _access = person_get_for(membership=membership, pk=pk)
    if not permissions.can_export_person(membership, person):
        raise Http404
    data = services.privacy_export_person(person=person)
    audit_record(
        request=request, action=AuditAction.EXPORT, person_id=person.pk, object_type="person", object_id=person.pk
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="tandem-personne-{person.pk}.json"'
    return response


@login_required
def contact_export(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """A company contact's right of access: answered by the partners who see the company's contacts."""
    membership = request.acting_membership
    contact = EmployerContact.objects.select_related("employer", "organisation", "created_by").filter(pk=pk).first()
    if contact is None or not can_see_contacts(membership, contact.employer):
        audit_record(
            request=request, action=AuditAction.DENIED, person_id=None, object_type="employer_contact", object_id=pk
        )
        raise Http404
    data = services.privacy_export_contact(contact=contact)
    audit_record(
        request=request, action=AuditAction.EXPORT, person_id=None, object_type="employer_contact", object_id=contact.pk
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="tandem-contact-{contact.pk}.json"'
    return response
