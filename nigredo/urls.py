from django.urls import path

from nigredo import apis

urlpatterns = [
    path("leads", apis.LeadListApi.as_view(), name="leads-list"),
    path("leads/<uuid:lead_id>", apis.LeadDetailApi.as_view(), name="leads-detail"),
    path(
        "leads/<uuid:lead_id>/interactions",
        apis.LeadInteractionListApi.as_view(),
        name="leads-interactions-list",
    ),
]
