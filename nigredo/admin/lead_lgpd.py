"""A lead's LGPD pages: consent recorded or withdrawn, unsubscribe, the erasure request,
the per-tenant consent report and the data subject's report. Each change runs its
service (nigredo.services); the pages hold declarations and forms only."""

import json
import uuid
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from adminkit.choices import OpenChoicesModelForm
from adminkit.links import change_url, changelist_url
from adminkit.object_actions import ObjectAction, ObjectActionsAdmin
from core.exceptions import ApplicationError
from nigredo.admin.reveal import RevealPersonalDataMixin
from nigredo.models import Lead
from nigredo.reports import Lookup, consent_report
from nigredo.services import (
    lead_consent_record,
    lead_consent_withdraw,
    lead_erasure_request,
    lead_unsubscribe,
    subject_report_generate,
)
from nigredo.services.consent import DEFAULT_SOURCE
from nigredo.services.unsubscribe import DEFAULT_REASON
from platform_app.actors import Actor
from platform_app.admin.gated_actions import GatedActionRequestForm, GatedActionsMixin
from platform_app.models import PUBLIC_FORM_TENANT_ID, ApprovalRequest, Tenant
from staff.roles import LGPD_OFFICERS
from staff.selectors import staff_sees_personal_data
from staff.services import actor_for_staff

CONSENT_FIELDS = ("consent_given", "consent_date", "consent_source", "consent_ip_address")
# Set only by their flows (unsubscribe, erasure), never by the lead's form.
FLOW_STATUSES = {Lead.Status.DESCADASTRADO, Lead.Status.ANONIMIZADO}


class LeadForm(OpenChoicesModelForm):
    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else None
        if status in FLOW_STATUSES and status != current:
            raise forms.ValidationError(
                "Use “Descadastrar” ou o direito ao esquecimento: essas situações vêm dos "
                "seus fluxos, que também bloqueiam o contato."
            )
        return status


class ConsentForm(forms.Form):
    source = forms.CharField(
        label="Origem",
        max_length=100,
        initial=DEFAULT_SOURCE,
        help_text="Por onde o titular consentiu: api, formulario_site, whatsapp_opt_in…",
    )
    ip_address = forms.CharField(
        label="IP do consentimento", required=False, help_text="IPv4 ou IPv6, se conhecido."
    )
    given_at = forms.DateTimeField(
        label="Data do consentimento",
        required=False,
        help_text="Vazio: agora. Formato 31/12/2025 14:30.",
    )


class UnsubscribeForm(forms.Form):
    reason = forms.CharField(
        label="Motivo",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=f"Vazio: “{DEFAULT_REASON}”.",
    )


class LeadErasureForm(GatedActionRequestForm):
    """The right to be forgotten: the approvers are the Encarregado LGPD's linked users."""

    approver_group = LGPD_OFFICERS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["approvers"]
        reason = self.fields["reason"]
        reason.label = "Pedido do titular"
        reason.help_text = (
            "Quando e por qual canal o titular pediu. Não escreva o e-mail, o telefone nem o "
            "nome dele: o texto fica na solicitação. Aprovam os Encarregados LGPD."
        )

    def create_request(self, model_admin: Any, request: Any, action: Any) -> Any:
        return model_admin.call_service(
            request, lead_erasure_request, lead_id=self.obj.pk, reason=self.cleaned_data["reason"]
        )


def _record_consent(acting_user: Actor, lead: Lead, data: dict[str, Any]) -> str:
    lead_consent_record(
        acting_user=acting_user,
        lead_id=lead.pk,
        source=data["source"],
        ip_address=data.get("ip_address") or None,
        given_at=data.get("given_at"),
    )
    return "Consentimento registrado."


def _withdraw_consent(acting_user: Actor, lead: Lead, data: dict[str, Any]) -> str:
    lead_consent_withdraw(acting_user=acting_user, lead_id=lead.pk)
    return "Consentimento retirado."


def _unsubscribe(acting_user: Actor, lead: Lead, data: dict[str, Any]) -> str:
    outcome = lead_unsubscribe(
        acting_user=acting_user, lead_id=lead.pk, reason=data.get("reason") or None
    )
    if not outcome.changed:
        return "O lead já estava descadastrado; nada mudou."
    return "Lead descadastrado: " + "; ".join(outcome.actions_performed) + "."


LEAD_ACTIONS = [
    ObjectAction(
        name="consent_record",
        route="consentimento/registrar/",
        title="Registrar consentimento de {obj}",
        run=_record_consent,
        form=lambda lead, data=None: ConsentForm(data),
        button="Registrar consentimento",
    ),
    ObjectAction(
        name="consent_withdraw",
        route="consentimento/retirar/",
        title="Retirar o consentimento de {obj}",
        run=_withdraw_consent,
        describe=lambda lead: [
            ("Consentimento", f"dado em {timezone.localtime(lead.consent_date):%d/%m/%Y %H:%M}")
            if lead.consent_date
            else ("Consentimento", "dado"),
            ("Origem", lead.consent_source or "-"),
            ("Depois", "o lead fica sem consentimento; o registro do que foi dado fica."),
        ],
        button="Retirar consentimento",
        destructive=True,
    ),
    ObjectAction(
        name="unsubscribe",
        route="descadastrar/",
        title="Descadastrar {obj}",
        run=_unsubscribe,
        form=lambda lead, data=None: UnsubscribeForm(data),
        describe=lambda lead: [
            ("Situação", "passa a descadastrado"),
            ("Agendamentos futuros", "cancelados"),
            ("Blocklist", "recebe o e-mail e os telefones do lead"),
        ],
        button="Descadastrar",
        destructive=True,
    ),
]


class LeadLgpdAdmin(RevealPersonalDataMixin, GatedActionsMixin, ObjectActionsAdmin):
    """The LGPD side of the leads' admin."""

    form = LeadForm
    gated_action_forms = {ApprovalRequest.ActionType.LGPD_ERASURE: LeadErasureForm}

    def get_object_actions(self) -> list[ObjectAction]:
        return LEAD_ACTIONS

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # consent changes through its pages only (audited)
            readonly += CONSENT_FIELDS
            if obj.status == Lead.Status.ANONIMIZADO:
                readonly += [field.name for field in obj._meta.concrete_fields]
        return list(dict.fromkeys(readonly))

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        return excluded + list(CONSENT_FIELDS) if obj is None else excluded

    def gated_action_buttons(self, request, obj) -> list[dict[str, str]]:
        """The LGPD actions the lead's state allows, then the erasure request."""
        buttons = []
        if self.has_change_permission(request, obj) and obj.status != Lead.Status.ANONIMIZADO:
            names = ["consent_record"]
            if obj.consent_given:
                names.append("consent_withdraw")
            if obj.status != Lead.Status.DESCADASTRADO:
                names.append("unsubscribe")
            labels = {
                "consent_record": "Registrar consentimento",
                "consent_withdraw": "Retirar consentimento",
                "unsubscribe": "Descadastrar",
            }
            buttons = [
                {"label": labels[name], "url": self.object_action_url(name, obj)} for name in names
            ]
        return buttons + super().gated_action_buttons(request, obj)

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "lgpd/consentimento/",
                self.admin_site.admin_view(self.consent_report_view),
                name=f"{prefix}_consent_report",
            ),
            path(
                "lgpd/titular/",
                self.admin_site.admin_view(self.subject_report_view),
                name=f"{prefix}_subject_report",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "lgpd_links": self.lgpd_links(request),
        }
        return super().changelist_view(request, extra_context)

    def lgpd_links(self, request) -> list[tuple[str, str]]:
        links = [("Relatório de consentimento", reverse("admin:nigredo_lead_consent_report"))]
        if staff_sees_personal_data(request.user):
            links.append(
                ("Relatório do titular (LGPD)", reverse("admin:nigredo_lead_subject_report"))
            )
        return links

    # The reports -------------------------------------------------------------------

    def _page(self, request: HttpRequest, template: str, title: str, **context: Any):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                "changelist_url": changelist_url(Lead),
                **context,
            },
        )

    def consent_report_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        tenants = [(str(PUBLIC_FORM_TENANT_ID), "Formulário público (sem tenant)")] + [
            (str(pk), name)
            for pk, name in Tenant.objects.order_by("company_name").values_list(
                "pk", "company_name"
            )
        ]
        chosen = request.GET.get("tenant") or ""
        report, report_links = None, None
        rows = []
        if chosen:
            try:
                tenant_id = uuid.UUID(chosen)
            except ValueError:
                tenant_id = None
            if tenant_id is not None:
                report = consent_report(tenant_id=tenant_id)
                base = {"tenant": str(tenant_id)}
                rows = [
                    (source, count, changelist_url(Lead, **base, consent_given__exact="1"))
                    for source, count in report.by_source
                ]
                report_links = {
                    "all": changelist_url(Lead, **base),
                    "with": changelist_url(Lead, **base, consent_given__exact="1"),
                    "without": changelist_url(Lead, **base, consent_given__exact="0"),
                }
        return self._page(
            request,
            "admin/nigredo/lead/consent_report.html",
            "Relatório de consentimento por tenant",
            tenants=tenants,
            chosen=chosen,
            report=report,
            rows=rows,
            report_links=report_links,
        )

    def subject_report_view(self, request: HttpRequest) -> HttpResponse:
        if not staff_sees_personal_data(request.user):
            raise PermissionDenied
        kind = request.GET.get("tipo") or Lookup.EMAIL
        value = (request.GET.get("valor") or "").strip()
        export_format = "json" if request.GET.get("formato") == "json" else "html"
        report, error = None, None
        if value and kind in Lookup.LABELS:
            try:
                report = subject_report_generate(
                    acting_user=actor_for_staff(cast(User, request.user)),
                    export_format=export_format,
                    **{kind: value},
                )
            except ApplicationError as exc:
                error = exc.message
        if report is not None and export_format == "json":
            response = HttpResponse(
                json.dumps(report.as_json(), ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            stamp = report.generated_at.strftime("%Y%m%d-%H%M%S")
            response["Content-Disposition"] = f'attachment; filename="titular-{stamp}.json"'
            return response
        sections = []
        if report is not None:
            for section in report.sections:
                sections.append(
                    {
                        "key": section.key,
                        "label": section.label,
                        "truncated": section.truncated,
                        "rows": [
                            (
                                change_url(row),
                                str(row) or f"{row._meta.verbose_name} {row.pk}",
                                _summary(section.key, row),
                            )
                            for row in section.rows
                        ],
                    }
                )
        query = request.GET.copy()
        query["formato"] = "json"
        return self._page(
            request,
            "admin/nigredo/lead/subject_report.html",
            "Relatório do titular (LGPD art. 18)",
            kinds=list(Lookup.LABELS.items()),
            kind=kind,
            value=value,
            error=error,
            report=report,
            sections=sections,
            json_url=f"?{query.urlencode()}",
        )


def _summary(key: str, row: Any) -> str:
    """One line per row on the page (the JSON download has every column)."""
    if key == "leads":
        consent = (
            f"consentimento: {row.consent_source or 'sim'}"
            if row.consent_given
            else "sem consentimento"
        )
        return (
            f"{row.contato or row.name or '-'} · {row.email or '-'} · "
            f"{row.telefone or row.phone or '-'} · {row.get_status_display()} · {consent} · "
            f"tenant {row.tenant_id}"
        )
    if key == "interactions":
        return f"{row.tipo} via {row.canal}: {row.mensagem[:120]}"
    if key == "meetings":
        return f"{timezone.localtime(row.data_hora):%d/%m/%Y %H:%M} · {row.status}"
    if key == "blocklist":
        contact = row.email or row.telefone or "contato apagado (hash)"
        return f"{contact} · {row.reason or '-'}"
    if key == "auditLogs":
        when = timezone.localtime(row.created_at)
        return f"{row.action_type} · {row.result} · {when:%d/%m/%Y %H:%M}"
    created = (
        getattr(row, "created_at", None)
        or getattr(row, "submitted_at", None)
        or getattr(row, "sent_at", None)
    )
    return f"{timezone.localtime(created):%d/%m/%Y %H:%M}" if created else ""
