"""JSON request bodies: at most API_MAX_BODY_BYTES, strict JSON (no NaN/Infinity)."""

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class BodyTooLarge(APIException):
    status_code = 413
    default_detail = "O corpo da requisição passa de 1 MiB."
    default_code = "body_too_large"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(raw.decode(encoding), parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(detail=f"JSON malformado: {exc}", code="malformed_json") from exc
