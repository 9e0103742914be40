"""Amazon Cognito tokens: the user pool's keys (cached) and the checks every token passes.

Signatures are verified by PyJWT (RS256 only) against the pool's JWKS, fetched from
`<issuer>/.well-known/jwks.json` and kept for COGNITO_JWKS_CACHE_SECONDS, or read from
COGNITO_JWKS_FILE (tests and offline machines). A token naming a key the cache does not
hold triggers one refetch (the pool rotated its keys), at most once a minute.
"""

import json
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHM = "RS256"
TOKEN_USES = frozenset({"id", "access"})
REFETCH_MIN_SECONDS = 60.0
FETCH_TIMEOUT_SECONDS = 3.0


class TokenRejected(Exception):
    """The token is not acceptable; `code` is stable, `message` is pt-BR."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CognitoConfig:
    issuer: str
    jwks_url: str | None
    jwks_file: str | None
    client_ids: frozenset[str]
    cache_seconds: int


def config_from_settings() -> CognitoConfig:
    """The issuer and key source the settings name."""
    issuer = settings.COGNITO_ISSUER
    if not issuer and settings.COGNITO_REGION and settings.COGNITO_USER_POOL_ID:
        issuer = (
            f"https://cognito-idp.{settings.COGNITO_REGION}.amazonaws.com/"
            f"{settings.COGNITO_USER_POOL_ID}"
        )
    jwks_file = settings.COGNITO_JWKS_FILE or None
    return CognitoConfig(
        issuer=issuer,
        jwks_url=None if jwks_file or not issuer else f"{issuer}/.well-known/jwks.json",
        jwks_file=jwks_file,
        client_ids=frozenset(settings.COGNITO_APP_CLIENT_IDS),
        cache_seconds=settings.COGNITO_JWKS_CACHE_SECONDS,
    )


class KeySet:
    """The pool's public keys by `kid`, loaded lazily and cached."""

    def __init__(self, config: CognitoConfig):
        self.config = config
        self._keys: dict[str, Any] = {}
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        now = time.monotonic()
        with self._lock:
            stale = now - self._loaded_at > self.config.cache_seconds
            missing = kid not in self._keys and now - self._loaded_at > REFETCH_MIN_SECONDS
            if not self._keys or stale or missing:
                self._keys = self._load()
                self._loaded_at = now
            key = self._keys.get(kid)
        if key is None:
            raise TokenRejected(
                "unknown_signing_key", "O token foi assinado por chave desconhecida."
            )
        return key

    def _load(self) -> dict[str, Any]:
        if self.config.jwks_file:
            document = json.loads(Path(self.config.jwks_file).read_text())
        elif self.config.jwks_url:
            try:
                with urllib.request.urlopen(
                    self.config.jwks_url, timeout=FETCH_TIMEOUT_SECONDS
                ) as response:
                    document = json.loads(response.read())
            except OSError as exc:
                raise TokenRejected(
                    "signing_keys_unavailable",
                    "Não foi possível obter as chaves do Cognito para validar o token.",
                ) from exc
        else:
            raise ImproperlyConfigured(
                "Set COGNITO_REGION and COGNITO_USER_POOL_ID, or COGNITO_JWKS_FILE and "
                "COGNITO_ISSUER, to accept platform users' tokens."
            )
        keys = {}
        for entry in jwt.PyJWKSet.from_dict(document).keys:
            if entry.key_id and entry.algorithm_name in (ALGORITHM, None):
                keys[entry.key_id] = entry.key
        return keys


class CognitoVerifier:
    """Checks a token's signature, expiry, issuer, token_use and client; returns claims."""

    def __init__(self, config: CognitoConfig):
        self.config = config
        self.keys = KeySet(config)

    def verify(self, token: str) -> dict[str, Any]:
        if not self.config.issuer:
            raise ImproperlyConfigured("No Cognito issuer configured (COGNITO_* settings).")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise TokenRejected("malformed_token", "O token não é um JWT válido.") from exc
        if header.get("alg") != ALGORITHM:
            raise TokenRejected("unsupported_algorithm", "O token deve ser assinado com RS256.")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise TokenRejected("unknown_signing_key", "O token não indica a chave que o assinou.")
        key = self.keys.key(kid)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self.config.issuer,
                options={"require": ["exp", "iss", "sub"], "verify_aud": False},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenRejected("token_expired", "O token expirou.") from exc
        except jwt.InvalidIssuerError as exc:
            raise TokenRejected(
                "invalid_issuer", "O token não foi emitido por este Cognito."
            ) from exc
        except jwt.InvalidSignatureError as exc:
            raise TokenRejected("invalid_signature", "A assinatura do token é inválida.") from exc
        except jwt.InvalidTokenError as exc:
            raise TokenRejected("invalid_token", f"Token inválido: {exc}.") from exc
        token_use = claims.get("token_use")
        if token_use not in TOKEN_USES:
            raise TokenRejected(
                "invalid_token_use", "O token deve ser um ID token ou access token."
            )
        if self.config.client_ids:
            client = claims.get("aud") if token_use == "id" else claims.get("client_id")
            if client not in self.config.client_ids:
                raise TokenRejected(
                    "invalid_audience", "O token foi emitido para outro cliente do Cognito."
                )
        return claims


_verifier: CognitoVerifier | None = None
_verifier_config: CognitoConfig | None = None
_verifier_lock = threading.Lock()


def verifier() -> CognitoVerifier:
    """The process's verifier (its key cache shared by every request), rebuilt when the
    settings change (tests override them)."""
    global _verifier, _verifier_config
    config = config_from_settings()
    with _verifier_lock:
        if _verifier is None or config != _verifier_config:
            _verifier = CognitoVerifier(config)
            _verifier_config = config
        return _verifier
