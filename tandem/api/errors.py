"""One way for the API to say no: the same error body everywhere, and every status an operation can answer
declared in the OpenAPI document (docs/security.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from tandem.core.errors import Conflict

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
T = TypeVar("T")


def refused_as_not_found(call: Callable[[], T]) -> T:
    """A selector's or service's refusal of the caller reads as a 404: what the caller may not reach is not told
    to exist."""
    try:
        return call()
    except (PermissionDenied, Http404) as error:
        raise HttpError(404, "Not found") from error


class ErrorOut(Schema):
    """Every error: a sentence to show (French for business rules)."""

    detail: str


class FieldErrorOut(Schema):
    loc: list[str]
    msg: str


class InvalidInputOut(ErrorOut):
    """Input that does not match the schema (422): the sentence, and each field at fault."""

    errors: list[FieldErrorOut]


def _messages(error: DjangoValidationError) -> str:
    return " ; ".join(error.messages)


def install_error_handlers(api: NinjaAPI) -> None:
    """One mapping for the whole API:
    - 400: a body that cannot be read at all (django-ninja);
    - 404: what the caller may not see, or that does not exist (never told apart);
    - 409: a meaningful request refused by the current state of things (tandem.core.errors.Conflict: an open
      referral already there, no partnership, no consent, a step someone else already took);
    - 422: input that does not match the schema, or whose values mean nothing valid (an unknown commune, a birth
      date in the future): Django's ValidationError raised by forms, resolvers and services."""

    # The decorator rather than add_exception_handler(), whose type says a handler may be given the class.

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, error: Conflict) -> HttpResponse:
        return api.create_response(request, {"detail": _messages(error)}, status=409)

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": _messages(error), "errors": []}, status=422)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
        fields = ", ".join(".".join(str(part) for part in item.get("loc", ())) for item in error.errors)
        body = {"detail": f"Données invalides : {fields}", "errors": _plain(error.errors)}
        return api.create_response(request, body, status=422)


def _plain(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's error items, reduced to what serialises (the input and context may hold anything)."""
    return [{"loc": [str(part) for part in item.get("loc", ())], "msg": str(item.get("msg", ""))} for item in errors]


def declare_common_errors(api: NinjaAPI) -> None:
    """Declare on every operation the errors the shared layers produce, so that the document tells the truth:
    401 (no or bad credentials), 422 (input not matching the schema), 404 (a path naming something the caller
    may not see; writes answer 404 too when the caller may not act), and on writes 400 (unreadable body), 403 (a
    read-only token) and 409 (refused by the current state). Every operation also declares 414: a request line
    longer than the web server reads (gunicorn: 4,094 bytes, a query string of several kilobytes) is refused by
    the server before the API sees it, with a page of its own rather than the API's error body."""
    for router in _routers(api):
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                codes = {401}
                if "{" in path:
                    codes.add(404)
                if WRITE_METHODS & set(operation.methods):
                    codes |= {400, 403, 404, 409}
                for code in codes:
                    operation.response_models.setdefault(code, operation._create_response_model(ErrorOut))
                operation.response_models.setdefault(422, operation._create_response_model(InvalidInputOut))
                operation.response_models.setdefault(414, None)


def _routers(api: NinjaAPI):
    seen = []
    for _prefix, router in api._routers:
        if router not in seen:
            seen.append(router)
    return seen


class ObjectBodyParser(Parser):
    """Every request body of the API is a JSON object: anything else (a list, `false`) is a 400, never read as
    an object whose fields all took their defaults."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data
