"""A lead's and a tenant's merged history, page by page (keyset)."""

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from helpdesk.selectors.activity import ActivityPage, Cursor, lead_activity, tenant_activity
from helpdesk.views.common import may_view, record_url, render_admin_page
from nigredo.models import Lead
from platform_app.models import Tenant

CURSOR_PARAMETER = "atividade"


def activity_for(request: HttpRequest, subject: Lead | Tenant, limit: int) -> dict:
    """The template context of one activity page of `subject`, from ?atividade=<cursor>."""
    cursor = None
    raw = request.GET.get(CURSOR_PARAMETER)
    if raw:
        try:
            cursor = Cursor.decode(raw)
        except ValueError:
            cursor = None
    page: ActivityPage = (
        lead_activity(subject, cursor=cursor, limit=limit)
        if isinstance(subject, Lead)
        else tenant_activity(subject, cursor=cursor, limit=limit)
    )
    return {
        "entries": [(entry, record_url(request, entry.record)) for entry in page.entries],
        "next_cursor": page.next_cursor,
        "first_page": cursor is None,
        "cursor_parameter": CURSOR_PARAMETER,
    }


def lead_activity_view(request: HttpRequest, lead_id: uuid.UUID) -> HttpResponse:
    if not may_view(request, Lead):
        raise PermissionDenied
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None:
        raise Http404
    return render_admin_page(
        request,
        "helpdesk/activity.html",
        f"Histórico do lead {lead.empresa}",
        {
            "subject": lead,
            "subject_url": record_url(request, lead),
            **activity_for(request, lead, 50),
        },
    )


def tenant_activity_view(request: HttpRequest, tenant_id: uuid.UUID) -> HttpResponse:
    if not may_view(request, Tenant):
        raise PermissionDenied
    tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        raise Http404
    return render_admin_page(
        request,
        "helpdesk/activity.html",
        f"Histórico do tenant {tenant.company_name}",
        {
            "subject": tenant,
            "subject_url": record_url(request, tenant),
            **activity_for(request, tenant, 50),
        },
    )
