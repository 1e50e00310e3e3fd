"""Settings shared by every environment. Values from outside come through ``config.env``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR

DEBUG = env.boolean("BATON_DEBUG", default=False)
SECRET_KEY = env.local_secret_key()
ALLOWED_HOSTS = env.csv_list("BATON_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.csv_list("BATON_CSRF_TRUSTED_ORIGINS", [])
BASE_URL = (env.get("BATON_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",  # serves the API docs' Swagger UI from its bundled static files, not a CDN
    "baton.core",
    "baton.users",
    "baton.accounts",
    "baton.engagement",
    "baton.qualification",
    "baton.handovers",
    "baton.notifications",
    "baton.metrics",
    "baton.web",
    "baton.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baton.users.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "baton.web.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "baton" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baton.web.context_processors.navigation",
                "baton.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "baton.users.fastload.UserBackend",  # Django's ModelBackend, per-request read in plain SQL
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:list"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection on login (django-axes): 5 failures for one user from one address
# lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = env.integer("BATON_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "users/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "baton_language"
TIME_ZONE = env.get("BATON_TIME_ZONE") or "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

SESSION_ENGINE = "baton.users.fastload"  # Django's database sessions, read in plain SQL
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MAILERS = env.mailers()
DEFAULT_FROM_EMAIL = env.get("BATON_DEFAULT_FROM_EMAIL") or "Baton <baton@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Upper bound for uploads kept in memory; larger files stream to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
BATON_IMPORT_MAX_BYTES = env.integer("BATON_IMPORT_MAX_MB", 100) * 1024 * 1024
# Above this size the upload page hands the dry run and the import to the worker.
BATON_IMPORT_INLINE_BYTES = env.integer("BATON_IMPORT_INLINE_MB", 5) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("BATON_LOG_LEVEL") or "INFO"},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
