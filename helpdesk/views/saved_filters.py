"""Saving and deleting a changelist's filter (POST from the changelist's tools)."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.exceptions import ApplicationError
from helpdesk.models import SavedFilter
from helpdesk.services import saved_filter_delete, saved_filter_save
from helpdesk.services.saved_filters import clean_query_string


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/admin/"
    return HttpResponseRedirect(target)


@require_GET
def saved_filters_panel_view(request: HttpRequest) -> HttpResponse:
    """The staff member's saved filters of one list, and the form to save the current one
    (?lista=app.model&filtro=<query string>&voltar=<changelist URL>)."""
    label = request.GET.get("lista", "").lower()
    back = request.GET.get("voltar", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = "/admin/"
    return TemplateResponse(
        request,
        "helpdesk/saved_filters_panel.html",
        {
            "saved_filters": SavedFilter.objects.filter(
                owner=cast(User, request.user), model_label=label
            ),
            "model_label": label,
            "query": clean_query_string(request.GET.get("filtro", "")),
            "changelist_path": back.split("?", 1)[0],
            "current_url": back,
        },
    )


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
