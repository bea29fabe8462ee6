"""Alliance settings: one file, driven by the environment.

ALLIANCE_ENV selects the posture: ``development`` (the default: DEBUG, SQLite,
in-memory channel layer, e-mail to files) or ``production`` (refuses to start
without SECRET_KEY and ALLOWED_HOSTS, and turns on every secure setting so that
``manage.py check --deploy`` is clean). Everything else has a variable of its
own; see README.md for the list.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alliance.lib.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    redis_database,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ALLIANCE_ENV = env_choice("ALLIANCE_ENV", "development", ("development", "production", "test"))
PRODUCTION = ALLIANCE_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters of real randomness.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated).")
    DEBUG = env_bool("DEBUG", False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must stay off in production.")
else:
    # A fixed key is fine for a laptop demo and for tests; production refuses it above.
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-production-" + "x" * 20)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
    DEBUG = env_bool("DEBUG", ALLIANCE_ENV == "development")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "alliance.accounts",
    "alliance.community",
    "alliance.meetings",
    "alliance.minutes",
    "alliance.overview",
    "alliance.exchange",
    "alliance.toolkit",
    "alliance.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so that static files carry the policy too.
    "alliance.lib.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # NUL and broken Unicode in the path, query, cookies or forms: 400 before any view reads them.
    "alliance.lib.middleware.CleanInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alliance.lib.zones.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "alliance.urls"
ASGI_APPLICATION = "alliance.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "alliance" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.lib.context.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {"default": sqlite_database(str(BASE_DIR / "var" / "alliance.sqlite3"))}
    (BASE_DIR / "var").mkdir(exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Real time ------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# `make test` runs the suite in several pytest-xdist processes against one Redis, as against
# one PostgreSQL server: each worker gets a Redis database of its own (gw0 → 1, gw1 → 2…), as
# it gets a test database of its own, so one worker's cache.clear() or room never reaches
# another's. Servers the tests start inherit the variable and land in the same database.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _XDIST_WORKER.startswith("gw") and _XDIST_WORKER[2:].isdigit():
    REDIS_URL = redis_database(REDIS_URL, 1 + int(_XDIST_WORKER[2:]))
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # The pool is bounded (redis-py raises when it is full), so give bursts room. (Its
            # 5 s read timeout equals channels-redis' blocking pop on an idle channel, so an
            # idle receive may fail with "Timeout reading": the room listener retries, see
            # meetings/hub.py. A longer timeout made cancelled receives hang.)
            "CONFIG": {"hosts": [{"address": REDIS_URL, "max_connections": 500}],
                       "prefix": env_str("CHANNELS_PREFIX", "alliance")},
        }
    }
else:
    # One process only: fine for `make run` and tests; several processes need Redis.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Cache ------------------------------------------------------------------
# Rate limits live here: with several processes they must be shared, so Redis
# when REDIS_URL is set; one process (make run, tests) keeps them in memory.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": env_str("CHANNELS_PREFIX", "alliance")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks -------------------------------------------------------
# "immediate" runs a task in the process that enqueued it (no worker to start:
# the embedded default); "database" queues it for `manage.py db_worker`.
TASKS_BACKEND = env_choice("TASKS_BACKEND", "database" if PRODUCTION else "immediate",
                           ("immediate", "database"))
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
    }
}

# Themes are recomputed this long after the first new statement of a burst (a room's
# contributions, an import): one run after the burst, not one per statement.
THEMES_DEBOUNCE_SECONDS = env_int("THEMES_DEBOUNCE_SECONDS", 120)

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's own, except that async log-ins hash in a pool of their own (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["alliance.accounts.backends.EmailBackend"]
# Threads that hash passwords for log-in, sign-up and reset; at most this many cores
# hash at once, so a log-in flood leaves the others to the pages.
PASSWORD_HASHING_THREADS = env_int("PASSWORD_HASHING_THREADS", 1, minimum=1)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND_NAME = env_choice("EMAIL_BACKEND", "smtp" if PRODUCTION else "file",
                                ("smtp", "file", "console", "locmem"))
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[EMAIL_BACKEND_NAME]
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alliance <alliance@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")), ("de", _("German")), ("fr", _("French")), ("it", _("Italian")), ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "alliance" / "locale"]
FORMAT_MODULE_PATH = ["alliance.formats"]  # one 24-hour date style in every language
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "alliance" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# --- Uploads --------------------------------------------------------------
# CSV imports above this size are refused with a message (see community.forms).
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# htmx sends the token from a header set in base.html, so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy of every response (lib/middleware.py; Django 6.0's setting of the
# same name and shape): scripts and styles only from our own files, no inline code, no
# plugins, no framing. Images may be data: URLs (the API docs' icons).
# docs/decisions/0006-content-security-policy.md.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],  # 'self' covers ws:/wss: to the same host (the live room)
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Alliance -------------------------------------------------------------
ALLIANCE_NAME = env_str("ALLIANCE_NAME", "European Cluster Alliance Against Coronavirus")
DIRECTORY_PAGE_SIZE = env_int("DIRECTORY_PAGE_SIZE", 25, minimum=1)
# Directory lists count matches up to this many, then say "more than" (lib/paging.py).
DIRECTORY_COUNT_CAP = env_int("DIRECTORY_COUNT_CAP", 1000, minimum=10)
# Registration attempts allowed per e-mail address and per client IP address in
# REGISTRATION_RATE_WINDOW seconds; beyond that the form asks to wait.
REGISTRATION_RATE_PER_EMAIL = env_int("REGISTRATION_RATE_PER_EMAIL", 5, minimum=1)
REGISTRATION_RATE_PER_IP = env_int("REGISTRATION_RATE_PER_IP", 60, minimum=1)
REGISTRATION_RATE_WINDOW = env_int("REGISTRATION_RATE_WINDOW", 600, minimum=1)
# A registration from the public form waits for its address to confirm it; a seat free
# at that moment is held for it this long (the form and the e-mail say so).
REGISTRATION_HOLD_MINUTES = env_int("REGISTRATION_HOLD_MINUTES", 30, minimum=1)


def _rate_limit(name: str, per_email: int, per_ip: int, window: int) -> dict[str, int]:
    return {"per_email": env_int(f"{name}_RATE_PER_EMAIL", per_email, minimum=1),
            "per_ip": env_int(f"{name}_RATE_PER_IP", per_ip, minimum=1),
            "window": env_int(f"{name}_RATE_WINDOW", window, minimum=1)}


# Attempts per e-mail address typed and per client address in `window` seconds
# (lib/ratelimit.py); log-ins count failed attempts only, the others every request,
# since each one sends an e-mail. Per address higher: many people share one office NAT.
RATE_LIMITS = {
    "login": _rate_limit("LOGIN", 10, 100, 900),
    "password_reset": _rate_limit("PASSWORD_RESET", 3, 20, 3600),
    "signup": _rate_limit("SIGNUP", 3, 20, 3600),
    "subscribe": _rate_limit("SUBSCRIBE", 3, 20, 3600),
}
# Empty: the client address is REMOTE_ADDR (manage.py serve sets it from the proxies it
# trusts). Name a header (e.g. X-Real-IP) only when a proxy of yours always sets it.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
