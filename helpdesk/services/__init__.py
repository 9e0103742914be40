"""State changes of the support tools: the audit row of an export, saved filters, the
dashboard's summaries."""

from helpdesk.services.dashboard import dashboard_summaries_refresh
from helpdesk.services.exports import export_record, sees_personal_data
from helpdesk.services.saved_filters import saved_filter_delete, saved_filter_save

__all__ = [
    "dashboard_summaries_refresh",
    "export_record",
    "saved_filter_delete",
    "saved_filter_save",
    "sees_personal_data",
]
