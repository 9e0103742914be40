"""Who sees people's contacts and names whole: the policy `core.privacy` applies.

A staff member sees a table's personal columns whole when a superuser, when allowed to
change its rows, or when inside the table's audience (the registry's `Audience`): the
Encarregado LGPD for the people who never signed up (`staff_sees_personal_data`), the
roles that may open the platform users' list for the platform's accounts (the staff's
own, in the internal tenant, are whole for all staff). Everyone else sees the registry's
`EMAIL`, `PHONE` and `NAME` columns masked. Callers that are not staff (a platform user
through the API, reading its own tenant) see them whole.
"""

from collections.abc import Callable, Mapping

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from core.privacy import viewing
from nigredo.personal_data import Audience, PersonalTable, personal_table
from staff.selectors import staff_sees_personal_data


def sees_whole(user, table: PersonalTable) -> bool:
    """Whether `user` sees the personal columns of `table` unmasked."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False)):
        return True
    if user.is_superuser:
        return True
    opts = table.model_class._meta
    if user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return True
    if table.audience is Audience.ACCOUNTS:
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    return staff_sees_personal_data(user)


def masked_columns_for(user, model: type[Model]) -> dict[str, str]:
    """{column: kind} of `model` that `user` sees masked."""
    table = personal_table(model)
    if table is None:
        return {}
    columns = table.masked_columns()
    if not columns or sees_whole(user, table):
        return {}
    return columns


class StaffPolicy:
    """The policy of one request: the viewer is read when first needed (an API view's
    caller is known only once DRF authenticated it), each table decided once."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.decided: dict[type[Model], Mapping[str, str]] = {}

    def __call__(self, model: type[Model], obj: Model | None = None) -> Mapping[str, str]:
        columns = self.decided.get(model)
        if columns is None:
            columns = self.decided[model] = masked_columns_for(self.request.user, model)
        if columns and obj is not None:
            table = personal_table(model)
            if table is not None and table.whole_row is not None and table.whole_row(obj):
                return {}
        return columns


class PersonalDataMiddleware:
    """Each request runs under its viewer's policy (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with viewing(StaffPolicy(request)):
            return self.get_response(request)
