"""The second step of the staff login, under the admin's path (config/urls.py)."""

from django.urls import path

from staff.views import two_factor_logout_view, two_factor_setup_view, two_factor_verify_view

app_name = "staff"

urlpatterns = [
    path("cadastrar/", two_factor_setup_view, name="two_factor_setup"),
    path("codigo/", two_factor_verify_view, name="two_factor_verify"),
    path("sair/", two_factor_logout_view, name="two_factor_logout"),
]
