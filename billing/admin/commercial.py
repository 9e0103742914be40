"""Commercial requests and their pipeline: pending → contacted → proposal_sent → closed,
or cancelled from any open state, each move through `commercial_request_advance`."""

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html_join

from adminkit.choices import unknown_choice_label
from adminkit.filters import selected_object_filter
from adminkit.links import related_link
from adminkit.object_actions import ObjectAction, ObjectActionsAdmin
from adminkit.search import IndexedSearch
from billing.models import CommercialRequest
from billing.services import commercial_request_advance
from billing.services.commercial import (
    commercial_request_next_statuses,
    commercial_request_status,
)
from nigredo.admin.reveal import RevealPersonalDataMixin
from platform_app.actors import Actor

Status = CommercialRequest.Status
tenant_column = related_link("tenant", "tenant")
LABELS = dict(Status.choices)


class PipelineFilter(admin.SimpleListFilter):
    """The status, NULL counted as pending (the column has no default check)."""

    title = "situação"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == Status.PENDING:
            return queryset.filter(Q(status=value) | Q(status__isnull=True))
        return queryset.filter(status=value)


def move_label(status: str) -> str:
    return "Cancelar" if status == Status.CANCELLED else f"Marcar como {LABELS.get(status, status)}"


def run_advance(actor: Actor, row: CommercialRequest, data: dict[str, Any], *, status: str) -> str:
    commercial_request_advance(acting_user=actor, request_id=row.pk, status=status)
    return f"Solicitação de {row.company_name}: {LABELS.get(status, status)}."


def describe_advance(row: CommercialRequest, *, status: str) -> list[tuple[str, Any]]:
    current = commercial_request_status(row)
    return [
        ("Solicitação", row),
        ("Situação atual", LABELS.get(current, current)),
        ("Nova situação", LABELS.get(status, status)),
    ]


@admin.register(CommercialRequest)
class CommercialRequestAdmin(RevealPersonalDataMixin, ObjectActionsAdmin):
    list_display = (
        "company_name",
        "contact_name",
        "email",
        "whatsapp",
        tenant_column,
        "pipeline_status",
        "created_at",
    )
    list_filter = (PipelineFilter, selected_object_filter("tenant"))
    list_select_related = ("tenant",)
    indexed_search = IndexedSearch(
        uuid=("id",),
        email=("email",),
        cnpj=("cnpj",),
        contains=("company_name", "contact_name"),
        names=("empresa", "contato"),
    )
    autocomplete_fields = ("tenant",)
    date_hierarchy = "created_at"
    readonly_fields = ("pipeline_status", "pipeline_moves")
    exclude = ("status",)

    @admin.display(description="situação", ordering="status")
    def pipeline_status(self, row: CommercialRequest) -> str:
        current = commercial_request_status(row)
        return LABELS[current] if current in LABELS else unknown_choice_label(current)

    @admin.display(description="avançar")
    def pipeline_moves(self, row: CommercialRequest) -> str:
        moves = commercial_request_next_statuses(row)
        if not moves:
            return "—"
        return format_html_join(
            " · ",
            "<a class='action-link' href='{}'>{}</a>",
            (
                (self.object_action_url("advance", row, status=status.value), move_label(status))
                for status in moves
            ),
        )

    def get_object_actions(self) -> list[ObjectAction]:
        return [
            ObjectAction(
                name="advance",
                route="advance/<str:status>/",
                title=lambda row, status: f"{move_label(status)}: {row.company_name}",
                run=run_advance,
                describe=describe_advance,
                button="Confirmar",
            )
        ]
