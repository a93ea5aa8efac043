"""Partnership links managed from either side's organisation page, by its managers (and platform administrators).

A link comes from a local convention (tandem.partnerships): creating a partnership here creates a local convention
between the two organisations, signed and in force; changing its terms changes the convention (its deadlines are the
convention's, for all its links); ending it ends the convention, or takes the partner out of it when the convention
has other partners. The convention's services are the one write path; the link is still what this page shows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.accounts import permissions
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.models import AuditAction
from tandem.core.errors import add_service_error
from tandem.organisations import selectors, services
from tandem.organisations.forms import (
    PartnerSearchForm,
    PartnershipLinkCreateForm,
    PartnershipLinkEndForm,
    PartnershipLinkForm,
)
from tandem.organisations.models import Organisation, PartnershipLink
from tandem.partnerships import services as conventions
from tandem.partnerships.models import ConventionLink
from tandem.www.organisations.journal import audit_change, audit_denied, changes_detail, fields_detail

OBJECT_TYPE = "partnership_link"
PARTNER_RESULTS = 20
CREATED_FIELDS = (
    "kind",
    "organisation_a",
    "organisation_b",
    "starts_on",
    "ends_on",
    "is_reference_site",
    "referral_answer_days",
    "first_meeting_days",
)


def _managed_organisation(request: AuthenticatedHttpRequest, pk: int) -> Organisation:
    """The organisation whose page the link is managed from: the caller must manage it (else 404, logged on POST)."""
    try:
        organisation = selectors.organisation_get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_edit_organisation(request.user, request.acting_membership, organisation):
        audit_denied(request, object_type=OBJECT_TYPE, object_id=None)
        raise Http404
    return organisation


def _managed_link(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> tuple[Organisation, PartnershipLink]:
    organisation = _managed_organisation(request, pk)
    link = selectors.partnership_links_of(organisation=organisation).filter(pk=link_pk).first()
    if link is None or not permissions.can_manage_partnership_link(
        request.user, request.acting_membership, organisation, link
    ):
        audit_denied(request, object_type=OBJECT_TYPE, object_id=link_pk)
        raise Http404
    return organisation, link


def _convention_of(link: PartnershipLink) -> object:
    """The convention the link comes from, if it has one yet (a read: the page does not write on GET)."""
    row = ConventionLink.objects.filter(link=link).select_related("convention").first()
    return row.convention if row is not None else None


def _signatories_only(link: PartnershipLink) -> str:
    return _(
        "Ce partenariat vient d'une convention : seuls les responsables de ses signataires la modifient, "
        "depuis la page de la convention."
    )


def _partner_from_query(organisation: Organisation, value: str | None) -> Organisation | None:
    if not value or not value.isdigit() or len(value) > 18:
        return None
    return Organisation.objects.exclude(pk=organisation.pk).filter(pk=int(value)).first()


@login_required
def link_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two steps on one page: search the partner (GET ?q=), then the terms of the link with it (?partenaire=)."""
    organisation = _managed_organisation(request, pk)
    partner = _partner_from_query(organisation, request.GET.get("partenaire"))
    search = PartnerSearchForm(request.GET if "q" in request.GET else None)
    results: list[Organisation] = []
    if search.is_bound and search.is_valid():
        results = list(
            selectors.organisation_list(query=search.cleaned_data["q"]).exclude(pk=organisation.pk)[:PARTNER_RESULTS]
        )
    initial = {"starts_on": timezone.localdate(), "partner": partner.pk if partner else None}
    posted = request.POST if request.method == "POST" else None
    form = PartnershipLinkCreateForm(posted, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partner = data.pop("partner")
        try:
            with transaction.atomic():
                link = conventions.partnership_create(
                    user=request.user,
                    membership=request.acting_membership,
                    organisation=organisation,
                    partner=partner,
                    **data,
                )
                audit_change(
                    request,
                    action=AuditAction.CREATE,
                    object_type=OBJECT_TYPE,
                    object_id=link.pk,
                    detail=fields_detail(link, CREATED_FIELDS),
                )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Partenariat avec %(partner)s enregistré.") % {"partner": link.organisation_b.name}
            )
            return redirect("organisations:detail", pk=organisation.pk)
    elif form.is_bound:
        partner = form.cleaned_data.get("partner") or partner
    context = {
        "organisation": organisation,
        "search": search,
        "results": results,
        "partner": partner,
        "form": form,
    }
    return render(request, "organisations/link_create.html", context)


@login_required
def link_edit(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    organisation, link = _managed_link(request, pk, link_pk)
    initial = {name: getattr(link, name) for name in services.LINK_EDITABLE_FIELDS}
    form = PartnershipLinkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        before = {name: getattr(link, name) for name in services.LINK_EDITABLE_FIELDS}
        try:
            with transaction.atomic():
                conventions.partnership_update(
                    link=link, user=request.user, membership=request.acting_membership, **form.cleaned_data
                )
                link.refresh_from_db()
                changes = {
                    name: (old, getattr(link, name)) for name, old in before.items() if getattr(link, name) != old
                }
                if changes:
                    audit_change(
                        request,
                        action=AuditAction.UPDATE,
                        object_type=OBJECT_TYPE,
                        object_id=link.pk,
                        detail=changes_detail(PartnershipLink, changes),
                    )
        except PermissionDenied:
            form.add_error(None, _signatories_only(link))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if changes:
                messages.success(request, _("Partenariat modifié."))
            else:
                messages.info(request, _("Rien n'a changé."))
            return redirect("organisations:detail", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "link": link,
        "partner": link.partner_of(organisation),
        "form": form,
        "convention": _convention_of(link),
    }
    return render(request, "organisations/link_edit.html", context)


@login_required
def link_end(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    organisation, link = _managed_link(request, pk, link_pk)
    form = PartnershipLinkEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                before = link.ends_on
                conventions.partnership_end(
                    link=link,
                    user=request.user,
                    membership=request.acting_membership,
                    ends_on=form.cleaned_data["ends_on"],
                )
                link.refresh_from_db()
                audit_change(
                    request,
                    action=AuditAction.UPDATE,
                    object_type=OBJECT_TYPE,
                    object_id=link.pk,
                    detail=changes_detail(PartnershipLink, {"ends_on": (before, link.ends_on)}),
                )
        except PermissionDenied:
            form.add_error(None, _signatories_only(link))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Le partenariat avec %(partner)s prendra fin le soir du %(day)s.")
                % {
                    "partner": link.partner_of(organisation).name,
                    "day": date_format(form.cleaned_data["ends_on"], "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("organisations:detail", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "link": link,
        "partner": link.partner_of(organisation),
        "form": form,
        "convention": _convention_of(link),
    }
    return render(request, "organisations/link_end.html", context)
