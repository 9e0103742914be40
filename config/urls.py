from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

handler500 = "core.outage.server_error"

admin.site.site_header = "AlquimistaAI · Back-office"
admin.site.site_title = "Back-office AlquimistaAI"
admin.site.index_title = "Administração da plataforma"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
