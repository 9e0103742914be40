"""Who makes a change: the `acting_user` every service takes."""

import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """A platform user (an API caller), a staff account (the back-office), or a staff
    account linked to the platform user it acts as, which then has both."""

    platform_user_id: uuid.UUID | None = None
    tenant_id: uuid.UUID | None = None
    staff_username: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.staff_username is not None

    def audit_context(self) -> dict[str, Any]:
        """What the audit row's context says of the actor beyond its user_id."""
        return {"staff": self.staff_username} if self.staff_username else {}

    def __str__(self) -> str:
        if self.staff_username:
            return self.staff_username
        return str(self.platform_user_id or "sistema")
