from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from adminkit.links import change_url


def render_admin_page(
    request: HttpRequest, template: str, title: str, context: dict[str, Any]
) -> HttpResponse:
    """A page in the admin's layout (header, breadcrumbs, sidebar)."""
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": title, **context},
    )


def may_view(request: HttpRequest, model: type[Model]) -> bool:
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def record_url(request: HttpRequest, record: Model) -> str | None:
    """The record's admin page, when the staff member may see it."""
    return change_url(record) if may_view(request, type(record)) else None
