"""The admin site: the password is not enough for a staff account (staff.two_factor)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from staff.two_factor import needs_second_factor, second_factor_redirect


class BackofficeAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not needs_second_factor(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # Already past the password (now, or earlier in this session): on to the code.
        if needs_second_factor(request.user):
            return second_factor_redirect(request)
        response = super().login(request, extra_context)
        if request.method == "POST" and needs_second_factor(request.user):
            return second_factor_redirect(request)
        return response
