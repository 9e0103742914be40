from django.contrib import admin
from django.db import transaction
from django.urls import include, path
from django.views.generic import RedirectView

from api.views import HealthApi
from observability.views import metrics_view

admin.site.site_header = "AlquimistaAI · Back-office"
admin.site.site_title = "Back-office AlquimistaAI"
admin.site.index_title = "Administração da plataforma"
# The back-office has no public site of its own to go back to.
admin.site.site_url = None
# At 1400 px the navigation sidebar took a quarter of every changelist's width.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/suporte/", include("helpdesk.urls")),
    path("admin/", admin.site.urls),
    # Production's health check; no transaction, so it answers even without a database.
    path("health", transaction.non_atomic_requests(HealthApi.as_view()), name="health"),
    path("api/", include("api.urls")),
    path("api/", include("platform_app.urls")),
    path("api/", include("billing.urls")),
    path("api/", include("nigredo.urls")),
    path("api/", include("fibonacci.urls")),
    path("metrics", metrics_view, name="metrics"),
]

handler400 = "api.handlers.bad_request"
handler403 = "api.handlers.permission_denied"
handler404 = "api.handlers.page_not_found"
handler500 = "api.handlers.server_error"
