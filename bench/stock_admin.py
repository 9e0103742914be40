"""Stock Django admins to compare the project's changelists with, mounted by the benchmark only.

For each project admin measured, a plain `admin.ModelAdmin` with the same list_display,
list_filter and search_fields (as field names: Django's own filters and `icontains`
search), list_per_page, related rows read in the same query, and the same date_hierarchy
(the page's date navigation; BENCH_STOCK_DATE_HIERARCHY=0 leaves it out). It lives on an
AdminSite of its own at /stock-admin/, in a URLconf the benchmark switches to
(`ROOT_URLCONF = "bench.stock_admin"`); the back-office never serves it.
"""

import os
from collections.abc import Sequence

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.db.models import Model
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from fibonacci.models import Event, Trace
from nigredo.models import FormSubmission, Interacao, Lead, WebhookLog
from platform_app.models import AuditLog

WITH_DATE_HIERARCHY = os.environ.get("BENCH_STOCK_DATE_HIERARCHY", "1") != "0"
MODELS = [Lead, AuditLog, Event, Trace, Interacao, WebhookLog, FormSubmission]

stock_site = admin.AdminSite(name="stock")


def stock_filter(list_filter):
    """The field a project filter filters on, for Django's default filter of that field."""
    if isinstance(list_filter, type) and issubclass(list_filter, SimpleListFilter):
        return list_filter.parameter_name
    if isinstance(list_filter, tuple | list):
        return list_filter[0]
    return list_filter


def lists_a_big_table(model: type[Model], field_name: str) -> bool:
    """Django's filter on a foreign key lists every related row as a choice: for a key to a
    big table (a million leads) that page never finishes, so the stock admin leaves that
    filter out (the URL can still filter on it, as a plain lookup)."""
    field = model._meta.get_field(field_name)
    related_model = field.related_model if field.is_relation else None
    related = admin.site._registry.get(related_model) if related_model else None
    return bool(getattr(related, "big_table", False))


def stock_search_field(model: type[Model], name: str) -> str:
    """`tenant_id` (a foreign key's column) is searched as `tenant__id`; others as they are."""
    for field in model._meta.concrete_fields:
        if field.is_relation and field.attname == name and field.name != name:
            return f"{field.name}__{field.target_field.name}"  # type: ignore[attr-defined]
    return name


def stock_admin_class(model_admin: admin.ModelAdmin) -> type[admin.ModelAdmin]:
    """A stock ModelAdmin showing what `model_admin` shows, the way Django does by default."""
    model = model_admin.model
    attributes = {
        "list_display": model_admin.list_display,
        "list_filter": tuple(
            name
            for name in map(stock_filter, model_admin.list_filter)
            if not lists_a_big_table(model, name)
        ),
        "search_fields": tuple(stock_search_field(model, f) for f in model_admin.search_fields),
        "list_per_page": model_admin.list_per_page,
        "date_hierarchy": model_admin.date_hierarchy if WITH_DATE_HIERARCHY else None,
        "list_select_related": tuple(getattr(model_admin, "list_select_related", None) or ())
        + tuple(getattr(model_admin, "list_prefetch_related", ())),
    }
    # Columns computed by methods of the project admin.
    for column in model_admin.list_display:
        if isinstance(column, str) and callable(getattr(type(model_admin), column, None)):
            attributes[column] = getattr(type(model_admin), column)
    return type(f"Stock{type(model_admin).__name__}", (admin.ModelAdmin,), attributes)


def register(models: Sequence[type[Model]]) -> None:
    for model in models:
        if model not in stock_site._registry:
            stock_site.register(model, stock_admin_class(admin.site._registry[model]))


register(MODELS)  # before the URLs: the site's URLs are those of its registered models
urlpatterns = [*project_urlpatterns, path("stock-admin/", stock_site.urls)]
