"""Saving and deleting a changelist's filter (POST from the changelist's tools)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from helpdesk.services import saved_filter_delete, saved_filter_save


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/admin/"
    return HttpResponseRedirect(target)


@require_POST
def saved_filter_save_view(request: HttpRequest) -> HttpResponse:
    try:
        saved = saved_filter_save(
            owner=request.user,  # type: ignore[arg-type]
            model_label=request.POST.get("model_label", ""),
            name=request.POST.get("name", ""),
            query_string=request.POST.get("query_string", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Filtro “{saved.name}” salvo.")
    return _back(request)


@require_POST
def saved_filter_delete_view(request: HttpRequest, saved_filter_id: int) -> HttpResponse:
    try:
        saved_filter_delete(owner=request.user, saved_filter_id=saved_filter_id)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Filtro salvo excluído.")
    return _back(request)
