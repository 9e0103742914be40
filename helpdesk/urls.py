"""The support pages under /admin/suporte/, each behind the admin's login."""

from django.contrib import admin
from django.urls import path

from helpdesk.views.activity import lead_activity_view, tenant_activity_view
from helpdesk.views.exports import export_view
from helpdesk.views.operations import operations_view
from helpdesk.views.saved_filters import (
    saved_filter_delete_view,
    saved_filter_save_view,
    saved_filters_panel_view,
)
from helpdesk.views.timeline import trace_timeline_view

app_name = "helpdesk"
staff = admin.site.admin_view

urlpatterns = [
    path("trace/<uuid:trace_id>/", staff(trace_timeline_view), name="trace_timeline"),
    path("lead/<uuid:lead_id>/historico/", staff(lead_activity_view), name="lead_activity"),
    path("tenant/<uuid:tenant_id>/historico/", staff(tenant_activity_view), name="tenant_activity"),
    path(
        "exportar/<str:app_label>/<str:model_name>.<str:export_format>",
        staff(export_view),
        name="export",
    ),
    path("filtros/", staff(saved_filters_panel_view), name="saved_filters"),
    path("filtros/salvar/", staff(saved_filter_save_view), name="saved_filter_save"),
    path(
        "filtros/<int:saved_filter_id>/excluir/",
        staff(saved_filter_delete_view),
        name="saved_filter_delete",
    ),
    path("operacoes/", staff(operations_view), name="operations"),
]
