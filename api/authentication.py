"""The API's three ways in: Cognito JWT (platform users), staff API keys, staff sessions.

A platform user's identity becomes known here, so this is where its request is confined
to its tenant (`api.rls.set_tenant`): the tenant claim is set before the user's row is
read, so a `sub` from another tenant is simply not found.
"""

import uuid

from django.contrib.auth.models import User
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api import rls
from api.callers import PlatformCaller
from api.cognito import TokenRejected, verifier
from api.selectors import api_token_by_hash
from api.services import api_token_hash
from platform_app.models import PlatformUser, Tenant
from staff.two_factor import needs_second_factor

TENANT_CLAIM = "custom:tenant_id"


class AuthenticationRefused(exceptions.AuthenticationFailed):
    """401 with a stable code (`error`) and a pt-BR reason (`message`)."""

    def __init__(self, code: str, message: str):
        super().__init__(detail=message, code=code)
        self.error_code = code


class AccessRefused(exceptions.PermissionDenied):
    """403: the credentials are good, the caller may not use the API."""

    def __init__(self, code: str, message: str):
        super().__init__(detail=message, code=code)
        self.error_code = code


def _credentials(request: Request, scheme: str) -> str | None:
    header = authentication.get_authorization_header(request).decode("latin-1")
    parts = header.split()
    if not parts or parts[0].lower() != scheme.lower():
        return None
    if len(parts) != 2:
        raise AuthenticationRefused(
            "malformed_authorization", f"Use o cabeçalho Authorization: {scheme} <credencial>."
        )
    return parts[1]


class CognitoJWTAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <Cognito ID or access token>`."""

    keyword = "Bearer"

    def authenticate(self, request: Request):
        token = _credentials(request, self.keyword)
        if token is None:
            return None
        try:
            claims = verifier().verify(token)
        except TokenRejected as exc:
            raise AuthenticationRefused(exc.code, exc.message) from exc
        try:
            user_id = uuid.UUID(str(claims["sub"]))
            tenant_id = uuid.UUID(str(claims.get(TENANT_CLAIM)))
        except ValueError as exc:
            raise AccessRefused(
                "invalid_identity_claims",
                "O token não traz um usuário e um tenant da plataforma (sub, custom:tenant_id).",
            ) from exc
        rls.set_tenant(tenant_id)
        # Read under the policies: a user of another tenant is invisible here.
        user = (
            PlatformUser.objects.filter(pk=user_id)
            .values("status", "user_role", "tenant__subscription_status")
            .first()
        )
        if user is None:
            raise AccessRefused(
                "tenant_mismatch",
                "O usuário do token não existe no tenant indicado em custom:tenant_id.",
            )
        if user["status"] != PlatformUser.Status.ACTIVE:
            raise AccessRefused("user_inactive", "Este usuário da plataforma não está ativo.")
        if user["tenant__subscription_status"] == Tenant.Status.SUSPENDED:
            raise AccessRefused("tenant_suspended", "O tenant deste usuário está suspenso.")
        caller = PlatformCaller(
            platform_user_id=user_id, tenant_id=tenant_id, role=user["user_role"], claims=claims
        )
        return caller, claims

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <staff API key>`."""

    keyword = "Token"

    def authenticate(self, request: Request):
        key = _credentials(request, self.keyword)
        if key is None:
            return None
        token = api_token_by_hash(api_token_hash(key))
        if token is None:
            raise AuthenticationRefused("invalid_api_key", "Chave de API inválida.")
        if token.is_revoked:
            raise AuthenticationRefused("api_key_revoked", "Esta chave de API foi revogada.")
        if token.is_expired:
            raise AuthenticationRefused("api_key_expired", "Esta chave de API expirou.")
        user: User = token.user
        if not (user.is_active and user.is_staff):
            raise AuthenticationRefused(
                "staff_account_inactive", "A conta da equipe desta chave não está ativa."
            )
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """The admin's session (browsable API), CSRF enforced, staff accounts only, and only
    once the login's second factor is confirmed (a password alone is not a session)."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if result is None or not result[0].is_staff:
            return None
        if needs_second_factor(request._request.user):
            return None
        return result
