"""The second step of a staff login: enrol a TOTP app, or type a code."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from staff import two_factor


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Código",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "numeric"}
        ),
    )


def _page(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            "next": two_factor.safe_next(request),
            **context,
        },
    )


def _refused(request: HttpRequest) -> HttpResponse | None:
    """Where this step does not apply: not logged in, not staff, or already verified."""
    if not two_factor.second_factor_applies(request.user):
        return redirect("admin:login")
    if two_factor.is_verified(request.user):
        return HttpResponseRedirect(two_factor.safe_next(request))
    return None


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    if (refused := _refused(request)) is not None:
        return refused
    if two_factor.has_totp_device(request.user):  # type: ignore[arg-type]
        return two_factor.second_factor_redirect(request)
    device = two_factor.totp_device_pending(request.user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.totp_device_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            return _page(
                request, "staff/recovery_codes.html", title="Códigos de recuperação", codes=codes
            )
        form.add_error("token", "Código incorreto. Confira o relógio do celular e tente de novo.")
    return _page(
        request,
        "staff/two_factor_setup.html",
        title="Cadastrar o segundo fator",
        form=form,
        qr_svg=two_factor.totp_qr_svg(device),
        secret=two_factor.totp_secret(device),
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    if (refused := _refused(request)) is not None:
        return refused
    if not two_factor.has_totp_device(request.user):  # type: ignore[arg-type]
        return two_factor.second_factor_redirect(request)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        # After wrong codes the device refuses any code for a growing delay (django-otp).
        token = form.cleaned_data["token"]
        if token.strip().isdigit() and (wait := two_factor.throttled_seconds(request.user)):  # type: ignore[arg-type]
            form.add_error("token", f"Muitos códigos errados: aguarde {wait} s e tente de novo.")
        elif two_factor.second_factor_verify(request=request, token=token):
            return HttpResponseRedirect(two_factor.safe_next(request))
        else:
            form.add_error("token", "Código incorreto ou já usado.")
    return _page(request, "staff/two_factor_verify.html", title="Segundo fator", form=form)


def lockout_view(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): 429, in pt-BR."""
    return render(
        request,
        "staff/lockout.html",
        {
            **admin.site.each_context(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


two_factor_logout_view = LogoutView.as_view(next_page=reverse_lazy("admin:login"))
