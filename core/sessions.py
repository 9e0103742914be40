"""Django's session middleware, with an inactivity timeout that costs a write per minute
rather than per request, and quiet on error answers."""

import time

from django.conf import settings
from django.contrib.sessions import middleware as django_sessions
from django.http import HttpRequest, HttpResponse

TOUCHED_KEY = "_touched"


class SessionMiddleware(django_sessions.SessionMiddleware):
    """A session used by a request is saved again (its expiry pushed SESSION_COOKIE_AGE
    ahead) when its last save is SESSION_TOUCH_SECONDS old: it ends after that much
    inactivity, give or take the touch interval, without a write on every request.

    A 5xx answer leaves the session alone: Django reads a session to set its cookie, and
    during a database outage that read fails again and turns the 503 page into a 500. An
    error changes nothing in the session, so nothing is lost.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 500:
            return response
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[TOUCHED_KEY] = now
        return super().process_response(request, response)
