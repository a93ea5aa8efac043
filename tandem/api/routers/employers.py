"""API of companies: list and read (every partner's staff), create and update, contacts, interactions, the
single contact.

The rules are tandem.employers.permissions, the same as the pages': 404 for observers and for a company outside
the caller's reach on every write and on its contacts (nothing changes); 403 for a read-only token; 422 for
values that mean nothing valid (a SIRET failing its key, an unknown NAF code or commune); 409 for a SIRET already
known or a single contact that changed meanwhile. Reads and writes of contacts are audited (personal data).
"""

# No postponed annotations here: django-ninja reads the types at run time.

import datetime
from typing import Annotated

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tandem.accounts.models import Membership, User
from tandem.api.auth import ApiHttpRequest, acting_user, membership_of, require_write
from tandem.api.pagination import BoundedLimitOffsetPagination
from tandem.api.schemas import Moment, RecordId, RecordRef, one_of
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.employers import permissions, selectors, services
from tandem.employers.enums import ContactChannel, Diffusion, InteractionKind, SizeBracket
from tandem.employers.models import Employer, EmployerContact, EmployerInteraction
from tandem.organisations.models import Organisation

router = Router(tags=["employers"])

SizeValue = one_of("", SizeBracket)
DiffusionValue = one_of(Diffusion)
ChannelValue = one_of("", ContactChannel)
KindValue = one_of(InteractionKind)
Name = Annotated[str, Field(min_length=1, max_length=255)]
Label = Annotated[str, Field(max_length=255)]
CONTACT = "employer_contact"


class EmployerOut(Schema):
    id: int
    name: str
    usual_name: str
    siret: str
    siren: str
    naf_code: str | None
    size_bracket: SizeValue
    street: str
    postcode: str
    commune_code: str | None
    latitude: float | None
    longitude: float | None
    diffusion: DiffusionValue
    is_active: bool
    referent_organisation_id: int | None
    referent_organisation: str | None
    referent_adviser: str | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_naf_code(employer: Employer) -> str | None:
        return employer.naf_id

    @staticmethod
    def resolve_commune_code(employer: Employer) -> str | None:
        return employer.commune_id

    @staticmethod
    def resolve_referent_organisation(employer: Employer) -> str | None:
        return employer.referent_organisation.name if employer.referent_organisation is not None else None

    @staticmethod
    def resolve_referent_adviser(employer: Employer) -> str | None:
        adviser = employer.referent_adviser
        return (adviser.get_full_name() or adviser.email) if adviser is not None else None


class EmployerIn(Schema):
    name: Name
    siret: str = Field("", max_length=14)
    usual_name: Label = ""
    naf_code: str = Field("", max_length=10, description="NAF rév. 2, e.g. 47.71Z")
    size_bracket: SizeValue = ""
    street: Label = ""
    postcode: str = Field("", max_length=5)
    commune_code: str = Field("", max_length=10, description="INSEE code")


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    role: str
    email: str
    phone: str
    preferred_channel: ChannelValue
    organisation_id: int


class ContactIn(Schema):
    first_name: Annotated[str, Field(min_length=1, max_length=150)]
    last_name: Annotated[str, Field(min_length=1, max_length=150)]
    role: Annotated[str, Field(max_length=150)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=30)] = ""
    preferred_channel: ChannelValue = ""


class InteractionOut(Schema):
    id: int
    kind: KindValue
    occurred_at: datetime.datetime
    organisation_id: int
    organisation: str
    by: str | None
    note: str
    subject_type: str
    subject_id: int | None

    @staticmethod
    def resolve_organisation(interaction: EmployerInteraction) -> str:
        return interaction.organisation.name

    @staticmethod
    def resolve_by(interaction: EmployerInteraction) -> str | None:
        return (interaction.by.get_full_name() or interaction.by.email) if interaction.by is not None else None


class InteractionIn(Schema):
    kind: KindValue
    occurred_at: Moment | None = None
    note: Annotated[str, Field(max_length=5000)] = ""
    contact_id: RecordRef | None = None


class ReferentIn(Schema):
    adviser_id: RecordRef
    organisation_id: RecordRef


class RecentContactOut(Schema):
    occurred_at: datetime.datetime
    by: str
    organisation: str
    message: str


def _viewer(request: ApiHttpRequest) -> Membership:
    membership = membership_of(request)
    if not permissions.can_see_employers(membership):
        raise HttpError(404, "Not found")
    return membership


def _employer(pk: int) -> Employer:
    try:
        return selectors.employer_get(pk=pk)
    except Employer.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


def _acting(request: ApiHttpRequest, pk: int, *, write: bool = True) -> tuple[Membership, Employer]:
    """The company, for a caller who may act on it (its contacts, an update, an interaction); else 404."""
    if write:
        require_write(request)
    membership = _viewer(request)
    employer = _employer(pk)
    if not permissions.can_act_on_employer(membership, employer):
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type="employer", object_id=pk)
        raise HttpError(404, "Not found")
    return membership, employer


def _data(payload: EmployerIn) -> services.EmployerData:
    return services.EmployerData(
        name=payload.name,
        siret=payload.siret,
        usual_name=payload.usual_name,
        naf=payload.naf_code,
        size_bracket=payload.size_bracket,
        street=payload.street,
        postcode=payload.postcode,
        commune_code=payload.commune_code,
    )


@router.get("", response=list[EmployerOut], summary="Companies, searched by name, SIRET or SIREN")
@paginate(BoundedLimitOffsetPagination)
def employer_list(
    request: ApiHttpRequest,
    q: str = Query("", max_length=100),
    commune: str = Query("", max_length=10, description="INSEE code"),
    naf: str = Query("", max_length=10, description="NAF division or sub-class"),
) -> QuerySet[Employer]:
    _viewer(request)
    return selectors.employer_list(query=q, commune_code=commune, naf_prefix=naf)


@router.get("/{int:pk}", response=EmployerOut)
def employer_detail(request: ApiHttpRequest, pk: RecordId):
    _viewer(request)
    return _employer(pk)


@router.post("", response={201: EmployerOut}, summary="Create a company")
def employer_create(request: ApiHttpRequest, payload: EmployerIn):
    require_write(request)
    membership = membership_of(request)
    if not permissions.can_create_employer(membership):
        raise HttpError(404, "Not found")
    employer = services.employer_create(
        data=_data(payload), by=acting_user(request), organisation=membership.organisation
    )
    return 201, employer


@router.put("/{int:pk}", response=EmployerOut, summary="Update a company within the caller's reach")
def employer_update(request: ApiHttpRequest, pk: RecordId, payload: EmployerIn):
    membership, employer = _acting(request, pk)
    return services.employer_update(
        employer=employer, data=_data(payload), by=acting_user(request), organisation=membership.organisation
    )


@router.get("/{int:pk}/contacts", response=list[ContactOut], summary="The company's contacts (personal data)")
def contact_list(request: ApiHttpRequest, pk: RecordId):
    _membership, employer = _acting(request, pk, write=False)
    contacts = list(selectors.contacts_of(employer=employer))
    audit_record(
        request=request,
        action=AuditAction.READ,
        person_id=None,
        object_type=CONTACT,
        detail=f"employer {employer.pk}: {len(contacts)}",
    )
    return contacts


def _contact_data(payload: ContactIn) -> services.ContactData:
    return services.ContactData(**payload.model_dump())


@router.post("/{int:pk}/contacts", response={201: ContactOut})
def contact_create(request: ApiHttpRequest, pk: RecordId, payload: ContactIn):
    membership, employer = _acting(request, pk)
    contact = services.contact_create(
        employer=employer, data=_contact_data(payload), by=acting_user(request), organisation=membership.organisation
    )
    audit_record(request=request, action=AuditAction.CREATE, person_id=None, object_type=CONTACT, object_id=contact.pk)
    return 201, contact


def _contact(employer: Employer, contact_pk: int) -> EmployerContact:
    try:
        return selectors.contacts_of(employer=employer).get(pk=contact_pk)
    except EmployerContact.DoesNotExist as error:
        raise HttpError(404, "Not found") from error


@router.put("/{int:pk}/contacts/{int:contact_pk}", response=ContactOut)
def contact_update(request: ApiHttpRequest, pk: RecordId, contact_pk: RecordId, payload: ContactIn):
    membership, employer = _acting(request, pk)
    contact = services.contact_update(
        contact=_contact(employer, contact_pk),
        data=_contact_data(payload),
        by=acting_user(request),
        organisation=membership.organisation,
    )
    audit_record(request=request, action=AuditAction.UPDATE, person_id=None, object_type=CONTACT, object_id=contact.pk)
    return contact


@router.delete("/{int:pk}/contacts/{int:contact_pk}", response={204: None})
def contact_delete(request: ApiHttpRequest, pk: RecordId, contact_pk: RecordId):
    membership, employer = _acting(request, pk)
    contact = _contact(employer, contact_pk)
    audit_record(
        request=request, action=AuditAction.ANONYMISE, person_id=None, object_type=CONTACT, object_id=contact.pk
    )
    services.contact_delete(contact=contact, by=acting_user(request), organisation=membership.organisation)
    return 204, None


@router.get("/{int:pk}/interactions", response=list[InteractionOut], summary="Every partner's interactions")
@paginate(BoundedLimitOffsetPagination)
def interaction_list(request: ApiHttpRequest, pk: RecordId) -> QuerySet[EmployerInteraction]:
    _viewer(request)
    return selectors.interactions_of(employer=_employer(pk))


@router.post("/{int:pk}/interactions", response={201: InteractionOut}, summary="Record an interaction")
def interaction_create(request: ApiHttpRequest, pk: RecordId, payload: InteractionIn):
    membership, employer = _acting(request, pk)
    contact = _contact(employer, payload.contact_id) if payload.contact_id is not None else None
    interaction = services.interaction_record(
        employer=employer,
        kind=payload.kind,
        by=acting_user(request),
        organisation=membership.organisation,
        occurred_at=payload.occurred_at,
        note=payload.note,
        contact=contact,
    )
    return 201, interaction


@router.get(
    "/{int:pk}/recent-contact",
    response={200: RecentContactOut | None},
    summary="Who else contacted the company lately (TANDEM_EMPLOYER_CONTACT_WARNING_DAYS); null when nobody",
)
def recent_contact(request: ApiHttpRequest, pk: RecordId):
    _viewer(request)
    warning = selectors.recent_contact_warning(employer=_employer(pk), user=acting_user(request))
    if warning is None:
        return 200, None
    return 200, {
        "occurred_at": warning.occurred_at,
        "by": warning.by_name,
        "organisation": warning.organisation_name,
        "message": warning.message,
    }


@router.post("/{int:pk}/referent", response=EmployerOut, summary="Assign or hand over the single contact")
def referent_hand_over(request: ApiHttpRequest, pk: RecordId, payload: ReferentIn):
    require_write(request)
    membership = _viewer(request)
    employer = _employer(pk)
    if not permissions.can_hand_over_referent(membership, employer):
        raise HttpError(404, "Not found")
    if payload.organisation_id not in permissions.referent_organisations_for(membership):
        raise HttpError(404, "Not found")
    organisation = Organisation.objects.get(pk=payload.organisation_id)
    adviser = User.objects.filter(pk=payload.adviser_id).first()
    if adviser is None:
        raise HttpError(404, "Not found")
    return services.referent_hand_over(
        employer=employer,
        adviser=adviser,
        organisation=organisation,
        by=acting_user(request),
        acting_organisation=membership.organisation,
    )
