"""State changes of the nigredo_leads schema: one function per change, keyword-only
arguments, an `acting_user`, one transaction, one audit row."""

from nigredo.services.blocklist import blocklist_entry_add, blocklist_entry_remove
from nigredo.services.consent import lead_consent_record, lead_consent_withdraw
from nigredo.services.erasure import lead_erase, lead_erasure_request
from nigredo.services.reveal import personal_data_reveal
from nigredo.services.subject_report import subject_report_generate
from nigredo.services.unsubscribe import lead_unsubscribe

__all__ = [
    "blocklist_entry_add",
    "blocklist_entry_remove",
    "lead_consent_record",
    "lead_consent_withdraw",
    "lead_erase",
    "lead_erasure_request",
    "lead_unsubscribe",
    "personal_data_reveal",
    "subject_report_generate",
]
