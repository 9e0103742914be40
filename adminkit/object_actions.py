"""Pages of a row's admin that run one service: a form or a confirmation, then the change.

An `ObjectAction` is reached from the row's page by a link (GET shows its form, or what
the change will do and a confirm button); its POST runs the service as the staff member
through `PlatformAdmin.call_service`. Success goes back to the row's page with a message;
a refusal shows the service's pt-BR message, on the form page (so the staff member can
change the choice) or on the row's page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from adminkit.options import PlatformAdmin
from core.exceptions import NotFound
from platform_app.actors import Actor

# run(acting_user, obj, data, **url_kwargs) -> the success message
Runner = Callable[..., str]


@dataclass(frozen=True)
class ObjectAction:
    name: str  # URL name: admin:<app>_<model>_<name>
    route: str  # under "<object_id>/", e.g. "agents/<uuid:agent_id>/deactivate/"
    # The page title: a format string (with {obj} and the URL's keyword arguments), or a
    # function of the object and those arguments.
    title: str | Callable[..., str]
    run: Runner
    form: Callable[..., forms.Form] | None = None  # form(obj, data=..., **url_kwargs)
    # What the change will do, shown above the confirm button: (label, value) lines.
    describe: Callable[..., list[tuple[str, Any]]] | None = None
    button: str = "Confirmar"
    destructive: bool = False


class ObjectActionsAdmin(PlatformAdmin):
    """A PlatformAdmin serving `get_object_actions()` under each row's URL."""

    object_action_template = "admin/object_action.html"

    def get_object_actions(self) -> list[ObjectAction]:
        return []

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                f"<path:object_id>/{action.route}",
                self.admin_site.admin_view(self._object_action_view(action)),
                name=f"{opts.app_label}_{opts.model_name}_{action.name}",
            )
            for action in self.get_object_actions()
        ]
        return urls + super().get_urls()

    def object_action_url(self, name: str, obj: Model, **kwargs: Any) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}",
            kwargs={"object_id": str(obj.pk), **{k: str(v) for k, v in kwargs.items()}},
        )

    def _object_action_view(self, action: ObjectAction) -> Callable[..., HttpResponse]:
        def view(request: HttpRequest, object_id: str, **kwargs: Any) -> HttpResponse:
            return self.object_action_view(request, action, object_id, **kwargs)

        return view

    def object_action_view(
        self, request: HttpRequest, action: ObjectAction, object_id: str, **kwargs: Any
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        back = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        data = request.POST if request.method == "POST" else None
        try:
            form = action.form(obj, data=data, **kwargs) if action.form else None
            description = action.describe(obj, **kwargs) if action.describe else []
        except NotFound as exc:  # the URL names a row that is not this object's
            raise Http404(exc.message) from exc
        if request.method == "POST" and (form is None or form.is_valid()):
            cleaned = form.cleaned_data if form is not None else {}
            message = self.call_service(
                request, _runner(action.run), obj=obj, data=cleaned, **kwargs
            )
            if message is not None:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(back)
            if form is None:
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": action.title(obj, **kwargs)
            if callable(action.title)
            else action.title.format(obj=obj, **kwargs),
            "subtitle": None,
            "object": obj,
            "opts": obj._meta,
            "form": form,
            "description": description,
            "button": action.button,
            "destructive": action.destructive,
            "back_url": back,
            "has_view_permission": True,
        }
        return TemplateResponse(request, self.object_action_template, context)


def _runner(run: Runner) -> Callable[..., str]:
    """The action as call_service calls it: acting_user first, by keyword."""

    def call(*, acting_user: Actor, obj: Model, data: dict[str, Any], **kwargs: Any) -> str:
        return run(acting_user, obj, data, **kwargs)

    return call
