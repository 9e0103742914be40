"""The client's address behind the load balancer."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The peer address; behind TRUSTED_PROXY_COUNT proxies that each append the address
    they saw to X-Forwarded-For (an ALB: 1), the entry the outermost of them appended.

    Entries to its left were written by the client itself and are never believed, so a
    forged header cannot pick the address a lockout counts against.
    """
    peer = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(forwarded) < count:
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return peer
