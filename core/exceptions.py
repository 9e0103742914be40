"""The one error type of the back-office's rules.

A service refuses a change by raising ApplicationError (or a subclass naming the kind
of refusal) with a stable `code` and a pt-BR `message`; it has written nothing. The admin
shows the message to the staff member; the API answers
`{"error": code, "message": message, "details": details}` with `status`.
"""

from typing import Any


class ApplicationError(Exception):
    """A refused change: `code` is stable for programs, `message` is for people."""

    status = 400

    def __init__(self, code: str, message: str, *, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}

    def __str__(self) -> str:
        return self.message


class PermissionDenied(ApplicationError):
    """The actor may not make this change (403)."""

    status = 403


class NotFound(ApplicationError):
    """The row the change names does not exist, or the actor may not see it (404)."""

    status = 404


class Conflict(ApplicationError):
    """The change conflicts with the row's state or a limit (409)."""

    status = 409


class Gone(ApplicationError):
    """The row can no longer take the change, as an expired approval request (410)."""

    status = 410
