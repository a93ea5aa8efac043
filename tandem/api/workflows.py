"""One API runner for every workflow (tandem.core.workflows): the row's page and a route per step it offers.

    workflow_routes(
        router, REFERRAL, find=_referral, out=ReferralOut, audit_type="referral",
        payloads={"refuse": RefuseIn, …}, descriptions={"accept": "…"}, data_of={"accept": _accept_data},
    )

gives GET /{pk} and POST /{pk}/accept, /{pk}/refuse… Every route reads the row as the caller may see it (else 404,
the refusal audited). A step: a write-scoped caller, the step taken for the caller's organisation (409 when the
state refuses it, 422 for a value that is not valid: tandem.api.errors), an audit entry, the row as it stands.
"""

# No postponed annotations here: django-ninja reads the routes' types at run time.

from collections.abc import Callable, Mapping
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from tandem.api.auth import ApiHttpRequest, acting_user, nominative_membership, require_write
from tandem.api.schemas import ErrorOut, RecordId
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_row
from tandem.core.workflows import Action, Workflow

# Turns a step's payload into the workflow's data (e.g. an adviser's e-mail into the adviser).
DataOf = Callable[[ApiHttpRequest, Any, Any], Mapping[str, Any]]


def _plain_data(request: ApiHttpRequest, payload: Any, organisation: Any) -> Mapping[str, Any]:
    return payload.model_dump() if payload is not None else {}


def workflow_routes(
    router: Router,
    workflow: Workflow[Any],
    *,
    find: Callable[[ApiHttpRequest, int], Any],
    out: type[Schema],
    audit_type: str,
    payloads: Mapping[str, type[Schema]],
    descriptions: Mapping[str, str] | None = None,
    data_of: Mapping[str, DataOf] | None = None,
    by_of: Callable[[ApiHttpRequest, Mapping[str, Any]], Any] | None = None,
) -> None:
    """Add to the router GET /{pk} and a POST route per step the workflow offers, named by the step
    (`not_retained`: /{pk}/not-retained). `find` reads the row as the caller may see it (raises Http404).
    `by_of` says who acts when a partner system's token acts (default: nobody)."""

    def get_row(request: ApiHttpRequest, pk: int) -> Any:
        try:
            return find(request, pk)
        except Http404 as error:
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                person_id=None,
                object_type=audit_type,
                object_id=pk,
                detail="api",
            )
            raise HttpError(404, "Not found") from error

    def detail(request: ApiHttpRequest, pk: RecordId) -> Any:
        row = get_row(request, pk)
        audit_row(request=request, action=AuditAction.READ, row=row, object_type=audit_type, detail="api")
        return row

    detail.__name__ = f"{workflow.name}_detail"
    router.get("/{pk}", response=out, operation_id=f"{workflow.name}_detail")(detail)
    for action in workflow.offered_actions():
        _add_route(
            router,
            workflow,
            action,
            get_row=get_row,
            out=out,
            audit_type=audit_type,
            payload=payloads.get(action.name),
            description=(descriptions or {}).get(action.name, ""),
            data_of=(data_of or {}).get(action.name, _plain_data),
            by_of=by_of,
        )


def _add_route(
    router: Router,
    workflow: Workflow[Any],
    action: Action,
    *,
    get_row: Callable[[ApiHttpRequest, int], Any],
    out: type[Schema],
    audit_type: str,
    payload: type[Schema] | None,
    description: str,
    data_of: DataOf,
    by_of: Callable[[ApiHttpRequest, Mapping[str, Any]], Any] | None,
) -> None:
    def take(request: ApiHttpRequest, pk: int, body: Any) -> Any:
        require_write(request)
        row = get_row(request, pk)
        organisation = nominative_membership(request).organisation
        data = data_of(request, body, organisation)
        by = by_of(request, data) if by_of is not None else acting_user(request)
        row = workflow.run(action.name, row, by=by, organisation=organisation, data=data)
        audit_row(
            request=request, action=AuditAction.UPDATE, row=row, object_type=audit_type, detail=f"api {action.name}"
        )
        return row

    if payload is not None:

        def route(request: ApiHttpRequest, pk: RecordId, payload: payload) -> Any:  # type: ignore[valid-type]
            return take(request, pk, payload)

    else:

        def route(request: ApiHttpRequest, pk: RecordId) -> Any:  # type: ignore[misc]
            return take(request, pk, None)

    route.__name__ = f"{workflow.name}_{action.name}"
    router.post(
        f"/{{pk}}/{action.name.replace('_', '-')}",
        response={200: out, 409: ErrorOut},
        summary=str(action.button or action.name),
        description=description,
        operation_id=f"{workflow.name}_{action.name}",
    )(route)
