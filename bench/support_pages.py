"""The support pages (helpdesk) measured by admin_pages.py, with real ids from the data.

Kept apart from admin_pages.py so that each page list changes on its own.
"""

from fibonacci.models import Trace
from nigredo.models import Lead


def support_pages() -> list[tuple[str, str]]:
    """(label, url): the trace timeline, a lead's and a tenant's history, the dashboard."""
    child = (
        Trace.objects.filter(parent_trace_id__isnull=False, lead_id__isnull=False)
        .order_by("-start_time")
        .first()
    )
    lead = Lead.objects.filter(pk=child.lead_id).first() if child and child.lead_id else None
    lead = lead or Lead.objects.order_by("-created_at").first()
    assert child and lead, "no traces or leads: run with --prepare first"
    timeline = f"/admin/suporte/trace/{child.trace_id}/"
    return [
        ("support: trace timeline (span tree)", timeline),
        ("support: timeline + tenant ±5 min", f"{timeline}?em_volta=tenant&minutos=5"),
        ("support: timeline + lead ±60 min", f"{timeline}?em_volta=lead&minutos=60"),
        ("support: lead history", f"/admin/suporte/lead/{lead.pk}/historico/"),
        ("support: tenant history", f"/admin/suporte/tenant/{lead.tenant_id}/historico/"),
        ("support: dashboard (admin index)", "/admin/"),
    ]
