from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.access import permissions
from tandem.access import selectors as access_selectors
from tandem.access.permissions import Access
from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership, User
from tandem.accounts.permissions import MANAGING_ROLES, NOMINATIVE_ROLES
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.barrier_actions.selectors import enrolments_for_person
from tandem.career_paths.selectors import path_for
from tandem.core.pagination import BoundedPaginator
from tandem.events.selectors import timeline_for
from tandem.exits.permissions import can_see_person_exits
from tandem.exits.selectors import person_exits_for
from tandem.immersions.permissions import can_propose_pmsmp
from tandem.immersions.selectors import pmsmps_for_person
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.selectors import partner_organisations_of
from tandem.people import selectors, services
from tandem.people.enums import BarrierStatus
from tandem.people.forms import (
    BarrierForm,
    BarrierUpdateForm,
    ConsentForm,
    HandOverForm,
    NoteForm,
    PersonForm,
    SchemeForm,
)
from tandem.people.models import Person
from tandem.referrals.selectors import referral_list_for_person
from tandem.referrals.services import referral_propose
from tandem.www.people.forms import SCOPE_ALL, SCOPE_OWN, CaseloadFilterForm, ReferralProposeForm


def _person_for(
    request: AuthenticatedHttpRequest, pk: int, *, what: str, full: bool = False
) -> tuple[Membership, Person, Access]:
    """The person a page shows or changes, audited: a page shown (GET) is a read of the record, whatever form it
    holds; a refusal (404) is logged too, so that a manager sees probing."""
    try:
        membership = nominative_membership(request)
        person, access = access_selectors.person_get_for(membership=membership, pk=pk)
        if full and access != Access.FULL:
            raise Http404
    except Http404:
        audit_record(request=request, action=AuditAction.DENIED, person_id=pk, object_type=what, object_id=pk)
        raise
    if request.method == "GET":
        audit_record(
            request=request,
            action=AuditAction.READ,
            person_id=person.pk,
            object_type=what,
            object_id=person.pk,
            detail=access.name.lower(),
        )
    return membership, person, access


def _render_form(request: HttpRequest, template: str, context: dict, *, person: Person, what: str) -> HttpResponse:
    """A form about the person shown again after a refused POST: it shows the record, so it is a read too."""
    if request.method == "POST":
        audit_record(request=request, action=AuditAction.READ, person_id=person.pk, object_type=what, detail="form")
    return render(request, template, context)


@login_required
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    # An adviser's page opens on their own follows ("mes suivis", a hundred people where their structure follows
    # thousands); the whole structure is one choice away, and anyone who follows nobody starts there.
    scope = request.GET.get("scope") or (
        SCOPE_OWN if access_selectors.follows_anyone(membership=membership) else SCOPE_ALL
    )
    form = CaseloadFilterForm(request.GET or None, initial={"scope": scope})
    if form.is_bound and not form.is_valid():
        # A filter that needs an answer (an ambiguous commune) never widens the list: nothing until it is answered.
        people = access_selectors.person_list_for(membership=membership).none()
    else:
        filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v and k != "scope"}
        people = access_selectors.caseload_for(membership=membership, own=scope == SCOPE_OWN, **filters)
    page = BoundedPaginator(people, 50).get_page(request.GET.get("page"))
    audit_list_read(request=request, object_type="caseload", detail=f"page {page.number}: {len(page.object_list)}")
    return render(
        request,
        "people/caseload.html",
        {
            "form": form,
            "page": page,
            "own": scope == SCOPE_OWN,
            "can_create": permissions.can_create_person(membership),
        },
    )


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    if not permissions.can_create_person(membership):
        raise Http404
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.person_register(
            by=request.user, organisation=membership.organisation, adviser=request.user, **form.cleaned_data
        )
        audit_record(
            request=request, action=AuditAction.CREATE, person_id=person.pk, object_type="person", object_id=person.pk
        )
        if person.possible_duplicate_of_id:
            messages.warning(
                request,
                _(
                    "Attention : un dossier semblable existe déjà (même nom, date de naissance "
                    "et commune). Il est signalé pour vérification."
                ),
            )
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person, access = _person_for(request, pk, what="person")
    full = access == Access.FULL
    context = {
        "person": person,
        "full": full,
        "lead": selectors.person_current_lead(person=person),
        "follows": selectors.person_follows(person=person),
        "timeline": timeline_for(organisation_id=membership.organisation_id, person=person)[:200],
        "notes": {note.pk: note for note in selectors.person_notes(person=person, membership=membership)},
        "referrals": referral_list_for_person(person=person),
        "barriers": person.barriers.prefetch_related("actions"),
        "schemes": person.schemes.select_related("organisation"),
        "consents": person.consents.select_related("recipient") if full else [],
        "job_profile": selectors.person_job_profile(person=person),
        "note_form": NoteForm(),
        "barrier_form": BarrierForm(),
        "scheme_form": SchemeForm(),
        "barrier_statuses": BarrierStatus.choices,
        # Temp-work missions along a path, immersions in companies, barrier-lifting actions (seeds 003 and 004).
        "path": path_for(person=person, membership=membership),
        "pmsmps": pmsmps_for_person(person=person, membership=membership),
        "can_propose_pmsmp": can_propose_pmsmp(membership, person),
        "enrolments": enrolments_for_person(person=person, membership=membership),
        # The exits from accompaniment and their situation six months later.
        "exits": person_exits_for(person, membership) if can_see_person_exits(membership, person) else None,
    }
    return render(request, "people/detail.html", context)


@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person, _access = _person_for(request, pk, what="person_edit", full=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PersonForm.Meta.fields}
        person.refresh_from_db()
        services.person_update(person=person, by=request.user, organisation=membership.organisation, **fields)
        audit_record(
            request=request, action=AuditAction.UPDATE, person_id=person.pk, object_type="person", object_id=person.pk
        )
        messages.success(request, _("Dossier enregistré."))
        return redirect("people:detail", pk=person.pk)
    return _render_form(
        request, "people/form.html", {"form": form, "person": person}, person=person, what="person_edit"
    )


@login_required
def refer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person, _access = _person_for(request, pk, what="referral_form")
    partners = partner_organisations_of(organisation=membership.organisation)
    form = ReferralProposeForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_propose(
                person=person,
                from_organisation=membership.organisation,
                to_organisation=form.cleaned_data["to_organisation"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit_row(request=request, action=AuditAction.CREATE, row=referral, object_type="referral")
            messages.success(request, _("Orientation proposée à %(org)s.") % {"org": referral.to_organisation.name})
            return redirect("referrals:detail", pk=referral.pk)
    # One lead per person: whoever refers sees who already follows them, so that partners never overlap.
    context = {"form": form, "person": person, "follows": selectors.person_follows(person=person)}
    return _render_form(request, "people/refer.html", context, person=person, what="referral_form")


def _write(request: AuthenticatedHttpRequest, pk: int, *, what: str, full: bool = True) -> tuple[Membership, Person]:
    membership, person, _access = _person_for(request, pk, what=what, full=full)
    return membership, person


def _done(request: HttpRequest, person, what: str, message: str) -> HttpResponse:
    audit_record(request=request, action=AuditAction.UPDATE, person_id=person.pk, object_type=what)
    messages.success(request, message)
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="note", full=False)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La note est vide ou trop longue."))
        return redirect("people:detail", pk=pk)
    services.note_add(person=person, by=request.user, organisation=membership.organisation, **form.cleaned_data)
    return _done(request, person, "note", _("Note ajoutée."))


@login_required
@require_POST
def barrier_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="barrier")
    form = BarrierForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un frein."))
        return redirect("people:detail", pk=pk)
    services.barrier_identify(person=person, by=request.user, organisation=membership.organisation, **form.cleaned_data)
    return _done(request, person, "barrier", _("Frein enregistré."))


@login_required
@require_POST
def barrier_update(request: AuthenticatedHttpRequest, pk: int, barrier_pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="barrier")
    barrier = get_object_or_404(person.barriers, pk=barrier_pk)
    form = BarrierUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Statut de frein invalide."))
        return redirect("people:detail", pk=pk)
    if form.cleaned_data["action"]:
        services.barrier_add_action(
            barrier=barrier,
            description=form.cleaned_data["action"],
            by=request.user,
            organisation=membership.organisation,
        )
        barrier.refresh_from_db()
    services.barrier_set_status(
        barrier=barrier, status=form.cleaned_data["status"], by=request.user, organisation=membership.organisation
    )
    return _done(request, person, "barrier", _("Frein mis à jour."))


@login_required
@require_POST
def scheme_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="scheme")
    form = SchemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dispositif ou date invalide."))
        return redirect("people:detail", pk=pk)
    services.scheme_start(person=person, by=request.user, organisation=membership.organisation, **form.cleaned_data)
    return _done(request, person, "scheme", _("Dispositif enregistré."))


def _temp_agency_partners(membership: Membership):
    return partner_organisations_of(organisation=membership.organisation).filter(kind=OrganisationKind.TEMP_AGENCY)


@login_required
def consent_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="consent")
    form = ConsentForm(request.POST or None, recipients=_temp_agency_partners(membership))
    if request.method == "POST" and form.is_valid():
        services.consent_give(person=person, by=request.user, organisation=membership.organisation, **form.cleaned_data)
        return _done(request, person, "consent", _("Consentement enregistré."))
    return _render_form(request, "people/consent.html", {"form": form, "person": person}, person=person, what="consent")


@login_required
@require_POST
def consent_revoke(request: AuthenticatedHttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="consent")
    consent = get_object_or_404(person.consents, pk=consent_pk)
    services.consent_revoke(consent=consent, by=request.user, organisation=membership.organisation)
    return _done(request, person, "consent", _("Consentement retiré."))


@login_required
def hand_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership, person = _write(request, pk, what="follow")
    organisations = [membership.organisation, *partner_organisations_of(organisation=membership.organisation)]
    advisers = (
        User.objects.filter(
            memberships__in=Membership.objects.active().filter(
                organisation__in=organisations, role__in=list(NOMINATIVE_ROLES)
            )
        )
        .distinct()
        .order_by("last_name")
    )
    form = HandOverForm(request.POST or None, advisers=advisers)
    if request.method == "POST" and form.is_valid():
        adviser = form.cleaned_data["adviser"]
        target = Membership.objects.active().filter(user=adviser, organisation__in=organisations).first()
        if target is None:
            # Their membership ended between the form's check and this read (at midnight): no longer a choice.
            form.add_error("adviser", form.fields["adviser"].error_messages["invalid_choice"])
        else:
            try:
                services.follow_set_lead(
                    person=person,
                    organisation=target.organisation,
                    adviser=adviser,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _done(request, person, "follow", _("Passage de relais enregistré."))
    return _render_form(
        request, "people/hand_over.html", {"form": form, "person": person}, person=person, what="follow"
    )


@login_required
def overlaps(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    if membership.role not in MANAGING_ROLES:
        raise Http404
    report = access_selectors.overlap_report_for(membership=membership)
    audit_list_read(
        request=request, object_type="overlap_report", detail=str(len(report["overlaps"]) + len(report["duplicates"]))
    )
    return render(request, "people/overlaps.html", report)
