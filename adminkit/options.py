"""Base ModelAdmin classes for the platform's tables."""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import User
from django.db import IntegrityError, models, router, transaction
from django.db.models import Model, QuerySet, Value
from django.db.models.functions import Now
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from adminkit.choices import OpenChoicesModelForm
from adminkit.concurrency import (
    FINGERPRINT_FIELD,
    StaleInlineRowGuard,
    StaleRowGuard,
    changed_columns,
    editable_columns,
    row_fingerprint,
)
from adminkit.deletion import delete_effects, integrity_refusal, model_of, table_label
from adminkit.guards import GuardedAdminMixin, GuardedTabularInline
from adminkit.keyset import KeysetChangeList
from adminkit.links import related_links
from adminkit.money import is_money, money_formfield
from adminkit.paginator import EstimatedCountPaginator, GuardedCountPaginator
from adminkit.search import IndexedSearch
from adminkit.widgets import JSONTextarea
from core.exceptions import ApplicationError
from core.privacy import mask_instance, masked_columns
from staff.services import actor_for_staff

Result = TypeVar("Result")
RelatedRecords = list[tuple[str, type[Model], QuerySet, dict]]


class PlatformAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Admin of a platform table: no COUNT(*) over big tables, indexed search only,
    columns the database fills (ids, defaults, triggers) shown read-only."""

    form = OpenChoicesModelForm
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    indexed_search: IndexedSearch | None = None
    formfield_overrides = {models.JSONField: {"widget": JSONTextarea}}
    # Millions of rows: its search fields must be index-backed (adminkit.W001), and its
    # changelist pages by cursor (adminkit.keyset), never by page number.
    big_table = False
    # Foreign keys without a database constraint: prefetched (one query), never joined,
    # since an INNER JOIN would hide the rows whose related row is gone.
    list_prefetch_related: tuple[str, ...] = ()
    # What a big table's list may be sorted by (default: the model's ordering field),
    # each with an index on (field DESC, primary key DESC).
    keyset_fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.indexed_search is not None:
            cls.search_fields = cls.indexed_search.fields
            cls.search_help_text = cls.indexed_search.help_text()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*self.list_prefetch_related)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_money(db_field):
            formfield = money_formfield(db_field, **kwargs)
        else:
            formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.initial is None:
            formfield.initial = database_default(db_field)
        return formfield

    def action_checkbox(self, obj):
        """Django's row checkbox, written directly (same HTML): rendering the widget's
        template once per row made it the most expensive cell of a changelist."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_list_display_links(self, request, list_display):
        """Django links the first column to the row; when that column is itself a link
        (a parent's, `renders_link`), the first column that is not one links instead:
        a link inside a link opens the parent."""
        if self.list_display_links != ():
            return super().get_list_display_links(request, list_display)
        for column in list_display:
            attr = getattr(self, column, None) if isinstance(column, str) else column
            if not getattr(attr, "renders_link", False):
                return [column]
        return None

    def get_changelist_instance(self, request):
        """The list's rows with the people's contacts the viewer may not see masked."""
        changelist = super().get_changelist_instance(request)
        if masked_columns(self.model):
            for obj in changelist.result_list:
                mask_instance(obj)
        return changelist

    def get_object(self, request, object_id, from_field=None):
        """A row shown to a viewer who may not change it: its people's contacts masked
        as that viewer may see them (a row that may be saved is never masked)."""
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is not None
            and request.method in ("GET", "HEAD")
            and masked_columns(self.model)
            and not self.has_change_permission(request, obj)
        ):
            mask_instance(obj)
        return obj

    def get_changelist(self, request, **kwargs):
        if self.big_table:
            return KeysetChangeList
        return super().get_changelist(request, **kwargs)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = GuardedCountPaginator if self.big_table else self.paginator
        return paginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_keyset_fields(self) -> tuple[str, ...]:
        """The fields a keyset list may be sorted by; the first is its default."""
        if self.keyset_fields:
            return self.keyset_fields
        ordering = self.ordering or self.model._meta.ordering or [self.date_hierarchy]
        return (str(ordering[0]).lstrip("-"),)

    def get_sortable_by(self, request):
        """A keyset list sorts only by its keyset fields: the other headers are plain."""
        if not self.big_table:
            return super().get_sortable_by(request)
        fields = self.get_keyset_fields()
        sortable = []
        for column in self.get_list_display(request):
            attr = getattr(self, column, None) if isinstance(column, str) else column
            order_field = column if isinstance(column, str) else None
            order_field = getattr(attr, "admin_order_field", order_field)
            if isinstance(order_field, str) and order_field.lstrip("-") in fields:
                sortable.append(column)
        return sortable

    def get_readonly_fields(self, request, obj=None):
        declared = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return declared
        filled_by_database = [
            field.name
            for field in self.model._meta.concrete_fields
            if not field.editable and field.name not in declared
        ]
        return declared + filled_by_database

    def call_service(
        self, request: HttpRequest, service: Callable[..., Result], /, **kwargs: Any
    ) -> Result | None:
        """Run a service as the staff member; a refusal becomes an error message (None)."""
        try:
            return service(acting_user=actor_for_staff(cast(User, request.user)), **kwargs)
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On a change's POST, a form that refuses a stale save (adminkit.concurrency)."""
        form = super().get_form(request, obj, change, **kwargs)
        if change and obj is not None and request.method == "POST":
            submitted = request.POST.get(FINGERPRINT_FIELD, "")
            return type(form.__name__, (StaleRowGuard, form), {"submitted_fingerprint": submitted})
        return form

    def get_formsets_with_inlines(self, request, obj=None):
        """Each inline row's form refuses a row changed since the page showed it."""
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = type(formset.form.__name__, (StaleInlineRowGuard, formset.form), {})
            yield formset, inline

    def save_model(self, request, obj, form, change):
        """A change writes only the columns whose values differ from the locked row."""
        locked = getattr(form, "locked", None)
        if not change or locked is None:
            return super().save_model(request, obj, form, change)
        changed = changed_columns(obj, locked)
        if changed:
            obj.save(update_fields=changed)
        return None

    def get_deleted_objects(self, objs, request):
        """Django's list, plus what the database's own foreign keys do: the rows its
        cascades delete, the columns its SET NULLs empty, and the keys that refuse."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        effects = delete_effects(
            self.model, [obj.pk for obj in objs], using=router.db_for_write(self.model)
        )
        for label, count in effects.summary():
            model_count[label] = count
            deleted.append(f"{label}: {count}")
        # The rows the database deletes in cascade need the delete permission Django's
        # collector would have asked for, had it seen them.
        for table in effects.deleted:
            model = model_of(table)
            if model is None or not request.user.has_perm(
                f"{model._meta.app_label}.{get_permission_codename('delete', model._meta)}"
            ):
                perms_needed.add(table_label(table))
        return deleted, model_count, perms_needed, [*protected, *effects.refusals()]

    def delete_view(self, request, object_id, extra_context=None):
        """A delete the database still refuses (a row written since the confirmation)
        becomes a message on the row's page, nothing deleted."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except IntegrityError as exc:
            self.message_user(request, integrity_refusal(exc), messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[unquote(object_id)],
                )
            )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (guarded_delete_selected, name, description)
        return actions

    def get_related_records(self, obj) -> RelatedRecords:
        """(label, model, queryset, changelist filter) for the rows linked from obj's page."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Add links to the related rows the viewer may see, with their (bounded) counts."""
        if obj is not None and not add:
            rows = [
                row
                for row in self.get_related_records(obj)
                if (related_admin := self.admin_site._registry.get(row[1]))
                and related_admin.has_view_permission(request)
            ]
            context["related_links"] = related_links(rows) if rows else None
            # A refused save keeps the fingerprint it was posted with: saving again
            # without reloading must be refused again.
            context["row_fingerprint"] = (
                request.POST.get(FINGERPRINT_FIELD)
                if request.method == "POST"
                else row_fingerprint(
                    obj, editable_columns(self.model, context["adminform"].form.fields)
                )
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_search_results(self, request, queryset, search_term):
        """Given a term, filter through the indexed columns only (never `%term%`)."""
        if self.indexed_search is None:
            return super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return queryset, False
        return self.indexed_search.filter(queryset, search_term), False


@admin.action(permissions=["delete"], description=delete_selected.short_description)  # type: ignore[attr-defined]
def guarded_delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, in a savepoint: a delete the database refuses is a message."""
    try:
        with transaction.atomic(using=router.db_for_write(modeladmin.model)):
            return delete_selected(modeladmin, request, queryset)
    except IntegrityError as exc:
        modeladmin.message_user(request, integrity_refusal(exc), messages.ERROR)
        return None


def database_default(field: models.Field) -> Any:
    """What the column's DEFAULT stores, as an add form's initial value: a status select
    starts on `active`, a nullable boolean on "Sim" rather than "Desconhecido" (which
    would save NULL over the database's default), a `now()` column on the current time."""
    default = getattr(field, "db_default", models.NOT_PROVIDED)
    if default is models.NOT_PROVIDED:
        return None
    if isinstance(default, Now):
        return timezone.now
    if isinstance(default, Value):
        return default.value
    return None if hasattr(default, "resolve_expression") else default


class NoWritesMixin:
    """Nobody, superusers included, adds, changes or deletes these rows here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoWritesMixin, PlatformAdmin):
    """Rows other services write: staff may look, never edit."""

    def get_fields(self, request, obj=None):
        if self.fields or self.fieldsets:
            return super().get_fields(request, obj)
        return [field.name for field in self.model._meta.concrete_fields]


class ReadOnlyInline(NoWritesMixin, GuardedTabularInline):
    """Related rows shown on their parent's page, never edited there."""

    extra = 0
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields
