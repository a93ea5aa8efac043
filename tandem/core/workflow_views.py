"""One page logic for every workflow (tandem.core.workflows): the steps a page offers, and taking one.

The app's view finds the row (its own access rule, its own audit of refusals), then hands over here; what
happens once a step is taken (the audit entry) comes back through `on_done`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tandem.core.workflows import Action, Workflow


@dataclass(frozen=True)
class StepForm:
    """A step the acting organisation may take now, with its form (bound after a refused POST)."""

    action: Action
    form: Any
    url: str


def workflow_steps(
    workflow: Workflow,
    row: Any,
    organisation_id: int | None,
    *,
    form_kwargs: Callable[[Action], Mapping[str, Any]] | None = None,
    bound: Mapping[str, Any] | None = None,
) -> list[StepForm]:
    """The steps to show on the row's page, in the table's order; `bound` keeps a refused form with its errors."""
    bound = bound or {}
    steps = []
    for action in workflow.actions_for(row, organisation_id):
        form = bound.get(action.name)
        if form is None and action.form is not None:
            form = action.form(prefix=action.name, **(form_kwargs(action) if form_kwargs else {}))
        steps.append(StepForm(action=action, form=form, url=reverse(workflow.url_name % action.name, args=[row.pk])))
    return steps


def workflow_step_take(
    request: HttpRequest,
    *,
    workflow: Workflow,
    row: Any,
    action_name: str,
    organisation: Any,
    detail_url: str,
    render_detail: Callable[[Mapping[str, Any]], HttpResponse],
    form_kwargs: Mapping[str, Any] | None = None,
    on_done: Callable[[], object],
) -> HttpResponse:
    """Take a step from a page's POST: the form's checks (the page again with its errors, 400), the workflow's
    (a message and back to the page), then `on_done`, the step's message and back to the page."""
    action = workflow.action(action_name)
    data: Mapping[str, Any] = {}
    if action.form is not None:
        form = action.form(request.POST, prefix=action.name, **(form_kwargs or {}))
        if not form.is_valid():
            response = render_detail({action.name: form})
            response.status_code = 400
            return response
        data = form.cleaned_data
    try:
        workflow.run(action.name, row, by=request.user, organisation=organisation, data=data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(detail_url)
    on_done()
    messages.success(request, action.done)
    return redirect(detail_url)
