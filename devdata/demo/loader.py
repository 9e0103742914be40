"""`load_demo_data`: the reference data, then the demo tables in the order they refer to
each other, in one transaction."""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from billing.reference import load_reference_data
from devdata.demo.activity import write_lead_activity
from devdata.demo.approvals import write_approvals
from devdata.demo.audit import write_platform_audit
from devdata.demo.billing import write_billing_extras
from devdata.demo.leads import write_leads
from devdata.demo.lgpd import write_lgpd
from devdata.demo.metrics import write_daily_metrics
from devdata.demo.services import suspend_tenants
from devdata.demo.specs import TENANTS
from devdata.demo.tenants import write_tenants
from devdata.demo.traffic import write_form_traffic
from devdata.demo.writer import DemoWriter


def load_demo_data(now: datetime | None = None) -> Counter[str]:
    """Write the reference and demo rows in one transaction; return the rows inserted per table.

    Every row has a fixed id and is upserted, so a second run refreshes the rows (times
    follow now) without adding any.
    """
    with transaction.atomic():
        w = DemoWriter(load_reference_data(), now or timezone.now())
        write_tenants(w, TENANTS)
        write_billing_extras(w)
        write_leads(w, TENANTS)
        for lead in w.leads:
            write_lead_activity(w, lead)
        write_lgpd(w)
        write_form_traffic(w)
        write_daily_metrics(w, TENANTS)
        write_approvals(w)
        write_platform_audit(w)
        suspend_tenants(w)
    return w.inserted
