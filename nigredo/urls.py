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
    path("leads/<uuid:lead_id>/consent", apis.LeadConsentApi.as_view(), name="leads-consent"),
    path("lgpd/descadastro", apis.UnsubscribeApi.as_view(), name="lgpd-descadastro"),
    path("lgpd/esquecimento", apis.ErasureRequestApi.as_view(), name="lgpd-esquecimento"),
    path("lgpd/subject-report", apis.SubjectReportApi.as_view(), name="lgpd-subject-report"),
]
