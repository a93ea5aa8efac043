"""The workflows' page of the docs, drawn from their tables (tandem.core.workflows)."""

from __future__ import annotations

from django.utils import translation

from tandem.core.workflows import Workflow, workflows

HEADER = """# Workflows

Generated from the tables by `python manage.py workflows_doc` (a test checks it is up to date): do not edit by hand.

Every state machine of Tandem is a table of actions (`tandem/core/workflows.py`): the states an action moves
from and to, the party that may take it, the event it writes. Services take an action by name, pages and the
API offer the actions the acting organisation may take now, one view (`tandem/core/workflow_views.py`) and one
API runner (`tandem/api/workflows.py`) serve them all.

## Adding a workflow

Take the referral workflow as the worked example:

1. **Models**: the row has a `status` field whose choices are the states (`ReferralStatus`) and an `updated_at`.
2. **The table** (`tandem/referrals/workflow.py`): `Workflow(name, model, states, parties, actions, …)`; each
   `Action` names its sources, target, party, event kind, form, button and message, and its hooks: `fields`
   (what the step writes, checking the values), `payload` (the event's codes), `before`/`after` (effects in the
   same transaction). Import the table in the app's `ready()` so that pages and this page find it.
3. **Services**: one line each, `REFERRAL.run("accept", referral, by=…, organisation=…, data=…)`.
4. **Pages**: the detail view renders `workflow_steps(...)` with `shell/workflow_steps.html` and the state with
   `{% status_badge row %}`; one URL per action (its name is the action's) to a view calling
   `workflow_step_take(...)`.
5. **API**: `workflow_routes(router, REFERRAL, find=…, out=…, payloads={…})` adds `GET /{pk}` and a `POST` per
   action.
6. **Tests**: the service steps (one event each, the refused party, the stale second click), the pages and the
   API, and the access crawler's table for the new URLs.
"""


def _section(workflow: Workflow) -> str:
    rows = [
        f"| `{action.name}` | {', '.join(f'`{s}`' for s in action.sources)} | `{action.target}` | {action.party} "
        f"| `{action.event}` | {'yes' if action.offered else 'no (system)'} |"
        for action in workflow.actions
    ]
    table = "\n".join(
        [
            "| action | from | to | party | event | offered on pages and the API |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )
    return f"## {workflow.name.capitalize()}\n\n```mermaid\n{workflow.mermaid()}\n```\n\n{table}\n"


def workflows_markdown() -> str:
    with translation.override("en"):
        sections = [_section(workflow) for workflow in sorted(workflows(), key=lambda w: w.name)]
    return HEADER + "\n" + "\n".join(sections)
