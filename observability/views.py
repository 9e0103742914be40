"""GET /metrics for Prometheus, behind a bearer token."""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from observability.metrics import exposition


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The metrics, for `Authorization: Bearer <METRICS_TOKEN>`; 404 while no token is set."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(sent.encode(), token.encode()):
        return HttpResponse("Token inválido.", status=401, content_type="text/plain")
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)
