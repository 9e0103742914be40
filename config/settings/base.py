from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV", default=False):
    env.read_env(BASE_DIR / ".env")

ENVIRONMENT = env.str("DJANGO_ENV", default="dev")
DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The platform's four schemas, mapped by unmanaged models.
    "platform_app",
    "nigredo",
    "billing",
    "fibonacci",
    # The back-office's own pieces.
    "core",
    "adminkit",
    "dbschema",
    "staff",
    "devdata",
    "helpdesk",
    "observability",
]

MIDDLEWARE = [
    "observability.middleware.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASES is set by dev.py and prod.py (config.database builds it). Django's own
# tables live in the schema BACKOFFICE_SCHEMA; platform tables are schema-qualified.
BACKOFFICE_SCHEMA = "backoffice"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pt-br"
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# One JSON object per line (observability.logging); each request logs one line on
# `backoffice.requests` (observability.middleware).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "observability.logging.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # The request line above replaces Django's own per-request warnings (4xx/5xx).
        "django.request": {"level": "ERROR"},
    },
}

# GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# LGPD: the key of the blocklist's hashes of erased contacts (nigredo.contacts, SQL
# migration 015). A secret: the platform's import needs the same one to call
# nigredo_leads.is_blocked(); once erasures exist, changing it unblocks their contacts.
LGPD_BLOCKLIST_KEY = env.str("LGPD_BLOCKLIST_KEY", default="dev-only-insecure-lgpd-blocklist-key")
