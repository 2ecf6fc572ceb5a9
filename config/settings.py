"""Rollover Lab settings: everything that differs between machines comes from the environment.

Two modes, chosen by ``DJANGO_ENV``:

* ``development`` (the default): runs out of the box on a SQLite file in the project folder.
* ``production``: refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.

See ``.env.example`` for every variable.
"""

import datetime
import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.rates import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; a missing file is fine

MODES = ("development", "production")
MODE = env.str("DJANGO_ENV", default="development")
if MODE not in MODES:
    raise ImproperlyConfigured(f"DJANGO_ENV must be one of {', '.join(MODES)}; got {MODE!r}.")
PRODUCTION = MODE == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_ENV=production) needs these environment variables: "
            + ", ".join(missing)
            + ". See .env.example."
        )
    SECRET_KEY = env.str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="django-insecure-development-only-key-never-use-in-production"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "modeltranslation",  # Chinese catalog texts; before the admin, as it requires
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs' Swagger UI from our own static files (no CDN)
    "csp",
    "axes",  # locks out repeated failed logins (see docs/admin.md)
    "simple_history",  # who changed what in the catalog, and when; revert from the admin
    "django_countries",  # country fields and their names in every language
    "carriers",
    "simulator",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records the user on each change
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Methods, and the API's body length and type, checked before a view reads the body (no
    # middleware above reads it); its refusals get every header the ones above add.
    "simulator.middleware.RequestBoundsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into its 429 page
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "simulator.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite that holds with several server processes (docs/production.md, "SQLite"). WAL: a
    # reader never waits for a writer. IMMEDIATE: a transaction takes the write lock when it
    # begins, so two saves queue (then the optimistic lock speaks) instead of the second
    # failing with "database is locked" when it first writes. The timeout: how long a
    # writer waits for the other before it gives up.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # No transaction per request here: under IMMEDIATE each would take the write lock, so
    # every page would queue behind the others and behind a catalog load. The requests that
    # write open their own (the admin's saves, deletes, actions and revert; axes), and reads
    # need none.
    DATABASES["default"]["ATOMIC_REQUESTS"] = False
else:
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- The admin (docs/admin.md) -------------------------------------------------------------
# Its URL prefix, e.g. "backstage-7f3a/": a name bots don't guess. Code uses reverse("admin:…").
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/") or ADMIN_URL == "/":
    raise ImproperlyConfigured(
        f"ADMIN_URL must be a path that ends with a slash and does not start with one, "
        f"e.g. admin/ or backstage/; got {ADMIN_URL!r}."
    )
# Lockout (django-axes, carriers/lockout.py): 5 failed logins for a username from one address
# lock that pair out for an hour, and 20 from one address whatever the usernames lock the
# address out of the login; a success resets its pair. Attempts are stored in the database.
# axes' backend comes first: a locked-out attempt is refused before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=1))
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "carriers.lockout.LockoutHandler"  # adds the per-address limit
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged
AXES_CLIENT_IP_CALLABLE = "carriers.lockout.client_ip"

# --- Behind a proxy (docs/production.md) -------------------------------------------------
# How many proxies in front of the site write X-Forwarded-For (nginx in deploy/: 1; 0: the
# client is REMOTE_ADDR). The header is believed only from TRUSTED_PROXIES (addresses or
# networks; default loopback once NUM_PROXIES > 0): a client that reaches the application
# any other way is its own address, whatever it writes. Used by the lockout and rate limits.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"] if NUM_PROXIES else [])
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more; got {NUM_PROXIES}.")
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks, e.g. 127.0.0.1,10.0.0.0/8; "
            f"got {proxy!r}."
        ) from None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Catalog texts (carriers/translation.py): English always, Chinese where a curator wrote it;
# an empty Chinese text falls back to the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Country names come from django-countries, translated: "China" / "中国".
COUNTRIES_FIRST = ["US", "CN", "PH", "GB", "AU", "CA", "IN"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: compressed files with hashed names (run collectstatic on deploy).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The rate limits count in this cache. Production: a shared Redis (CACHE_URL=redis://…, see
# deploy/), so every server process counts one allowance; the in-process default counts per
# process (gunicorn.conf.py refuses several workers with it while a limit is set).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Simulations (API simulate/compare, a submitted form, compare page, CSV) per client and
# fixed window: N/s, N/min, N/hour or N/day; empty: no limit (simulator/throttling.py).
RATE_LIMIT_SIMULATIONS = env.str("RATE_LIMIT_SIMULATIONS", default="60/min")
if RATE_LIMIT_SIMULATIONS:
    parse_rate(RATE_LIMIT_SIMULATIONS)  # refuses a malformed rate now, not at the first request

# The most seconds a server process keeps the catalog in memory (simulator/plan_cache.py).
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)

# The public forms are GET forms with at most ~50 fields; the admin's plan page with its
# rule, a dozen promotions and a changelist page of 100 selected rows stays under 300.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300

# --- Security headers (every mode, so the tests see what production sends) ---------------
# A Content-Security-Policy with no 'unsafe-inline': every script and style is a file of ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    # whitenoise serves the collected, compressed, hash-named static files.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Behind a proxy that terminates TLS: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
    proxy_header = env.tuple("SECURE_PROXY_SSL_HEADER", default=())
    if proxy_header:
        if len(proxy_header) != 2:
            raise ImproperlyConfigured(
                "SECURE_PROXY_SSL_HEADER must be a header and a value, e.g. "
                "HTTP_X_FORWARDED_PROTO,https"
            )
        SECURE_PROXY_SSL_HEADER = tuple(proxy_header)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
