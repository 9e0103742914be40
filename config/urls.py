from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
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

ADMIN = settings.ADMIN_URL


@transaction.non_atomic_requests
def admin_login(request, **kwargs):
    """The admin's login page outside a transaction: it renders while the database is
    down (signing in then answers 503, core.outage)."""
    return admin.site.login(request, **kwargs)


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path(f"{ADMIN}login/", admin_login),
    path(f"{ADMIN}suporte/", include("helpdesk.urls")),
    path(f"{ADMIN}seguranca/", include("staff.urls")),
    # Production's health check; no transaction, so it answers even without a database.
    path("health", transaction.non_atomic_requests(HealthApi.as_view()), name="health"),
    path("api/", include("api.urls")),
    path("api/", include("platform_app.urls")),
    path("api/", include("billing.urls")),
    path("api/", include("nigredo.urls")),
    path("api/", include("fibonacci.urls")),
    path("api/", include("helpdesk.api_urls")),
    path("metrics", metrics_view, name="metrics"),
]

# Password reset by e-mail, only with an e-mail backend (EMAIL_URL); the admin's login page
# links to it when `admin_password_reset` exists. Reset does not log in: the next login
# asks for the password and then the second factor.
password_reset_patterns = [
    path(
        f"{ADMIN}password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        f"{ADMIN}password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        f"{ADMIN}reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        f"{ADMIN}reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
if settings.STAFF_PASSWORD_RESET:
    urlpatterns += password_reset_patterns

urlpatterns += [path(ADMIN, admin.site.urls)]

handler400 = "api.handlers.bad_request"
handler403 = "api.handlers.permission_denied"
handler404 = "api.handlers.page_not_found"
handler500 = "api.handlers.server_error"
