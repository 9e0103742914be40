"""A staff member's saved changelist filters (the back-office's own table; no platform
row changes, so no audit row)."""

from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction

from core.exceptions import ApplicationError, NotFound
from helpdesk.models import SavedFilter

MAX_NAME = 100
MAX_QUERY = 2_000
# Page number and popup markers are where the staff member was, not what they filtered.
NOT_A_FILTER = frozenset({"p", "_popup", "_to_field", "e", "atividade"})


def clean_query_string(query_string: str) -> str:
    pairs = parse_qsl(query_string.lstrip("?"), keep_blank_values=True)
    return urlencode([(key, value) for key, value in pairs if key not in NOT_A_FILTER])


@transaction.atomic
def saved_filter_save(
    *, owner: User, model_label: str, name: str, query_string: str
) -> SavedFilter:
    """Save (or replace) the owner's filter `name` on the changelist of `model_label`."""
    name = name.strip()
    if not name:
        raise ApplicationError("saved_filter_name_required", "Dê um nome ao filtro.")
    if len(name) > MAX_NAME:
        raise ApplicationError(
            "saved_filter_name_too_long", f"O nome pode ter no máximo {MAX_NAME} caracteres."
        )
    try:
        apps.get_model(model_label)
    except (LookupError, ValueError) as exc:
        raise NotFound("saved_filter_list_not_found", "Lista não encontrada.") from exc
    query = clean_query_string(query_string)
    if not query:
        raise ApplicationError(
            "saved_filter_empty", "A lista não tem filtro aplicado: nada para salvar."
        )
    if len(query) > MAX_QUERY:
        raise ApplicationError("saved_filter_too_long", "O filtro é longo demais para salvar.")
    saved, _ = SavedFilter.objects.update_or_create(
        owner=owner, model_label=model_label.lower(), name=name, defaults={"query_string": query}
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, owner: User, saved_filter_id: int) -> None:
    """Delete one of the owner's saved filters."""
    deleted, _ = SavedFilter.objects.filter(pk=saved_filter_id, owner=owner).delete()
    if not deleted:
        raise NotFound("saved_filter_not_found", "Filtro salvo não encontrado.")
