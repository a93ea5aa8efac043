"""Pages of conventions: the list, a convention (parties, terms, targets beside its children's, secondments against
the FTE target, documents, child conventions, timeline) and its forms, the secondments' table and the partnership
map of a territory.

Rules: tandem.partnerships.permissions. A convention the caller may not see answers 404 to every page and write;
a write page answers 404 to those who may see the convention but not write it (observers, advisers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.accounts.models import Membership, User
from tandem.core.errors import add_service_error, form_service_write
from tandem.core.pagination import BoundedPaginator
from tandem.core.workflow_views import StepForm
from tandem.events.selectors import timeline_for
from tandem.events.timeline import event_detail
from tandem.organisations.enums import OrganisationKind
from tandem.organisations.models import Organisation
from tandem.organisations.selectors import organisation_list
from tandem.partnerships import permissions, selectors, services
from tandem.partnerships.enums import ConventionLevel, PartyRole
from tandem.partnerships.forms import (
    ConventionFilterForm,
    ConventionForm,
    DocumentForm,
    OrganisationSearchForm,
    PartyForm,
    SecondmentFilterForm,
    SecondmentForm,
    TargetForm,
    TerritoryForm,
)
from tandem.partnerships.models import Convention, ConventionParty, Secondment, Target
from tandem.partnerships.rules import FT_KINDS
from tandem.partnerships.workflow import CONVENTION
from tandem.territories.models import Region

PAGE_SIZE = 30
SEARCH_LIMIT = 20
TIMELINE_LIMIT = 50
MISSION_LOCALE_KINDS = {OrganisationKind.MISSION_LOCALE, OrganisationKind.ML_SITE}


def _membership(request: AuthenticatedHttpRequest) -> Membership | None:
    return request.acting_membership


def _seen(request: AuthenticatedHttpRequest, pk: int) -> Convention:
    try:
        return selectors.convention_get_for(user=request.user, membership=_membership(request), pk=pk)
    except Convention.DoesNotExist as error:
        raise Http404 from error


def _written(request: AuthenticatedHttpRequest, pk: int) -> Convention:
    convention = _seen(request, pk)
    if not permissions.can_edit_convention(request.user, _membership(request), convention):
        raise Http404
    return convention


def _is_id(value: str | None) -> bool:
    return bool(value) and str(value).isdigit() and len(str(value)) < 19


def _detail(convention: Convention) -> str:
    return reverse("partnerships:convention_detail", args=[convention.pk])


def _write(
    form: Any, write: Callable[[], object], request: AuthenticatedHttpRequest, done: str, to: str
) -> HttpResponse | None:
    result: HttpResponse | None = form_service_write(form, write, request, done, to)
    return result


# The list ---------------------------------------------------------------------------------------------------------


@login_required
def convention_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ConventionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    conventions = selectors.convention_list_for(
        user=request.user,
        membership=_membership(request),
        level=filters.get("level", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
    )
    page = BoundedPaginator(conventions, PAGE_SIZE).get_page(request.GET.get("page"))
    membership = _membership(request)
    context = {
        "form": form,
        "page": page,
        "can_create": permissions.can_create_convention(request.user, membership, ConventionLevel.LOCAL),
    }
    return render(request, "partnerships/list.html", context)


# A convention -----------------------------------------------------------------------------------------------------


def _steps(request: AuthenticatedHttpRequest, convention: Convention, bound: Mapping[str, Any]) -> list[StepForm]:
    """The workflow's steps the caller may take now: a signing party's managers, or a platform administrator."""
    if not permissions.can_edit_convention(request.user, _membership(request), convention):
        return []
    steps = []
    for action in CONVENTION.offered_actions():
        if convention.status not in action.sources:
            continue
        form = bound.get(action.name) or (action.form(prefix=action.name) if action.form else None)
        url = reverse(CONVENTION.url_name % action.name, args=[convention.pk])
        steps.append(StepForm(action=action, form=form, url=url))
    return steps


def _render_detail(
    request: AuthenticatedHttpRequest, convention: Convention, bound: Mapping[str, Any] | None = None
) -> HttpResponse:
    membership = _membership(request)
    secondments = selectors.convention_secondments(convention=convention)
    fte = selectors.fte_current(secondments)
    fte_target = selectors.fte_target(convention=convention)
    events = timeline_for(organisation_id=membership.organisation_id if membership else 0, subject=convention)
    # A detail is built by format_html (escaped): it reads after its title, the page puts its own separator.
    timeline = [
        (event, mark_safe(str(event_detail(event, {})).removeprefix(" : ")))  # noqa: S308
        for event in events[:TIMELINE_LIMIT]
    ]
    context = {
        "convention": convention,
        "parties": selectors.convention_parties(convention=convention),
        "children": selectors.convention_children(convention=convention),
        "targets": selectors.targets_compared(convention=convention),
        "secondments": secondments,
        "fte": fte,
        "fte_target": fte_target,
        "fte_gap": (fte_target - fte) if fte_target is not None else None,
        "documents": selectors.convention_documents(convention=convention),
        "timeline": timeline,
        "steps": _steps(request, convention, bound or {}),
        "can_edit": permissions.can_edit_convention(request.user, membership, convention),
        "is_parent": convention.level != ConventionLevel.LOCAL,
    }
    return render(request, "partnerships/detail.html", context)


@login_required
def convention_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _seen(request, pk))


def _data(form: ConventionForm, convention: Convention | None = None) -> services.ConventionData:
    data = form.cleaned_data
    return services.ConventionData(
        title=data["title"],
        parent=data["parent"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        axes=data["axes"],
        referral_answer_days=data["referral_answer_days"],
        first_meeting_days=data["first_meeting_days"],
        ways_of_working=data["ways_of_working"],
        notes=data["notes"],
    )


@login_required
def convention_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A convention in preparation, signed by the caller's organisation; its partners are added on its page."""
    membership = _membership(request)
    if not permissions.can_create_convention(request.user, membership, ConventionLevel.LOCAL):
        raise Http404
    parents = selectors.parent_choices(user=request.user, membership=membership)
    form = ConventionForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        organisation = membership.organisation if membership is not None else None
        own = [] if organisation is None or request.user.is_administrator else [organisation]
        created: list[Convention] = []

        def write() -> None:
            created.append(
                services.convention_create(
                    user=request.user,
                    membership=membership,
                    level=form.cleaned_data["level"],
                    kind=form.cleaned_data["kind"],
                    data=_data(form),
                    parties=[services.PartyData(organisation=o, role=PartyRole.SIGNATORY) for o in own],
                )
            )

        try:
            write()
        except PermissionDenied:
            form.add_error("level", _("Votre organisation ne crée pas de convention de ce niveau."))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Convention créée : ajoutez ses parties, puis enregistrez sa signature."))
            return redirect("partnerships:convention_detail", pk=created[0].pk)
    return render(request, "partnerships/form.html", {"form": form, "convention": None})


@login_required
def convention_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    convention = _written(request, pk)
    membership = _membership(request)
    initial = {name: getattr(convention, name) for name in services.CONVENTION_FIELDS}
    initial["axes"] = "\n".join(convention.axes)
    parents = selectors.parent_choices(user=request.user, membership=membership).exclude(pk=convention.pk)
    form = ConventionForm(request.POST or None, initial=initial, parents=parents, editing=True)
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.convention_update(
                convention=convention, user=request.user, membership=membership, data=_data(form)
            ),
            request,
            _("Convention mise à jour."),
            _detail(convention),
        )
        if response is not None:
            return response
    return render(request, "partnerships/form.html", {"form": form, "convention": convention})


@login_required
@require_POST
def convention_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """Signed, in force, ended: the managers of a signing party (or a platform administrator)."""
    convention = _written(request, pk)
    step = CONVENTION.action(action)
    data: dict[str, Any] = {}
    if step.form is not None:
        form = step.form(request.POST, prefix=step.name)
        if not form.is_valid():
            response = _render_detail(request, convention, {step.name: form})
            response.status_code = 400
            return response
        data = form.cleaned_data
    run = {
        "sign": lambda: services.convention_sign(
            convention=convention, user=request.user, membership=_membership(request), signed_on=data.get("signed_on")
        ),
        "activate": lambda: services.convention_activate(
            convention=convention, user=request.user, membership=_membership(request)
        ),
        "end": lambda: services.convention_end(
            convention=convention, user=request.user, membership=_membership(request), ends_on=data.get("ends_on")
        ),
    }[action]
    try:
        run()
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail(convention))
    messages.success(request, step.done)
    return redirect(_detail(convention))


# Parties ----------------------------------------------------------------------------------------------------------


def _contacts(organisation: Organisation) -> Any:
    members = Membership.objects.active().filter(organisation=organisation).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("last_name", "first_name", "email")


@login_required
def party_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two steps on one page: find the organisation (GET ?q=), then its role and single contact (?organisation=)."""
    convention = _written(request, pk)
    search = OrganisationSearchForm(request.GET if "q" in request.GET else None)
    results: list[Organisation] = []
    if search.is_bound and search.is_valid():
        results = list(
            organisation_list(query=search.cleaned_data["q"]).exclude(convention_parties__convention=convention)[
                :SEARCH_LIMIT
            ]
        )
    value = request.GET.get("organisation")
    chosen = Organisation.objects.filter(pk=int(value)).first() if value and _is_id(value) else None
    form = PartyForm(request.POST or None, contacts=_contacts(chosen) if chosen else User.objects.none())
    if request.method == "POST":
        if chosen is None:
            messages.error(request, _("Choisissez l'organisation dans la recherche."))
            return redirect("partnerships:party_add", pk=pk)
        if form.is_valid():
            response = _write(
                form,
                lambda: services.party_add(
                    convention=convention,
                    user=request.user,
                    membership=_membership(request),
                    organisation=chosen,
                    role=form.cleaned_data["role"],
                    contact=form.cleaned_data["contact"],
                ),
                request,
                _("%(name)s est partie à la convention.") % {"name": chosen.name},
                _detail(convention),
            )
            if response is not None:
                return response
    context = {"convention": convention, "search": search, "results": results, "chosen": chosen, "form": form}
    return render(request, "partnerships/party_add.html", context)


def _party(request: AuthenticatedHttpRequest, pk: int) -> ConventionParty:
    try:
        party = selectors.party_get_for(user=request.user, membership=_membership(request), pk=pk)
    except ConventionParty.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_edit_convention(request.user, _membership(request), party.convention):
        raise Http404
    return party


@login_required
def party_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    party = _party(request, pk)
    initial = {"role": party.role, "contact": party.contact}
    form = PartyForm(request.POST or None, initial=initial, contacts=_contacts(party.organisation))
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.party_update(
                party=party,
                user=request.user,
                membership=_membership(request),
                role=form.cleaned_data["role"],
                contact=form.cleaned_data["contact"],
            ),
            request,
            _("Partie mise à jour."),
            _detail(party.convention),
        )
        if response is not None:
            return response
    context = {"party": party, "convention": party.convention, "form": form, "heading": party.organisation.name}
    return render(request, "partnerships/party_edit.html", context)


@login_required
@require_POST
def party_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    party = _party(request, pk)
    try:
        services.party_remove(party=party, user=request.user, membership=_membership(request))
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s ne fait plus partie de la convention.") % {"name": party.organisation.name}
        )
    return redirect(_detail(party.convention))


# Targets ----------------------------------------------------------------------------------------------------------


@login_required
def target_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    convention = _written(request, pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _write(
            form,
            lambda: services.target_set(
                convention=convention,
                user=request.user,
                membership=_membership(request),
                indicator=data["indicator"],
                value=data["value"],
                year=data["year"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
            request,
            _("Objectif enregistré."),
            _detail(convention),
        )
        if response is not None:
            return response
    context = {"convention": convention, "form": form, "heading": _("Fixer un objectif")}
    return render(request, "partnerships/target_form.html", context)


@login_required
@require_POST
def target_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        target = selectors.target_get_for(user=request.user, membership=_membership(request), pk=pk)
    except Target.DoesNotExist as error:
        raise Http404 from error
    try:
        services.target_remove(target=target, user=request.user, membership=_membership(request))
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Objectif retiré."))
    return redirect(_detail(target.convention))


# Secondments ------------------------------------------------------------------------------------------------------


def _secondment_form(request: AuthenticatedHttpRequest, convention: Convention, **kwargs: Any) -> SecondmentForm:
    return SecondmentForm(
        request.POST or None,
        agencies=selectors.convention_organisations(convention=convention, kinds=FT_KINDS),
        missions_locales=selectors.convention_organisations(convention=convention, kinds=MISSION_LOCALE_KINDS),
        **kwargs,
    )


def _secondment_data(form: SecondmentForm) -> services.SecondmentData:
    data = form.cleaned_data
    return services.SecondmentData(
        agent_name=data["agent_name"],
        from_agency=data["from_agency"],
        to_mission_locale=data["to_mission_locale"],
        fte=data["fte"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        missions=data["missions"],
    )


@login_required
def secondment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    convention = _written(request, pk)
    form = _secondment_form(request, convention)
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.secondment_create(
                convention=convention, user=request.user, membership=_membership(request), data=_secondment_data(form)
            ),
            request,
            _("Mise à disposition enregistrée."),
            _detail(convention),
        )
        if response is not None:
            return response
    context = {"convention": convention, "form": form, "heading": _("Nouvelle mise à disposition")}
    return render(request, "partnerships/secondment_form.html", context)


def _secondment(request: AuthenticatedHttpRequest, pk: int) -> Secondment:
    try:
        secondment = selectors.secondment_get_for(user=request.user, membership=_membership(request), pk=pk)
    except Secondment.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_edit_convention(request.user, _membership(request), secondment.convention):
        raise Http404
    return secondment


@login_required
def secondment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    secondment = _secondment(request, pk)
    convention = secondment.convention
    fields = ("agent_name", "from_agency", "to_mission_locale", "fte", "starts_on", "ends_on", "missions")
    form = _secondment_form(request, convention, initial={name: getattr(secondment, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.secondment_update(
                secondment=secondment, user=request.user, membership=_membership(request), data=_secondment_data(form)
            ),
            request,
            _("Mise à disposition mise à jour."),
            _detail(convention),
        )
        if response is not None:
            return response
    context = {"convention": convention, "form": form, "heading": _("Modifier la mise à disposition")}
    return render(request, "partnerships/secondment_form.html", context)


@login_required
@require_POST
def secondment_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    secondment = _secondment(request, pk)
    try:
        services.secondment_remove(secondment=secondment, user=request.user, membership=_membership(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Mise à disposition retirée."))
    return redirect(_detail(secondment.convention))


@login_required
def secondment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every secondment of the conventions the caller sees, by region or Mission Locale, with the FTE total."""
    membership = _membership(request)
    regions = [(r.code, r.name) for r in Region.objects.order_by("name")]
    missions_locales = selectors.secondment_missions_locales(user=request.user, membership=membership)
    form = SecondmentFilterForm(request.GET or None, regions=regions, missions_locales=missions_locales)
    filters = form.cleaned_data if form.is_valid() else {}
    secondments = selectors.secondment_list_for(
        user=request.user,
        membership=membership,
        region=filters.get("region", ""),
        mission_locale=filters.get("mission_locale"),
    )
    page = BoundedPaginator(secondments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "fte": selectors.fte_current(secondments),
        "missions_locales_count": secondments.values("to_mission_locale").distinct().count(),
    }
    return render(request, "partnerships/secondment_list.html", context)


# Documents --------------------------------------------------------------------------------------------------------


@login_required
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    convention = _written(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        response = _write(
            form,
            lambda: services.document_add(
                convention=convention,
                user=request.user,
                membership=_membership(request),
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            ),
            request,
            _("Document joint à la convention."),
            _detail(convention),
        )
        if response is not None:
            return response
    context = {"convention": convention, "form": form, "heading": _("Joindre un document"), "multipart": True}
    return render(request, "partnerships/document_form.html", context)


@login_required
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A convention's document, to its readers only (the files are never served as static media)."""
    try:
        document = selectors.document_get_for(user=request.user, membership=_membership(request), pk=pk)
    except Exception as error:  # DoesNotExist, or the file gone from the disk
        raise Http404 from error
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, content_type="application/pdf", as_attachment=True, filename=f"convention-{document.pk}.pdf"
    )


# The partnership map ----------------------------------------------------------------------------------------------


def _graph(links: list[Any]) -> dict[str, Any]:
    """The links drawn as two columns (Missions Locales on the left, their partners on the right) joined by lines;
    the table beside it says the same for those who do not see the drawing."""
    left: dict[int, Organisation] = {}
    right: dict[int, Organisation] = {}
    for link in links:
        for organisation in (link.organisation_a, link.organisation_b):
            (left if organisation.kind in MISSION_LOCALE_KINDS else right).setdefault(organisation.pk, organisation)
    left_rows = sorted(left.values(), key=lambda o: o.name)
    right_rows = sorted(right.values(), key=lambda o: o.name)
    step = 28
    height = max(len(left_rows), len(right_rows), 1) * step + 20
    y_left = {o.pk: 20 + i * step for i, o in enumerate(left_rows)}
    y_right = {o.pk: 20 + i * step for i, o in enumerate(right_rows)}
    lines = []
    for link in links:
        a, b = link.organisation_a, link.organisation_b
        ya = y_left.get(a.pk, y_right.get(a.pk))
        yb = y_right.get(b.pk, y_left.get(b.pk))
        xa = 300 if a.pk in y_left else 500
        xb = 500 if b.pk in y_right else 300
        lines.append({"x1": xa, "y1": ya, "x2": xb, "y2": yb, "reference": link.is_reference_site})
    return {
        "height": height,
        "left": [{"name": o.name, "y": y_left[o.pk]} for o in left_rows],
        "right": [{"name": o.name, "y": y_right[o.pk]} for o in right_rows],
        "lines": lines,
    }


@login_required
def partnership_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who is partner with whom in a département or a region: a table, and a drawing of the same."""
    form = TerritoryForm(request.GET or None, territories=selectors.territory_choices())
    territory = selectors.territory_of(form.cleaned_data["territory"]) if form.is_valid() else None
    links = selectors.partnership_map(territory=territory) if territory is not None else []
    context = {"form": form, "territory": territory, "links": links, "graph": _graph(links) if links else None}
    return render(request, "partnerships/map.html", context)
