"""The blocklist: entries added and removed through the services (removal with a reason,
both audited), searched exactly by e-mail or phone in any spelling, erased entries
included (found by their keyed hash)."""

import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from adminkit.links import change_url, changelist_url, related_link
from adminkit.options import PlatformAdmin
from core.validators import validate_email, validate_phone
from nigredo.admin.reveal import RevealPersonalDataMixin
from nigredo.contacts import contact_hashes, normalize_email, normalize_phone
from nigredo.models import BlocklistEntry
from nigredo.people import blocklist_of_person
from nigredo.services import blocklist_entry_add, blocklist_entry_remove

lead_column = related_link("lead", "lead")
ERASED = "apagado (direito ao esquecimento)"


class BlocklistAddForm(forms.Form):
    email = forms.CharField(
        label="E-mail", required=False, max_length=255, validators=[validate_email]
    )
    telefone = forms.CharField(
        label="Telefone",
        required=False,
        max_length=40,
        validators=[validate_phone],
        help_text="Com DDD, em qualquer formato.",
    )
    reason = forms.CharField(
        label="Motivo", max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    lead = forms.UUIDField(label="Id do lead", required=False, help_text="Opcional.")


class BlocklistRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Motivo da remoção",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Obrigatório: fica na trilha de auditoria. O contato volta a poder ser abordado.",
    )


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(RevealPersonalDataMixin, PlatformAdmin):
    list_display = ("contact_email", "contact_phone", lead_column, "reason", "created_at")
    list_select_related = ("lead",)
    date_hierarchy = "created_at"
    search_fields = ("email",)  # replaced by get_search_results
    search_help_text = (
        "Busca exata por e-mail ou telefone (em qualquer grafia; entradas apagadas incluídas) "
        "ou pelo id da entrada ou do lead."
    )
    actions = None  # removals one by one, each with its reason

    @admin.display(description="e-mail")
    def contact_email(self, entry):
        if entry.email is None and entry.telefone is None:
            return format_html("<em>{}</em>", ERASED)
        return entry.email or "-"

    @admin.display(description="telefone")
    def contact_phone(self, entry):
        return entry.telefone or "-"

    def has_change_permission(self, request, obj=None):
        # An entry is added or removed, never edited; the page shows it read-only.
        return False

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        try:
            value = uuid.UUID(term)
        except ValueError:
            pass
        else:
            return queryset.filter(Q(pk=value) | Q(lead_id=value)), False
        email = normalize_email(term) if "@" in term else None
        phone = None if email else normalize_phone(term)
        if email is None and phone is None:
            return queryset.none(), False
        hashes = contact_hashes([email or phone or ""])
        found = blocklist_of_person(
            emails=[email] if email else [],
            phones=[phone] if phone else [],
            email_hashes=[hashes[email]] if email else [],
            phone_hashes=[hashes[phone]] if phone else [],
        ).values("pk")
        return queryset.filter(pk__in=found), False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BlocklistAddForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            entry = self.call_service(
                request,
                blocklist_entry_add,
                email=data["email"] or None,
                telefone=data["telefone"] or None,
                reason=data["reason"],
                lead_id=data["lead"],
            )
            if entry is not None:
                self.message_user(request, "Contato bloqueado.", messages.SUCCESS)
                return HttpResponseRedirect(changelist_url(BlocklistEntry))
        return self._form_page(request, "Bloquear contato", form, "Bloquear", None)

    def delete_view(self, request, object_id, extra_context=None):
        entry = self.get_object(request, unquote(object_id))
        if entry is None:
            raise Http404
        if not self.has_delete_permission(request, entry):
            raise PermissionDenied
        form = BlocklistRemoveForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            removed = self.call_service(
                request,
                blocklist_entry_remove,
                entry_id=entry.pk,
                reason=form.cleaned_data["reason"],
            )
            if removed is not None:
                self.message_user(request, "Entrada removida da blocklist.", messages.SUCCESS)
                return HttpResponseRedirect(changelist_url(BlocklistEntry))
        return self._form_page(request, "Remover da blocklist", form, "Remover", entry)

    def _form_page(self, request, title, form, button, entry):
        description = []
        if entry is not None:
            description = [
                ("E-mail", entry.email or (ERASED if entry.telefone is None else "-")),
                ("Telefone", entry.telefone or "-"),
                ("Motivo do bloqueio", entry.reason or "-"),
            ]
        return TemplateResponse(
            request,
            "admin/nigredo/blocklistentry/form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                "form": form,
                "button": button,
                "destructive": entry is not None,
                "description": description,
                "entry_url": change_url(entry) if entry is not None else None,
                "back_url": reverse("admin:nigredo_blocklistentry_changelist"),
            },
        )
