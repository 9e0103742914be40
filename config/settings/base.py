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
    # Third-party.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
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
    "api",
    "helpdesk",
    "observability",
]

MIDDLEWARE = [
    # Outermost: the request's log line and metrics; it names the trace id first.
    "observability.middleware.RequestObservabilityMiddleware",
    # Keeps that trace id for the request (core.tracing: logs, the API's error bodies).
    "core.middleware.TraceIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.outage.DatabaseOutageMiddleware",
    "core.replicas.ReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: the API's own boundary (body size, database down, platform users' RLS scope).
    "api.middleware.ApiBoundaryMiddleware",
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
# A read replica, when DATABASE_REPLICA_URL adds one (core.replicas).
DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"]
MULTIDB_PINNING_SECONDS = env.int("DB_REPLICA_PIN_SECONDS", default=15)
MULTIDB_PINNING_COOKIE = "backoffice_primary_reads"
MULTIDB_PINNING_COOKIE_HTTPONLY = True
DB_REPLICA_RETRY_SECONDS = env.int("DB_REPLICA_RETRY_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language for every staff member, whatever the browser asks for (no LocaleMiddleware):
# an English browser got English menus and dates beside the Portuguese labels.
LANGUAGE_CODE = "pt-br"
# The project's own wording of some of Django's messages (locale/pt_BR: gender-neutral).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
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
    "filters": {"trace_id": {"()": "core.tracing.TraceIdLogFilter"}},
    "formatters": {"json": {"()": "observability.logging.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["trace_id"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # The request line above replaces Django's own per-request warnings (4xx/5xx).
        "django.request": {"level": "ERROR"},
    },
}

# The REST API (README, "The API"). JSON field names are camelCase in the serializers
# themselves; errors go through one handler; every list is keyset-paginated.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.CognitoJWTAuthentication",
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.CallerPermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
}
# Request bodies above this answer 413 (the API's parser and Django's own reads).
API_MAX_BODY_BYTES = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

SPECTACULAR_SETTINGS = {
    "TITLE": "AlquimistaAI · API do back-office",
    "DESCRIPTION": (
        "Production's public contract (health, agents, plans, SubNúcleos) and the read "
        "endpoints for staff (API key or session) and platform users (Cognito JWT, confined "
        "to their tenant by PostgreSQL row-level security). JSON in camelCase; errors are "
        '`{"error", "message", "details", "traceId"}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "SCHEMA_PATH_PREFIX": r"/api",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.forbid_nul_in_inputs",
    ],
}

# Platform users: Amazon Cognito ID or access tokens (RS256). The issuer and its JWKS URL
# come from the region and pool; COGNITO_JWKS_FILE + COGNITO_ISSUER replace them offline.
COGNITO_REGION = env.str("COGNITO_REGION", default="")
COGNITO_USER_POOL_ID = env.str("COGNITO_USER_POOL_ID", default="")
COGNITO_ISSUER = env.str("COGNITO_ISSUER", default="")
COGNITO_JWKS_FILE = env.str("COGNITO_JWKS_FILE", default="")
COGNITO_APP_CLIENT_IDS = env.list("COGNITO_APP_CLIENT_IDS", default=[])
COGNITO_JWKS_CACHE_SECONDS = env.int("COGNITO_JWKS_CACHE_SECONDS", default=3600)

# The PostgreSQL role platform-user requests run as (database/migrations/013).
API_TENANT_ROLE = "backoffice_api_tenant"
# Seconds the rendered answers of the public catalogue endpoints are reused (0: never).
API_PUBLIC_CACHE_SECONDS = env.int("API_PUBLIC_CACHE_SECONDS", default=5)
# Seconds /health waits for the database before answering 503.
HEALTH_DB_TIMEOUT_SECONDS = env.float("HEALTH_DB_TIMEOUT_SECONDS", default=2.0)

# GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# LGPD: the key of the blocklist's hashes of erased contacts (nigredo.contacts, SQL
# migration 015). A secret: the platform's import needs the same one to call
# nigredo_leads.is_blocked(); once erasures exist, changing it unblocks their contacts.
LGPD_BLOCKLIST_KEY = env.str("LGPD_BLOCKLIST_KEY", default="dev-only-insecure-lgpd-blocklist-key")
