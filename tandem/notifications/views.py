"""A person's notifications: the list, marking read, e-mail preferences. Only one's own (404 otherwise); no
person's name is shown here (tandem.notifications.texts), the pages they link to check access."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.http import AuthenticatedHttpRequest
from tandem.notifications import selectors, services
from tandem.notifications.forms import PreferenceForm
from tandem.notifications.models import Notification
from tandem.notifications.texts import notification_link_label, notification_text, notification_title, notification_url

PER_PAGE = 20


@dataclass(frozen=True)
class Row:
    notification: Notification
    title: str
    text: str
    url: str
    link_label: str


def _row(notification: Notification) -> Row:
    return Row(
        notification=notification,
        title=notification_title(notification),
        text=notification_text(notification),
        url=notification_url(notification),
        link_label=notification_link_label(notification),
    )


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list_for(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [_row(notification) for notification in page.object_list]
    acting = request.acting_membership
    context = {"page": page, "rows": rows, "acting_organisation_id": acting.organisation_id if acting else None}
    return render(request, "notifications/list.html", context)


def _back_to_list(request: AuthenticatedHttpRequest) -> HttpResponseRedirect:
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_for(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    return _back_to_list(request)


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return _back_to_list(request)


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"email_frequency": selectors.email_frequency_of(user=request.user)}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.notification_preference_set(user=request.user, email_frequency=form.cleaned_data["email_frequency"])
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
