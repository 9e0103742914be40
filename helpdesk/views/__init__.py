"""The support pages, served inside the admin (login, staff only, the admin's layout)."""
