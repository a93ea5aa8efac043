"""Workflows declared once: each state machine is a table of actions.

An action names the states it moves from and the state it moves to, the party that may take it, the event it
writes, the form it needs on a page, its button and the message once done, and what it writes on the row. Then:

- services take an action by name: `REFERRAL.run("accept", referral, by=…, organisation=…)`;
- pages and the API ask which actions the acting organisation may take now: `REFERRAL.actions_for(row, org)`;
- one view (`tandem.core.workflow_views`) and one API runner (`tandem.api.workflows`) serve every workflow;
- the diagram in the docs is drawn from the table (`Workflow.mermaid`).

A step runs in one transaction: the caller's party is checked, the values are checked (`fields`), the row moves
with a conditional UPDATE (`tandem.core.transitions`: someone acting at once gets a clean refusal), the event is
written, then the effects that follow (`after`). The base layer knows no app: the app's table gives the event
writer and the person an event is about.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from tandem.core.transitions import transition

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RowT = TypeVar("RowT", bound=models.Model)


@dataclass
class Step:
    """One action being taken: what its hooks read."""

    row: Any
    by: Any  # the user, or None (a partner system's token, the system)
    organisation: Any  # the acting organisation, or None (the system)
    data: Mapping[str, Any]  # the checked values (a form's cleaned data, an API payload)
    at: datetime.datetime  # when the step is taken (given for steps recorded afterwards: imports, the demo)
    previous: str = ""  # the state the row left
    facts: dict[str, Any] = field(default_factory=dict)  # what a hook learnt, for the next ones (the payload)


def _nothing(step: Step) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Party:
    """One side of a workflow, by the acting organisation: `is_party(row, organisation_id)`."""

    is_party: Callable[[Any, int], bool]
    # Said to another organisation that tries this party's step (it sees the row, but may not act).
    refusal: StrOrPromise


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]
    target: str
    party: str
    event: str
    title: StrOrPromise = ""  # the heading above the step's form on the page
    button: StrOrPromise = ""
    done: StrOrPromise = ""  # the message once done
    form: type | None = None  # the page's form; its cleaned data is the step's `data`
    button_style: str = ""  # "secondary" or "tertiary" (DSFR), for steps that close the workflow
    # What the step writes on the row besides its status; raises ValidationError for a value that is not valid.
    fields: Callable[[Step], dict[str, Any]] = _nothing
    # The event's payload: codes and names, never free text about the person.
    payload: Callable[[Step], dict[str, Any]] = _nothing
    # When the event happened, when it is not the step's moment (a meeting held on a day).
    occurred: Callable[[Step], datetime.datetime] | None = None
    # Inside the transaction, before the row moves (a counter that must refuse the step).
    before: Callable[[Step], None] | None = None
    # Inside the transaction, after the event (the lead hand-over, a scheme that starts).
    after: Callable[[Step], None] | None = None
    # Whether pages and the API offer the step (the daily expiry is the system's).
    offered: bool = True


@dataclass
class Workflow(Generic[RowT]):
    name: str
    model: type[RowT]
    states: type[models.TextChoices]
    parties: dict[str, Party]
    actions: list[Action]
    # "%(status)s" is the row's current state, for a step someone else took first.
    stale_message: StrOrPromise
    # The app's event writer (tandem.events.services.event_record): the base layer imports no app.
    record_event: Callable[..., Any]
    person_of: Callable[[Any], Any]
    # How a state reads on a badge: "success", "error", "warning"; "info" otherwise.
    tones: dict[str, str] = field(default_factory=dict)
    # The URL name of a step's page (reverse(url_name % action.name, args=[pk])).
    url_name: str = ""

    def __post_init__(self) -> None:
        self._by_name = {action.name: action for action in self.actions}
        unknown = {a.party for a in self.actions} - set(self.parties)
        if unknown:
            raise ValueError(f"{self.name}: actions name unknown parties {sorted(unknown)}")
        _REGISTRY[self.model._meta.label_lower] = self

    def action(self, name: str) -> Action:
        return self._by_name[name]

    def offered_actions(self) -> list[Action]:
        return [action for action in self.actions if action.offered]

    def may(self, action: Action, row: Any, organisation_id: int | None) -> bool:
        """The organisation is the action's party and the row is in one of its source states."""
        party = self.parties[action.party]
        return (
            action.offered
            and organisation_id is not None
            and row.status in action.sources
            and party.is_party(row, organisation_id)
        )

    def actions_for(self, row: Any, organisation_id: int | None) -> list[Action]:
        return [action for action in self.actions if self.may(action, row, organisation_id)]

    def tone(self, status: str) -> str:
        return self.tones.get(status, "info")

    @transaction.atomic
    def run(
        self,
        name: str,
        row: RowT,
        *,
        by: Any,
        organisation: Any,
        at: datetime.datetime | None = None,
        data: Mapping[str, Any] | None = None,
        only_from: tuple[str, ...] = (),
    ) -> RowT:
        """Take the step for the organisation (None: the system, for steps nobody offers) and return the row.

        `only_from` narrows the source states (the daily expiry moves a row only from the state it found it in).
        """
        action = self.action(name)
        if organisation is not None and not self.parties[action.party].is_party(row, organisation.pk):
            raise ValidationError(self.parties[action.party].refusal, code="not_party")
        step = Step(row=row, by=by, organisation=organisation, data=data or {}, at=at or timezone.now())
        fields = action.fields(step)
        if action.before is not None:
            action.before(step)
        step.previous = step.row.status
        sources = [state for state in action.sources if not only_from or state in only_from]
        step.row = transition(row, allowed=sources, to=action.target, stale_message=self.stale_message, **fields)
        self.record_event(
            kind=action.event,
            by=by,
            organisation=organisation,
            person=self.person_of(step.row),
            subject=step.row,
            occurred_at=action.occurred(step) if action.occurred is not None else step.at,
            payload=action.payload(step),
        )
        if action.after is not None:
            action.after(step)
        return step.row

    def mermaid(self) -> str:
        """The state diagram, drawn from the table (docs/workflows.md)."""
        lines = ["stateDiagram-v2"]
        initial = self.states.values[0]
        lines.append(f"    [*] --> {initial}")
        for action in self.actions:
            for source in action.sources:
                lines.append(f"    {source} --> {action.target}: {action.name} ({action.party})")
        return "\n".join(lines)


_REGISTRY: dict[str, Workflow[Any]] = {}


def workflow_of(row: models.Model) -> Workflow[Any]:
    """The workflow a row moves in (pages render its badge and its steps from it)."""
    return _REGISTRY[row._meta.label_lower]


def workflows() -> list[Workflow[Any]]:
    return list(_REGISTRY.values())
