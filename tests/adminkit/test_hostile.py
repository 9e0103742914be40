"""Hostile requests over every registered admin, as a superuser on the demo data: zero 5xx.

The cases are generated from the registry (`admin.site._registry`), not listed by hand:
query strings (NUL, huge and SQL-like searches, bad `o`/`p`, `_facets`, late-9999 and
30-digit-year dates on every date column, NUL and bad values on every filter and field
lookup), bad object ids on the change, delete and history pages, the autocomplete's
`term`, and every writable form posted with a hostile value per field (NUL, 1e400 and
other JSON PostgreSQL refuses, 31/12/9999 23:59:59, foreign keys that are not ids).
"""

import datetime
import json
import time
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.db import models
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE_SEARCH = " ".join(["a"] * 2000)
SQL_SEARCH = "' OR 1=1; SELECT pg_sleep(10); --"
LATE_DATETIMES = ("9999-12-31 23:00:00", "9999-12-31 23:59:59")  # São Paulo: past UTC's 9999
THIRTY_DIGIT_YEAR = "1" * 30 + "-01-01"
BAD_IDS = (NUL, "not-a-uuid", "9" * 20, "' OR 1=1 --")
BAD_FOREIGN_KEYS = ("not-a-uuid", NUL, "9" * 20)
HOSTILE_JSON = (
    '{"a": "\\u0000"}',
    '{"a": 1e400}',
    '{"a": NaN}',
    '{"a": "\\ud800"}',
    "[" * 100_000 + "]" * 100_000,
    '"bare"',
    "1" * 5000,
)
HOSTILE_TEXT = ("a" + NUL + "b",)
HOSTILE_NUMBERS = ("9" * 30, "1e400", NUL)
LATE_SPLIT_DATETIME = ("31/12/9999", "23:59:59")


def registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def date_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField | models.DateTimeField)
    ]


def filter_parameters(model, model_admin, request) -> list[str]:
    """The query-string keys of the admin's list filters."""
    names = []
    for entry in model_admin.get_list_filter(request):
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, tuple | list):
            names.append(entry[0])
        elif getattr(entry, "parameter_name", None):
            names.append(entry.parameter_name)
    return names


def changelist_queries(model, model_admin, request) -> list[dict[str, str]]:
    queries: list[dict[str, str]] = [
        {SEARCH_VAR: NUL},
        {SEARCH_VAR: HUGE_SEARCH},
        {SEARCH_VAR: SQL_SEARCH},
        {ORDER_VAR: NUL},
        {ORDER_VAR: "999"},
        {ORDER_VAR: "abc.-x"},
        {PAGE_VAR: "-1"},
        {PAGE_VAR: "9" * 20},
        {PAGE_VAR: NUL},
        {"_facets": "1"},
        {"cursor": NUL},
        {"cursor": "not-a-cursor"},
        {"jump": "9999-12-31"},
        {"jump": THIRTY_DIGIT_YEAR},
    ]
    for field in date_fields(model):
        name = field.name
        queries += [
            {f"{name}__gte": LATE_DATETIMES[0]},
            {f"{name}__lt": LATE_DATETIMES[1]},
            {f"{name}__year": "9999"},
            {f"{name}__year": "1" * 30},
            {f"{name}__gte": THIRTY_DIGIT_YEAR},
        ]
    if model_admin.date_hierarchy:
        hierarchy = model_admin.date_hierarchy
        queries += [
            {f"{hierarchy}__year": year, f"{hierarchy}__month": "12", f"{hierarchy}__day": "31"}
            for year in ("9998", "9999")
        ]
    for name in filter_parameters(model, model_admin, request):
        queries += [{name: NUL}, {f"{name}__exact": NUL}, {name: "not-a-uuid"}]
    for field in model._meta.concrete_fields:
        if field.is_relation or isinstance(field, models.UUIDField):
            queries += [{field.name: value} for value in BAD_FOREIGN_KEYS[::2]]
    return queries


def hostile_get_urls(admin_user, rf) -> list[str]:
    request = rf.get("/admin/")
    request.user = admin_user
    urls = []
    for model, model_admin in registry():
        changelist = url(model, "changelist")
        urls += [
            f"{changelist}?{urlencode(query)}"
            for query in changelist_queries(model, model_admin, request)
        ]
        for bad in BAD_IDS:
            for view in ("change", "delete", "history"):
                try:
                    urls.append(url(model, view, quote(bad, safe="")))
                except NoReverseMatch:
                    continue
        for field_name in model_admin.autocomplete_fields:
            for term in (NUL, HUGE_SEARCH, SQL_SEARCH):
                urls.append(
                    reverse("admin:autocomplete")
                    + "?"
                    + urlencode(
                        {
                            "app_label": model._meta.app_label,
                            "model_name": model._meta.model_name,
                            "field_name": field_name,
                            "term": term,
                        }
                    )
                )
    return urls


def test_hostile_query_strings_and_ids_answer_no_5xx(admin_client, admin_user, rf, demo_data):
    admin_client.raise_request_exception = False
    started = time.monotonic()
    urls = hostile_get_urls(admin_user, rf)
    failures = []
    for address in urls:
        response = admin_client.get(address)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} GET {address[:200]}")
    print(f"{len(urls)} GETs in {time.monotonic() - started:.1f} s")
    print("\n".join(failures))
    assert failures == []


def form_value(bound_field) -> dict[str, object]:
    """The POST items that submit a bound field's current value as a browser would."""
    field, widget, name = bound_field.field, bound_field.field.widget, bound_field.html_name
    value = bound_field.value()
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) or []
        return {
            f"{name}_{index}": "" if part is None else _text(part)
            for index, part in enumerate(parts)
        }
    if isinstance(field, forms.BooleanField):
        return {name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {name: [_text(item) for item in value]}
    return {name: "" if value is None else _text(value)}


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(value)


def hostile_values(bound_field) -> list[dict[str, object]]:
    field, name = bound_field.field, bound_field.html_name
    if isinstance(field, forms.SplitDateTimeField):
        return [
            {f"{name}_0": LATE_SPLIT_DATETIME[0], f"{name}_1": LATE_SPLIT_DATETIME[1]},
            {f"{name}_0": "31/12/" + "1" * 30, f"{name}_1": "00:00:00"},
            {f"{name}_0": NUL, f"{name}_1": NUL},
        ]
    if isinstance(field, forms.DateTimeField):
        return [{name: "31/12/9999 23:59:59"}, {name: NUL}]
    if isinstance(field, forms.DateField):
        return [{name: "31/12/9999"}, {name: "31/12/" + "1" * 30}, {name: NUL}]
    if isinstance(field, forms.JSONField):
        return [{name: value} for value in HOSTILE_JSON]
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [{name: [value]} for value in BAD_FOREIGN_KEYS]
    if isinstance(field, forms.ModelChoiceField):
        return [{name: value} for value in BAD_FOREIGN_KEYS]
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return [{name: value} for value in HOSTILE_NUMBERS]
    if isinstance(field, forms.BooleanField):
        return [{name: NUL}]
    if isinstance(field, forms.MultipleChoiceField):
        return [{name: [NUL]}]
    return [{name: value} for value in HOSTILE_TEXT]


def writable_forms(admin_user, rf):
    """(label, url, form) for every add and change form the superuser may post."""
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in registry():
        if model_admin.has_add_permission(request):
            form_class = model_admin.get_form(request, None, change=False)
            yield f"{model._meta.label} add", url(model, "add"), form_class()
        row = model._default_manager.order_by("pk").first()
        if row is not None and model_admin.has_change_permission(request, row):
            form_class = model_admin.get_form(request, row, change=True)
            yield (
                f"{model._meta.label} change",
                url(model, "change", quote(str(row.pk), safe="")),
                form_class(instance=row),
            )


def test_hostile_form_posts_answer_no_5xx(admin_client, admin_user, rf, demo_data):
    admin_client.raise_request_exception = False
    started = time.monotonic()
    failures: list[str] = []
    posts = 0
    for label, address, form in writable_forms(admin_user, rf):
        baseline: dict[str, object] = {}
        for bound_field in form:
            baseline.update(form_value(bound_field))
        for bound_field in form:
            for hostile in hostile_values(bound_field):
                data = {**baseline, **hostile}
                if bound_field.html_name not in hostile:
                    data.pop(bound_field.html_name, None)
                response = admin_client.post(address, data)
                posts += 1
                if response.status_code >= 500:
                    case = json.dumps(hostile, ensure_ascii=True)[:120]
                    failures.append(f"{response.status_code} {label} {case}")
    print(f"{posts} POSTs in {time.monotonic() - started:.1f} s")
    print("\n".join(failures))
    assert failures == []
