"""Template tags the shared admin templates call: changelist tools (exports, saved
filters), a lead's or tenant's history on its page, the dashboard on the index."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from helpdesk.dashboard import dashboard_charts
from helpdesk.exports import FORMATS, export_spec
from helpdesk.services.saved_filters import clean_query_string
from helpdesk.views.activity import activity_for
from nigredo.models import Lead
from platform_app.models import Tenant

register = template.Library()
EMBEDDED_ACTIVITY = 15


@register.inclusion_tag("helpdesk/changelist_tools.html", takes_context=True)
def helpdesk_changelist_tools(context, cl):
    """Export links for the current filter, and the saved filters' panel (loaded on open,
    so the changelist runs no query of its own for it)."""
    request = context["request"]
    opts = cl.opts
    query = clean_query_string(request.META.get("QUERY_STRING", ""))
    exports = []
    if export_spec(cl.model) is not None:
        for export_format in FORMATS:
            url = reverse("helpdesk:export", args=[opts.app_label, opts.model_name, export_format])
            exports.append((export_format.upper(), f"{url}?{query}" if query else url))
    panel = urlencode(
        {"lista": opts.label_lower, "filtro": query, "voltar": request.get_full_path()}
    )
    return {"exports": exports, "panel_url": f"{reverse('helpdesk:saved_filters')}?{panel}"}


@register.inclusion_tag("helpdesk/activity_embedded.html", takes_context=True)
def helpdesk_activity(context, original):
    request = context["request"]
    if not isinstance(original, Lead | Tenant) or original.pk is None:
        return {"show": False}
    if isinstance(original, Lead):
        full = reverse("helpdesk:lead_activity", args=[original.pk])
    else:
        full = reverse("helpdesk:tenant_activity", args=[original.pk])
    return {
        "show": True,
        "full_url": full,
        "page_path": request.path,
        **activity_for(request, original, EMBEDDED_ACTIVITY),
    }


@register.inclusion_tag("helpdesk/dashboard.html", takes_context=True)
def helpdesk_dashboard(context):
    request = context["request"]
    charts = dashboard_charts(request.user)
    return {
        "charts": charts,
        "charts_json": [chart.as_json() for chart in charts],
        "is_superuser": request.user.is_superuser,
    }


@register.filter
def duration_ms(value):
    """1234 → '1,23 s'; 87 → '87 ms'."""
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value / 1000:.2f} s".replace(".", ",")
    return f"{value} ms"
