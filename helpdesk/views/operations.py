"""The operations page, for superusers."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from helpdesk.selectors.operations import operations_report
from helpdesk.views.common import render_admin_page


def operations_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    return render_admin_page(
        request, "helpdesk/operations.html", "Operações", {"report": operations_report()}
    )
