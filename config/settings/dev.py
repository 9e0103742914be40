from config.database import databases

from .base import *  # noqa: F403
from .base import BASE_DIR, env

# Off unless asked for: staff see the friendly 500 page, never Django's debug page.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

# Without DATABASE_URL or DB_SECRET_ID, an embedded PostgreSQL (pgserver) runs in .pgdata/.
DATABASES = databases(env, embedded_data_dir=BASE_DIR / ".pgdata")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
