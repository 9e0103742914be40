from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

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
    # django.contrib.admin, with the admin site that asks for the second factor.
    "staff.admin_config.BackofficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Third-party.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
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
    # GET /health, before the host check and the HTTPS redirect (load balancers probe by
    # address over HTTP).
    "api.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with a fixed policy on JSON answers.
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.outage.DatabaseOutageMiddleware",
    "core.replicas.ReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, with the inactivity timeout and quiet on 5xx answers (core.sessions).
    "core.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # People's contacts masked for the staff outside their audience (nigredo.privacy).
    "nigredo.privacy.PersonalDataMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The API's own boundary (body size, database down, platform users' RLS scope).
    "api.middleware.ApiBoundaryMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
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
# Where the admin (and the support pages under it) is mounted: a path of its own in
# production makes the login page one more thing to find.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"

# Staff logins (README, "Staff logins"). django-axes first: it refuses a locked-out
# account or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Every staff account and superuser confirms a TOTP code (or a recovery code) after the
# password, on every way in (staff.two_factor). prod.py refuses to start without it.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)
STAFF_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "AlquimistaAI Back-office"
# Sessions end after this much inactivity (a request pushes the expiry forward, saving
# the session at most once a minute: core.sessions), and on a password change (Django's
# session hash: every other session of the account ends).
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = STAFF_SESSION_IDLE_MINUTES * 60
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Lockout after AXES_FAILURE_LIMIT failed logins, by account and, separately, by client
# address, for the cool-off time; a success resets the count. The attempts and the access
# log live in Django's schema; each lockout also writes an audit row (staff.signals).
AXES_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("STAFF_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staff.views.lockout_view"
# The address a lockout counts against: behind the load balancer, the one it appended to
# X-Forwarded-For (core.client_address; TRUSTED_PROXY_COUNT: how many proxies append to
# it, the ALB alone: 1). Unset (0), the header is ignored: a client could write anything.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# Password reset by e-mail only when an e-mail backend is configured (EMAIL_URL, e.g.
# smtp+tls://user:password@email-smtp.us-east-1.amazonaws.com:587); otherwise the reset
# pages do not exist and the login page offers no link. A reset never skips the second
# factor: it does not log in, and the next login asks for the code.
EMAIL_URL = env.str("EMAIL_URL", default="")
STAFF_PASSWORD_RESET = bool(EMAIL_URL)
if EMAIL_URL:
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="backoffice@alquimista.ai")

# Headers: no inline script runs anywhere (the templates load theirs from static files);
# the admin's own templates still carry style attributes, hence inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

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
# Milliseconds any query of a request may run before PostgreSQL cancels it (the admin
# answers a 503 page, the API a 503 query_timeout); management commands are not bound.
DB_STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", default=15000)
# Seconds /health waits for the database before answering 503.
HEALTH_DB_TIMEOUT_SECONDS = env.float("HEALTH_DB_TIMEOUT_SECONDS", default=2.0)

# GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# LGPD: the key of the blocklist's hashes of erased contacts (nigredo.contacts, SQL
# migration 015). A secret: the platform's import needs the same one to call
# nigredo_leads.is_blocked(); once erasures exist, changing it unblocks their contacts.
LGPD_BLOCKLIST_KEY = env.str("LGPD_BLOCKLIST_KEY", default="dev-only-insecure-lgpd-blocklist-key")
