from django.core.exceptions import ImproperlyConfigured

from config.database import databases

from .base import *  # noqa: F403
from .base import STAFF_2FA_REQUIRED, env

DATABASES = databases(env)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters in "
        "production, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
MULTIDB_PINNING_COOKIE_SECURE = True

LGPD_BLOCKLIST_KEY = env.str("LGPD_BLOCKLIST_KEY", default="")
if not LGPD_BLOCKLIST_KEY:
    raise ImproperlyConfigured("LGPD_BLOCKLIST_KEY must be set in production (README, LGPD).")

if not STAFF_2FA_REQUIRED:
    raise ImproperlyConfigured(
        "STAFF_2FA_REQUIRED=false is for local demos only: production staff logins always "
        "ask for the second factor."
    )
