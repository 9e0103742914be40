"""The nigredo_leads admin, one module per area."""

from nigredo.admin import leads, lgpd, prospecting, public_form  # noqa: F401
