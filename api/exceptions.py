"""Every API error is `{"error": code, "message": text, "details": {field: [msgs]}, "traceId"}`.

- `core.exceptions.ApplicationError` (and subclasses): its code, message, details, status.
- DRF's errors: validation → 400 `invalid_input` with per-field details; malformed JSON
  → 400 `malformed_json`; credentials → 401; permissions → 403; unknown → 404; …
- The database: a CHECK / NOT NULL / foreign-key violation or a bad value → 400, a unique
  violation → 409, the server unreachable → 503, a statement timeout → 503.
- Anything else → 500 `internal_error` (logged with its traceback and trace id).
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, DataError, IntegrityError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core import tracing
from core.exceptions import ApplicationError
from core.outage import RETRY_AFTER_SECONDS, is_database_unavailable

logger = logging.getLogger("api")

# SQLSTATE → (HTTP status, error code, message)
INTEGRITY = {
    "23514": (400, "check_violation", "Um valor viola uma regra do banco de dados."),
    "23502": (400, "missing_value", "Um campo obrigatório ficou vazio."),
    "23503": (400, "invalid_reference", "O registro referenciado não existe."),
    "23505": (409, "conflict", "Já existe um registro com esses dados."),
    "23P01": (409, "conflict", "O registro conflita com outro."),
}
DB_UNAVAILABLE = (503, "database_unavailable", "O banco de dados está indisponível.")
QUERY_TIMEOUT = (503, "query_timeout", "A consulta demorou demais e foi cancelada.")
DRF_CODES = {
    exceptions.ParseError: "malformed_json",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}
MESSAGES = {
    "not_authenticated": (
        "Credenciais ausentes: envie Authorization: Bearer <JWT> ou Token <chave>."
    ),
    "not_found": "Não encontrado.",
    "permission_denied": "Você não tem permissão para esta operação.",
}


def error_body(code: str, message: str, details: Mapping[str, Any] | None = None) -> dict:
    return {
        "error": code,
        "message": message,
        "details": dict(details or {}),
        "traceId": tracing.current_trace_id(),
    }


def error_json_response(status_code: int, code: str, message: str) -> JsonResponse:
    """An error answered outside DRF (middleware, Django's handlers), same shape."""
    return JsonResponse(error_body(code, message), status=status_code)


def field_details(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested validation detail into {"field.sub": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" else str(key)
            for sub, messages in field_details(value, f"{prefix}{name}.").items():
                out.setdefault(sub, []).extend(messages)
    elif (
        isinstance(detail, list) and detail and all(not isinstance(i, dict | list) for i in detail)
    ):
        out[prefix.rstrip(".") or "non_field_errors"] = [str(item) for item in detail]
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            out.update(field_details(item, f"{prefix}{index}."))
    else:
        out[prefix.rstrip(".") or "non_field_errors"] = [str(detail)]
    return out


def database_error(exc: DatabaseError) -> tuple[int, str, str, dict] | None:
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or ""
    diag = getattr(cause, "diag", None)
    if is_database_unavailable(exc):
        return (*DB_UNAVAILABLE, {})
    if sqlstate == "57014":
        return (*QUERY_TIMEOUT, {})
    if isinstance(exc, IntegrityError) and sqlstate in INTEGRITY:
        status_code, code, message = INTEGRITY[sqlstate]
        name = getattr(diag, "constraint_name", None) or getattr(diag, "column_name", None)
        details = {name: [getattr(diag, "message_primary", None) or message]} if name else {}
        return status_code, code, message, details
    if isinstance(exc, DataError) or sqlstate.startswith("22"):
        primary = getattr(diag, "message_primary", None) or str(exc)
        return (
            400,
            "invalid_value",
            "Um valor não é aceito pelo banco de dados.",
            {"non_field_errors": [primary]},
        )
    return None


def describe(exc: Exception) -> tuple[int, str, str, dict]:
    """(status, code, message, details) for an exception raised inside an API view."""
    if isinstance(exc, ApplicationError):
        return exc.status, exc.code, exc.message, exc.details
    if isinstance(exc, RequestDataTooBig):
        return 413, "body_too_large", "O corpo da requisição passa de 1 MiB.", {}
    if isinstance(exc, Http404):
        return 404, "not_found", MESSAGES["not_found"], {}
    if isinstance(exc, DjangoPermissionDenied):
        return 403, "permission_denied", MESSAGES["permission_denied"], {}
    if isinstance(exc, exceptions.ValidationError):
        return 400, "invalid_input", "Dados inválidos.", field_details(exc.detail)
    if isinstance(exc, exceptions.APIException):
        code = getattr(exc, "error_code", None) or next(
            (name for cls, name in DRF_CODES.items() if isinstance(exc, cls)),
            exc.default_code if isinstance(exc.default_code, str) else "error",
        )
        detail = exc.detail
        message = str(detail) if not isinstance(detail, dict | list) else MESSAGES.get(code, code)
        if code in MESSAGES and isinstance(exc, exceptions.NotAuthenticated | exceptions.NotFound):
            message = MESSAGES[code]
        return exc.status_code, code, message, {}
    if isinstance(exc, DatabaseError) and (described := database_error(exc)) is not None:
        return described
    logger.exception("Unhandled error in the API", exc_info=exc)
    return 500, "internal_error", "Erro interno. Informe o traceId ao suporte.", {}


def runs_in_a_transaction(request, view=None) -> bool:
    """Whether the API opened a transaction for this request (api.views.ApiView): a
    change, or a platform user's request. A read by staff or the public runs in none, nor
    does a view whose service commits on its own, so there is nothing of ours to roll
    back (and an outer block is not ours to mark)."""
    if getattr(view, "own_transactions", False):
        return False
    bearer = request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
    return bearer or request.method not in SAFE_METHODS


def exception_handler(exc: Exception, context: dict) -> Response:
    status_code, code, message, details = describe(exc)
    request = context.get("request")
    if request is None or runs_in_a_transaction(request, context.get("view")):
        set_rollback()
    headers = {}
    if isinstance(exc, exceptions.APIException):
        if auth_header := getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    if status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS if code == DB_UNAVAILABLE[1] else 5)
    return Response(error_body(code, message, details), status=status_code, headers=headers)
