from django.urls import path

from platform_app import apis

urlpatterns = [
    path("agents", apis.AgentListApi.as_view(), name="agents-list"),
    path("tenants", apis.TenantListApi.as_view(), name="tenants-list"),
    path("tenants/<uuid:tenant_id>", apis.TenantDetailApi.as_view(), name="tenants-detail"),
    path(
        "tenants/<uuid:tenant_id>/users",
        apis.TenantUserListApi.as_view(),
        name="tenants-users-list",
    ),
    path("audit-logs", apis.AuditLogListApi.as_view(), name="audit-logs-list"),
]
