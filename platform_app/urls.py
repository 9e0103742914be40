from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view

from platform_app import apis


@extend_schema_view(post=extend_schema(operation_id="approvals_decision"))
class ApprovalDecisionAliasApi(apis.ApprovalDecideApi):
    """`/decision`: production's alias of `/decide`, with an operation id of its own."""


urlpatterns = [
    path("agents", apis.AgentListApi.as_view(), name="agents-list"),
    path("tenants", apis.TenantCreateApi.as_view(), name="tenants-list"),
    path(
        "tenants/<uuid:tenant_id>/suspend",
        apis.TenantSuspendApi.as_view(),
        name="tenants-suspend",
    ),
    path(
        "tenants/<uuid:tenant_id>/reactivate",
        apis.TenantReactivateApi.as_view(),
        name="tenants-reactivate",
    ),
    path("audit-logs", apis.AuditLogListApi.as_view(), name="audit-logs-list"),
    path("approvals", apis.ApprovalListApi.as_view(), name="approvals-list"),
    path("approvals/<str:approval_id>", apis.ApprovalDetailApi.as_view(), name="approvals-detail"),
    path(
        "approvals/<str:approval_id>/decide",
        apis.ApprovalDecideApi.as_view(),
        name="approvals-decide",
    ),
    path(
        "approvals/<str:approval_id>/decision",
        ApprovalDecisionAliasApi.as_view(),
        name="approvals-decision",
    ),
    path(
        "approvals/<str:approval_id>/execute",
        apis.ApprovalExecuteApi.as_view(),
        name="approvals-execute",
    ),
]
