from .dev import *  # noqa: F403
from .dev import MIDDLEWARE

DEBUG = False
# Tests change the catalogue and read it back at once.
API_PUBLIC_CACHE_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Tests serve no static files, and there is no collected STATIC_ROOT for WhiteNoise to read.
MIDDLEWARE = [
    entry for entry in MIDDLEWARE if entry != "whitenoise.middleware.WhiteNoiseMiddleware"
]
