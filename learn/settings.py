"""Settings for finfluency, read from the environment.

A checkout + ``make run`` works with no configuration at all: SQLite in WAL mode, a local-memory cache,
e-mail printed to the console, DEBUG on. Production sets the variables documented in
docs/operations.md (DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, ...); with
DEBUG=False the site refuses to start on the development secret key.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from learn.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DEBUG is False but SECRET_KEY is the development key. Set SECRET_KEY to a long random value, "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):  # what check --deploy calls weak
    raise ImproperlyConfigured(
        f"DEBUG is False but SECRET_KEY is weak ({len(SECRET_KEY)} characters, {len(set(SECRET_KEY))} "
        "different): use at least 50 random characters, e.g. "
        'python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = "finfluency"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Layers, lowest first; imports only point down (tests/test_layering.py keeps it so).
    "learn.core",
    "learn.lessons",
    "learn.market",
    "learn.quizzes",
    "learn.calculators",
    "learn.notebooks",
    "learn.accounts",
    "learn.reviews",
    "learn.progress",
    "learn.exams",
    "learn.mydata",
    "learn.search",
    "learn.publishing",
    "learn.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "learn.core.middleware.StripNulMiddleware",
    "learn.core.pagecache.VisitorPageMiddleware",  # a visitor's cached page, before sessions and the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learn.core.middleware.PrivatePagesMiddleware",
    "learn.core.learnercache.LearnerChangesMiddleware",  # a learner's post makes their cached pages old
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "learn.accounts.middleware.TimezoneMiddleware",
    "learn.publishing.middleware.ContentAutoSyncMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learn.urls"
WSGI_APPLICATION = "learn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "learn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "learn.core.context_processors.site",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: SQLite by default, tuned so concurrent writers wait instead of failing with
# "database is locked" (IMMEDIATE transactions + WAL + a 20 s busy timeout; see
# ../shared/docs/reliability-notes.md). DATABASE_URL (e.g. postgres://...) wins when set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            # Tests use a file, not memory: concurrency tests need real connections from several threads.
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", str(BASE_DIR / ".test-db.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous pages and the shared parts of signed-in pages are cached this long (learn/core/pagecache.py);
# a content sync or a deploy makes them stale at once, whatever is left of it. 0 turns the caching off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600, minimum=0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Failed logins: 5 failures for one username from one address locks that pair for 15 minutes;
# the right user from another address still gets in.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind N reverse proxies the client is N entries from the right of X-Forwarded-For (learn.core.clientip);
# without one, REMOTE_ADDR. A wrong count lets anyone lock any learner out, or escape the limit.
CLIENT_IP_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "learn.core.clientip.client_ip"
AXES_VERBOSE = False
# Sign-up and password reset send e-mail: at most this many attempts an hour from one client address, and
# this many e-mails an hour to one address (counted whether or not it has an account). 0 turns a limit off.
RATELIMIT_SIGNUP_PER_IP = env_int("RATELIMIT_SIGNUP_PER_IP", 10, minimum=0)
RATELIMIT_RESET_PER_IP = env_int("RATELIMIT_RESET_PER_IP", 10, minimum=0)
RATELIMIT_MAIL_PER_ADDRESS = env_int("RATELIMIT_MAIL_PER_ADDRESS", 3, minimum=0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# In development static files come from the finders; staticfiles/ exists only after collectstatic.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# E-mail: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "finfluency <noreply@localhost>")

# Security headers. With DEBUG=False these default to the strict values that make
# `manage.py check --deploy` silent; each can be relaxed by its variable (e.g. behind a plain-HTTP proxy).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts only from our own origin or with the per-request nonce; no inline
# styles, no 'unsafe-inline', no third-party origin anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Content: lessons and glossary live as files; sync_content imports them. In development the
# ContentAutoSyncMiddleware re-syncs when a file changes, so an edit shows up on reload.
CONTENT_DIR = Path(env_str("CONTENT_DIR", str(BASE_DIR / "content")))
QUIZZES_DIR = Path(env_str("QUIZZES_DIR", str(BASE_DIR / "quizzes")))
HEALTHZ_TOKEN = env_str("HEALTHZ_TOKEN", "")  # a monitor sending it as a Bearer token sees /healthz details
CONTENT_AUTO_SYNC = env_bool("CONTENT_AUTO_SYNC", DEBUG)

# Market data (learn/market) answers from the local store, then live yfinance, then the offline snapshot
# of real data shipped in learn/market/snapshot/. MARKET_LIVE=False never calls Yahoo (tests, CI, servers
# without outbound network). MARKET_TIMEOUT caps each live request, in seconds. yfinance keeps small
# SQLite caches of its own: they go to MARKET_CACHE_DIR (created on first use), not the user's home.
MARKET_LIVE = env_bool("MARKET_LIVE", True)
MARKET_TIMEOUT = env_int("MARKET_TIMEOUT", 10, minimum=1)
MARKET_CACHE_DIR = Path(env_str("MARKET_CACHE_DIR", str(BASE_DIR / "var" / "yfinance")))

# Notebooks: background jobs in the database (django-tasks-db); `manage.py db_worker` runs them (`make run`
# starts one beside the web server). A run is a forked child killed after the timeout or past the memory
# limit. See docs/operations.md, "Notebooks and workers".
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOTEBOOK_TIMEOUT_SECONDS = env_int("NOTEBOOK_TIMEOUT_SECONDS", 20, minimum=1)
NOTEBOOK_MEMORY_MB = env_int("NOTEBOOK_MEMORY_MB", 1024, minimum=128)
NOTEBOOK_RUNS_PER_HOUR = env_int("NOTEBOOK_RUNS_PER_HOUR", 30, minimum=1)  # new runs one client may start
NOTEBOOK_MAX_QUEUED = env_int("NOTEBOOK_MAX_QUEUED", 100, minimum=1)  # runs waiting, all clients together
# Learners' own code ("Your own code" under a notebook): arbitrary code on the server, so only ever for a
# local, single-user site, and refused when DEBUG is off.
NOTEBOOK_ALLOW_CODE = env_bool("NOTEBOOK_ALLOW_CODE", False)
if NOTEBOOK_ALLOW_CODE and not DEBUG:
    raise ImproperlyConfigured(
        "NOTEBOOK_ALLOW_CODE is on but DEBUG is False: a scratch cell runs any visitor's code on this "
        "server (files, network, other learners' data). It is for a local, single-user site only; unset "
        "NOTEBOOK_ALLOW_CODE in production."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # yfinance logs every failed request itself; learn.market reports each as "no live data: reason".
        "yfinance": {"level": "CRITICAL"},
    },
}
