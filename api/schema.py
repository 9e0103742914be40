"""OpenAPI: the security schemes of the three authentications and the error responses
every endpoint documents."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from api.serializers import ErrorSerializer


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_REQUEST = _error("Invalid input: malformed JSON, unknown field or parameter, bad value.")
UNAUTHENTICATED = _error("No, bad, expired, forged or revoked credentials.")
FORBIDDEN = _error(
    "The caller may not use this endpoint (group permissions; inactive user; suspended "
    "tenant; a token whose tenant claim is wrong)."
)
NOT_FOUND = _error("Unknown id, or one of another tenant.")
NOT_ACCEPTABLE = _error("The Accept header asks for a format the API does not produce.")
CONFLICT = _error("The change conflicts with the row's state (e.g. already done).")
UNAVAILABLE = _error("The database cannot be reached (or the query timed out).")

PUBLIC_ERRORS = {400: BAD_REQUEST, 406: NOT_ACCEPTABLE, 503: UNAVAILABLE}
AUTHENTICATED_ERRORS = {
    400: BAD_REQUEST,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    406: NOT_ACCEPTABLE,
    503: UNAVAILABLE,
}
DETAIL_ERRORS = {**AUTHENTICATED_ERRORS, 404: NOT_FOUND}


class ApiAutoSchema(AutoSchema):
    """Spectacular's AutoSchema; a serializer nested in a view (`PlanListApi.
    OutputSerializer`) is named after both (`PlanListOutput`), so every view may call
    its own `OutputSerializer` and `FilterSerializer`."""

    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        qualname = type(serializer).__qualname__
        if "." in qualname:
            outer, inner = qualname.split(".")[0], qualname.split(".")[-1]
            name = outer.removesuffix("Api") + inner.removesuffix("Serializer")
        return name


class CognitoJWTScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.CognitoJWTAuthentication"
    name = "cognitoJwt"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "A platform user's Amazon Cognito ID or access token (RS256). `sub` is the "
                "platform user's id, `custom:tenant_id` its tenant. Confined to that tenant."
            ),
        }


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "staffApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <key>`: a staff API key (`manage.py create_api_token`). Its account's "
                "groups decide what it may do, as in the admin."
            ),
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": (
                "The admin's session (browsable API); unsafe methods need the CSRF token."
            ),
        }


NO_NUL = "^[^\\u0000]*$"


def _forbid_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not ({"format", "enum", "pattern"} & schema.keys()):
        schema["pattern"] = NO_NUL
    for child in schema.get("properties", {}).values():
        _forbid_nul(child)
    if isinstance(schema.get("items"), dict):
        _forbid_nul(schema["items"])


def forbid_nul_in_inputs(result: dict, generator, request, public) -> dict:
    """Post-processing hook: free-text inputs (query parameters, request bodies) state
    that they cannot hold NUL, which PostgreSQL text refuses and DRF answers with 400; and
    request bodies state that they take no key they do not declare (StrictInputSerializer
    answers 400 to one)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                _forbid_nul(parameter.get("schema", {}))
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _forbid_nul(component)
            if "properties" in component:
                component.setdefault("additionalProperties", False)
    return result
