"""What every admin does with hostile input, before any of it reaches PostgreSQL.

`GuardedAdminMixin` is in every registered ModelAdmin's bases (PlatformAdmin has it;
`adminkit.E001` reports an admin without it):

- The primary key is read-only on a change form, so a posted `id` is ignored: an edited
  key would make the save UPDATE another row (or none). On an add form it is absent when
  the database generates it (UUIDPrimaryKey, serials).
- No facet counts (`?_facets=1` is ignored): a COUNT … FILTER per filter choice reads the
  whole table.
- Search terms are capped (MAX_SEARCH_WORDS words of MAX_SEARCH_WORD_LENGTH characters),
  with a message; a term holding NUL finds nothing.
- The query string of a list is checked before the ChangeList is built: NUL anywhere, a
  value a filtered field cannot hold (a non-UUID for a uuid or a foreign key, a date
  whose conversion to UTC would overflow, a 30-digit year), regex lookups. A bad filter
  is dropped with a message (Django's `?e=1` redirect) rather than answering 500.
- An object id that cannot be a primary key (NUL) is "not found", never a query.
- Datetime form fields accept only what the UTC conversion can represent.
"""

import datetime
import functools
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters, ShowFacets
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

from core.fields import check_datetime_range

MAX_SEARCH_WORDS = 10
MAX_SEARCH_WORD_LENGTH = 100
# Lookups a date part is compared with, as integers.
DATE_PARTS = {
    "year": (1, 9998),
    "iso_year": (1, 9998),
    "month": (1, 12),
    "day": (1, 31),
    "week": (1, 53),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
    "quarter": (1, 4),
    "hour": (0, 23),
    "minute": (0, 59),
    "second": (0, 59),
}
LIST_LOOKUPS = ("in", "range")
# PostgreSQL compiles the value as a pattern: a bad one is an error, not an empty list.
REFUSED_LOOKUPS = ("regex", "iregex")
FREE_TEXT_LOOKUPS = ("contains", "icontains", "startswith", "istartswith", "endswith", "iendswith")


def capped_search_term(term: str) -> tuple[str, bool]:
    """The term with at most MAX_SEARCH_WORDS words of MAX_SEARCH_WORD_LENGTH characters,
    and whether it had to be cut."""
    words = term.split()
    capped = [word[:MAX_SEARCH_WORD_LENGTH] for word in words[:MAX_SEARCH_WORDS]]
    return " ".join(capped), capped != words


def lookup_target(model: type[models.Model], key: str) -> tuple[Any, str] | None:
    """(field, lookup) a query-string key filters on, or None when the key is no field
    path (a custom filter's own parameter)."""
    opts = model._meta
    field = None
    parts = key.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            if field is None:
                return None
            return field, LOOKUP_SEP.join(parts[index:])
        if field.is_relation and field.related_model is not None and index < len(parts) - 1:
            opts = field.related_model._meta
    return field, "exact"


def check_lookup_value(field: Any, lookup: str, value: str) -> None:
    """Raise ValidationError when `value` is nothing `field__lookup` could be compared
    with without an error from Python or PostgreSQL."""
    if "\x00" in value:
        raise ValidationError("contém o caractere NUL")
    if lookup in REFUSED_LOOKUPS:
        raise ValidationError("expressões regulares não são aceitas")
    if isinstance(field, models.JSONField) or lookup == "isnull" or not field.concrete:
        return
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    last = lookup.split(LOOKUP_SEP)[-1]
    if last in DATE_PARTS:
        low, high = DATE_PARTS[last]
        if not (value.strip().lstrip("-").isdigit() and len(value.strip()) <= 5):
            raise ValidationError("não é um número")
        if not low <= int(value) <= high:
            raise ValidationError(f"fora do intervalo {low} a {high}")
        return
    if last in FREE_TEXT_LOOKUPS and isinstance(field, models.CharField | models.TextField):
        return
    values = value.split(",") if last in LIST_LOOKUPS else [value]
    target: Any = models.DateField() if last == "date" else field
    for item in values:
        try:
            python = target.to_python(item)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValidationError(str(exc)) from exc
        if isinstance(python, datetime.datetime | datetime.date):
            check_datetime_range(python)


def guarded_search(get_search_results):
    """Wrap a get_search_results: NUL finds nothing, a long term is capped (with a
    message on the list; the autocomplete's `term` is capped silently)."""
    if getattr(get_search_results, "guarded", False):
        return get_search_results

    @functools.wraps(get_search_results)
    def wrapper(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        capped, cut = capped_search_term(search_term)
        if cut and SEARCH_VAR in request.GET:
            self.message_user(
                request,
                f"A busca considera só as {MAX_SEARCH_WORDS} primeiras palavras, com até "
                f"{MAX_SEARCH_WORD_LENGTH} caracteres cada.",
                messages.WARNING,
            )
        return get_search_results(self, request, queryset, capped)

    wrapper.guarded = True
    return wrapper


class GuardedAutocompleteMixin:
    """Django's autocomplete widget looks the submitted value up to redisplay it; a value
    the related key cannot hold (not a uuid, NUL, past bigint) is dropped instead of
    raising (the form already says it is not a valid choice)."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, [item for item in value if _holds(key, item)], attr)


def _holds(field: models.Field, value: Any) -> bool:
    if value in (None, ""):
        return True
    try:
        check_lookup_value(field, "exact", str(value))
    except ValidationError:
        return False
    return not isinstance(field, models.IntegerField) or -(2**63) <= int(value) < 2**63


class GuardedAutocompleteSelect(GuardedAutocompleteMixin, AutocompleteSelect):
    pass


class GuardedAutocompleteSelectMultiple(GuardedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class GuardedFormfieldsMixin:
    """Form fields of an admin or an inline: datetimes bounded, autocompletes guarded."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            formfield.validators.append(check_datetime_range)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = GuardedAutocompleteSelect(
                db_field,
                self.admin_site,
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = GuardedAutocompleteSelectMultiple(
                db_field,
                self.admin_site,
                using=kwargs.get("using"),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GuardedAdminMixin(GuardedFormfieldsMixin):
    show_facets = ShowFacets.NEVER

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A subclass's own search (PlatformAdmin's indexed one, say) runs before this
        # mixin's in the MRO: it gets the same guard.
        if "get_search_results" in cls.__dict__:
            cls.get_search_results = guarded_search(cls.__dict__["get_search_results"])

    @guarded_search
    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        pk = self.model._meta.pk
        if obj is not None and pk.editable and pk.name not in fields:
            fields.append(pk.name)
        return fields

    def get_changelist_instance(self, request):
        if ERROR_FLAG not in request.GET:
            problems = self.query_string_problems(request)
            if problems:
                self.message_user(
                    request,
                    "Filtro inválido ignorado: " + "; ".join(problems) + ".",
                    messages.WARNING,
                )
                raise IncorrectLookupParameters(problems)
        return super().get_changelist_instance(request)

    def query_string_problems(self, request: HttpRequest) -> list[str]:
        """What is wrong with the list's query string, one line per bad parameter."""
        problems = []
        for key, values in request.GET.lists():
            if "\x00" in key:
                problems.append("parâmetro com o caractere NUL")
                continue
            # Parameters that are not field lookups (order, page, a custom filter's
            # own) are left to their readers, once free of NUL.
            target = None if key in IGNORED_PARAMS else lookup_target(self.model, key)  # type: ignore[attr-defined]
            for value in values:
                try:
                    if target is not None:
                        check_lookup_value(*target, value)
                    elif "\x00" in value:
                        raise ValidationError("contém o caractere NUL")
                except ValidationError as exc:
                    shown = value[:40].replace("\x00", "")
                    problems.append(f"{key}={shown!r}: {exc.messages[0]}")
        return problems

    def get_object(self, request, object_id, from_field=None):
        if "\x00" in str(object_id):
            return None
        return super().get_object(request, object_id, from_field)


class GuardedTabularInline(GuardedFormfieldsMixin, admin.TabularInline):
    """An inline with the guarded form fields."""


def guard_every_admin() -> None:
    """Give the guards to the admins registered without them (Django's users and groups,
    third-party apps'): each is registered again as a subclass with the mixin first."""
    for model, model_admin in list(admin.site._registry.items()):
        if isinstance(model_admin, GuardedAdminMixin):
            continue
        base = type(model_admin)
        guarded = type(f"Guarded{base.__name__}", (GuardedAdminMixin, base), {})
        admin.site.unregister(model)
        admin.site.register(model, guarded)
