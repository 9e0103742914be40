"""GET a filtered changelist as CSV or JSON Lines."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from helpdesk.exports import FORMATS, audited_export, export_spec
from helpdesk.services import sees_personal_data
from helpdesk.services.saved_filters import clean_query_string
from nigredo.privacy import masked_columns_for


@transaction.non_atomic_requests
def export_view(request: HttpRequest, app_label: str, model_name: str, export_format: str):
    """Stream the rows the changelist shows for the same query string, every page of them."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    spec = export_spec(model)
    model_admin = admin.site._registry.get(model)
    if spec is None or model_admin is None or export_format not in FORMATS:
        raise Http404
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return HttpResponse("Filtro inválido para esta lista.", status=400)
    queryset = changelist.get_queryset(request)
    personal_data = sees_personal_data(request.user)
    columns = spec.columns_for(personal_data=personal_data)
    masked = masked_columns_for(request.user, model)
    content_type, extension = FORMATS[export_format]
    response = StreamingHttpResponse(
        audited_export(
            queryset=queryset,
            columns=columns,
            export_format=export_format,
            user=request.user,  # type: ignore[arg-type]
            model_label=model._meta.label_lower,
            filters=clean_query_string(request.META.get("QUERY_STRING", "")),
            personal_data=personal_data,
            masked={column: kind for column, kind in masked.items() if column in columns},
        ),
        content_type=content_type,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = (
        f'attachment; filename="{model._meta.model_name}-{stamp}.{extension}"'
    )
    response["X-Accel-Buffering"] = "no"  # let a proxy pass the chunks on as they come
    return response
