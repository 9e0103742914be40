from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from observability.views import metrics_view

admin.site.site_header = "AlquimistaAI · Back-office"
admin.site.site_title = "Back-office AlquimistaAI"
admin.site.index_title = "Administração da plataforma"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/suporte/", include("helpdesk.urls")),
    path("admin/", admin.site.urls),
    path("metrics", metrics_view, name="metrics"),
]
