from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.accounts.guards import nominative_membership
from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_list_read, audit_record, audit_row
from tandem.core.pagination import BoundedPaginator
from tandem.core.workflow_views import workflow_step_take, workflow_steps
from tandem.referrals import selectors
from tandem.referrals.models import Referral
from tandem.referrals.workflow import REFERRAL

# Referrals shown per page: the overdue and the nearest deadlines come first.
PAGE_SIZE = 50


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = nominative_membership(request)
    tab = "sent" if request.GET.get("onglet") == "envoyees" else "received"
    if tab == "sent":
        listed = selectors.referral_sent_for(membership=membership)
    else:
        listed = selectors.referral_inbox_for(membership=membership)
    page = BoundedPaginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    audit_list_read(request=request, object_type="referral_list", detail=f"{tab} page {page.number}: {len(referrals)}")
    return render(request, "referrals/inbox.html", {"referrals": referrals, "page": page, "tab": tab})


def _referral_for(request: AuthenticatedHttpRequest, pk: int) -> Referral:
    """The referral a page shows or answers; a refusal (404) is logged so that a manager sees probing."""
    try:
        return selectors.referral_get_for(membership=nominative_membership(request), pk=pk)
    except Http404:
        audit_record(request=request, action=AuditAction.DENIED, person_id=None, object_type="referral", object_id=pk)
        raise


def _render_detail(
    request: AuthenticatedHttpRequest, referral: Referral, bound: Mapping[str, Any] | None = None
) -> HttpResponse:
    steps = workflow_steps(REFERRAL, referral, nominative_membership(request).organisation_id, bound=bound)
    return render(request, "referrals/detail.html", {"referral": referral, "steps": steps})


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for(request, pk)
    audit_row(request=request, action=AuditAction.READ, row=referral, object_type="referral")
    return _render_detail(request, referral)


@login_required
@require_POST
def transition(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    referral = _referral_for(request, pk)
    return workflow_step_take(
        request,
        workflow=REFERRAL,
        row=referral,
        action_name=action,
        organisation=nominative_membership(request).organisation,
        detail_url=reverse("referrals:detail", args=[pk]),
        render_detail=lambda bound: _render_detail(request, referral, bound),
        on_done=lambda: audit_row(
            request=request, action=AuditAction.UPDATE, row=referral, object_type="referral", detail=action
        ),
    )
