"""Who may call which endpoint.

- Staff (API key or session): the Django model permissions of their groups, exactly as
  the admin checks them: GET/HEAD/OPTIONS need `view_<model>`, POST `add_<model>`,
  PUT/PATCH `change_<model>`, DELETE `delete_<model>` on the view's `permission_model`,
  unless the view names its own (`staff_permissions = {"POST": ["app.codename"]}`).
  `Suporte` holds only view permissions, so it reads and never writes.
- Platform users: the endpoints that declare `platform_users = True` (or a tuple of the
  methods open to them, `("GET", "HEAD", "OPTIONS")`); PostgreSQL's
  row-level security confines what they see and change to their tenant.
"""

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.callers import is_platform_caller, is_staff_caller

ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def staff_permissions_for(view, method: str) -> list[str]:
    """The permission codenames (app_label.codename) a staff caller needs."""
    explicit = getattr(view, "staff_permissions", None) or {}
    if method in explicit:
        return list(explicit[method])
    model = getattr(view, "permission_model", None)
    if model is None:
        return ["__superuser_only__"]
    return [f"{model._meta.app_label}.{ACTIONS[method]}_{model._meta.model_name}"]


class CallerPermission(BasePermission):
    """The default permission of every API view (see the module docstring)."""

    message = "Você não tem permissão para esta operação."

    def has_permission(self, request: Request, view) -> bool:
        if is_platform_caller(request):
            allowed = getattr(view, "platform_users", False)
            if isinstance(allowed, tuple):
                return request.method in allowed
            return bool(allowed)
        if is_staff_caller(request):
            if request.user.is_superuser:
                return True
            return request.user.has_perms(staff_permissions_for(view, request.method or "GET"))
        return False
