"""The data subject's report, generated and audited (who asked and when, never the data)."""

from django.db import transaction

from nigredo.locks import actor_sees_every_tenant
from nigredo.reports import SubjectReport, subject_report
from platform_app.actors import Actor
from platform_app.models import AuditAction
from platform_app.services import audit_log_record


@transaction.atomic
def subject_report_generate(
    *,
    acting_user: Actor,
    email: str | None = None,
    phone: str | None = None,
    cnpj: str | None = None,
    export_format: str = "html",
) -> SubjectReport:
    """Everything the platform holds about the person one identifier names (a customer
    tenant's user: about its own tenant's leads only); the audit row says who asked,
    how (lookup kind, format) and how many rows each table gave, not who about."""
    tenant_id = None if actor_sees_every_tenant(acting_user) else acting_user.tenant_id
    report = subject_report(email=email, phone=phone, cnpj=cnpj, tenant_id=tenant_id)
    audit_log_record(
        action=AuditAction.SUBJECT_REPORT,
        acting_user=acting_user,
        tenant_id=tenant_id,
        context={"lookup": report.lookup, "format": export_format, "rows": report.counts},
    )
    return report
