"""A local Cognito for tests: an RSA key pair, its JWKS file, and signed tokens."""

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool"
CLIENT_ID = "test-app-client"
KID = "test-key-1"


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


PRIVATE_KEY = _new_key()
FORGER_KEY = _new_key()


def write_jwks(path: Path) -> Path:
    """The JWKS document of the test pool (its one public key)."""
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(PRIVATE_KEY.public_key()))
    jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
    path.write_text(json.dumps({"keys": [jwk]}))
    return path


def make_token(
    *,
    sub: uuid.UUID | str,
    tenant_id: uuid.UUID | str | None,
    token_use: str = "id",
    issuer: str = ISSUER,
    expires_in: int = 3600,
    key: Any = None,
    kid: str = KID,
    algorithm: str = "RS256",
    extra: dict[str, Any] | None = None,
) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(sub),
        "iss": issuer,
        "token_use": token_use,
        "iat": now,
        "exp": now + expires_in,
        "email": "usuario@exemplo.com.br",
    }
    if token_use == "id":
        claims["aud"] = CLIENT_ID
    else:
        claims["client_id"] = CLIENT_ID
    if tenant_id is not None:
        claims["custom:tenant_id"] = str(tenant_id)
    claims.update(extra or {})
    signing_key = key or PRIVATE_KEY
    return jwt.encode(claims, signing_key, algorithm=algorithm, headers={"kid": kid})
