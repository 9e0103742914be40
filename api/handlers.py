"""Django's error views, answering the API's JSON error body under /api/ and /health."""

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from api.exceptions import error_json_response
from api.middleware import is_api_path
from core import outage


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return error_json_response(400, "bad_request", "Requisição inválida.")
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return error_json_response(403, "permission_denied", "Acesso negado.")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path):
        return error_json_response(404, "not_found", "Endereço desconhecido na API.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path):
        return error_json_response(500, "internal_error", "Erro interno. Informe o traceId.")
    return outage.server_error(request)
