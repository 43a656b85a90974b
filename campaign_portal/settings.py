"""Settings for the campaign portal.

Every setting comes from the environment (or a ``.env`` file beside ``manage.py``); see
``.env.example`` and the README for the full list. A bad value stops start-up with a message
that names the variable.
"""

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _fail(name, message):
    raise ImproperlyConfigured(f"Environment variable {name}: {message}")


def env_str(name, default=""):
    """A string setting; an empty value counts as unset."""
    raw = env.str(name, default=None)
    return default if raw is None or raw.strip() == "" else raw.strip()


def env_bool(name, default):
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return _fail(name, f"expected true/false, got {raw!r}")


def env_int(name, default, *, minimum=None, maximum=None):
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        return _fail(name, f"expected a whole number, got {raw!r}")
    if minimum is not None and value < minimum:
        _fail(name, f"must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        _fail(name, f"must be at most {maximum}, got {value}")
    return value


def env_list(name, default):
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

# Unset means a developer's machine (as with `manage.py` out of the box). Production sets
# DEBUG=false explicitly: gunicorn refuses to start with DEBUG on (gunicorn.conf.py). The WSGI and
# ASGI modules themselves do not check, since `manage.py runserver` serves the same WSGI application.
DEBUG = env_bool("DEBUG", True)

_DEV_SECRET = "django-insecure-dev-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    _fail("SECRET_KEY", "must be set when DEBUG is off (50+ random characters)")
if not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    _fail("SECRET_KEY", "must be a random value of at least 50 characters when DEBUG is off")
# Earlier keys, still accepted for what was signed with them (sessions, password-reset links,
# tracked share links nobody has followed yet) after SECRET_KEY is changed.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    _fail("ALLOWED_HOSTS", "must list the site's host names when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        _fail("CSRF_TRUSTED_ORIGINS", f"{_origin!r} must start with http:// or https://")

SITE_NAME = env_str("SITE_NAME", "Lan Tỏa")


def _address_url(name):
    """``http://HOST:PORT`` from ``name`` (``HOST:PORT``, as the Makefile's ``PORTAL_ADDR``), or None.

    A wildcard host (0.0.0.0, ::) is where the server listens, not an address to visit: links
    then use 127.0.0.1 (set SITE_URL to the machine's address to open them from a phone).
    """
    raw = env_str(name, "")
    if not raw:
        return None
    host, sep, port = raw.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        _fail(name, f"expected HOST:PORT, got {raw!r}")
    host = host.strip("[]") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):  # noqa: S104 - compared, not bound
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


# Absolute links (invites, share links, Open Graph, emails): SITE_URL when set; otherwise the
# address `make run` serves on (PORTAL_ADDR, from HOST and PORT), so `make run PORT=8811` links
# to port 8811; otherwise runserver's default.
SITE_URL = env_str("SITE_URL", "") or _address_url("PORTAL_ADDR") or "http://127.0.0.1:8000"
SITE_URL = SITE_URL.rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    _fail("SITE_URL", f"must start with http:// or https://, got {SITE_URL!r}")

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
    "django_htmx",
    "core",
    "audit",
    "uploads",
    "accounts",
    "unions",
    "notifications",
    "privacy",
    "campaigns",
    "submissions",
    "contests",
    "incidents",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "campaign_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "unions.scope.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "accounts.middleware.LanguagePreferenceMiddleware",
]

ROOT_URLCONF = "campaign_portal.urls"
WSGI_APPLICATION = "campaign_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "campaign_portal.context_processors.portal",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------


class _SQLiteConnection(sqlite3.Connection):
    """Makes the database file's folder at the first connection: settings create no folders."""

    def __init__(self, database, *args, **kwargs):
        name = str(database)
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(database, *args, **kwargs)


_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": environ.Env.db_url_config(env_str("DATABASE_URL", _default_db))}
except (ImproperlyConfigured, ValueError, KeyError) as exc:
    _fail("DATABASE_URL", f"not a database URL this portal understands ({exc})")
_engine = DATABASES["default"].get("ENGINE")  # an unknown scheme parses to a dict without one
if _engine == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "factory": _SQLiteConnection,
        }
    )
elif _engine in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    _fail("DATABASE_URL", "only sqlite:// and postgres:// URLs are supported")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------

CACHE_URL = env_str("CACHE_URL", "locmemcache://")
try:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
except Exception as exc:  # noqa: BLE001 - any parse error is a configuration error
    _fail("CACHE_URL", f"not a cache URL ({exc})")

# --- Accounts and authentication ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.LoginBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout per account, whichever identifier is typed (accounts/lockout.py): 5 failures on
# one account from one address lock it from that address; 20 from all addresses lock it
# everywhere; 50 from one address over all accounts lock that address (password spraying).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
if LOGIN_ACCOUNT_FAILURE_LIMIT < AXES_FAILURE_LIMIT:
    _fail("LOGIN_ACCOUNT_FAILURE_LIMIT", "must be at least LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "accounts.lockout.AccountLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
AXES_VERBOSE = False

# The client's address (login lockout, unique visitors of tracked links), one rule for both: with
# no trusted proxy, REMOTE_ADDR (X-Forwarded-For is ignored: anyone can send one). Behind N
# proxies that each append the address they were reached from to X-Forwarded-For (nginx's
# $proxy_add_x_forwarded_for), the N-th address from its right (with N=1 and no header,
# REMOTE_ADDR; with N>1 and fewer addresses, none: the request did not come through the proxies).
# PROXY_COUNT is the variable's older name.
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", env_int("PROXY_COUNT", 0, minimum=0, maximum=10), minimum=0, maximum=10
)
if TRUSTED_PROXY_COUNT:
    IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # ipware counts the proxies listed in the header; the nearest one is REMOTE_ADDR, not listed.
    IPWARE_META_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    IPWARE_META_PROXY_COUNT = None
IPWARE_STRICT = False  # addresses the client put in front of the proxies' are skipped, not fatal
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = IPWARE_META_PROXY_COUNT
AXES_IPWARE_META_PRECEDENCE_ORDER = IPWARE_META_PRECEDENCE_ORDER

SESSION_COOKIE_AGE = env_int("SESSION_DAYS", 14, minimum=1) * 24 * 3600

# --- Rate limits (core/ratelimit.py; counters in the "default" cache) ---------------------------
# A rate is "<count>/<period>", period s, m, h or d (optionally a number: "10/15m").
_RATE_RE = __import__("re").compile(r"^[1-9][0-9]*/[1-9]?[0-9]*[smhd]$")


def env_rate(name, default):
    value = env_str(name, default)
    if not _RATE_RE.match(value):
        _fail(name, f"expected a rate such as 10/h or 30/m, got {value!r}")
    return value


RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
RATE_LIMITS = {
    "join": env_rate("RATE_LIMIT_JOIN", "10/h"),  # sign-ups through an invitation, per address
    "password_reset": env_rate("RATE_LIMIT_PASSWORD_RESET", "5/h"),  # reset emails asked, per address
    "share_proof": env_rate("RATE_LIMIT_SHARE_PROOF", "20/h"),
    "contest_play": env_rate("RATE_LIMIT_CONTEST_PLAY", "30/h"),  # quiz/contest starts and submits
    "contest_vote": env_rate("RATE_LIMIT_CONTEST_VOTE", "60/h"),
    "upload": env_rate("RATE_LIMIT_UPLOAD", "30/h"),  # submission form, frame studio
    "tracked_link": env_rate("RATE_LIMIT_TRACKED_LINK", "120/m"),  # /s/<code>, per address
}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = RATE_LIMIT_ENABLED
# The API's own limit is API_THROTTLE_RATE (see "API" below).

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------

STATIC_URL = "/static/"
# Where `collectstatic` gathers the static files (served by nginx at /static/, or by whitenoise).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Private uploads (unpublished submissions' media): never under MEDIA_ROOT/MEDIA_URL; served by an
# access-checked view (uploads/storage.py, uploads/serving.py). With nginx, set the prefix of its
# `internal` location so the view answers with X-Accel-Redirect instead of streaming the file.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private-media")))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()) or MEDIA_ROOT.resolve().is_relative_to(
    PRIVATE_MEDIA_ROOT.resolve()
):
    _fail("PRIVATE_MEDIA_ROOT", "must be a folder outside MEDIA_ROOT (and not contain it)")
MEDIA_ACCEL_REDIRECT_PREFIX = env_str("MEDIA_ACCEL_REDIRECT_PREFIX", "")
if MEDIA_ACCEL_REDIRECT_PREFIX and not (
    MEDIA_ACCEL_REDIRECT_PREFIX.startswith("/") and MEDIA_ACCEL_REDIRECT_PREFIX.endswith("/")
):
    _fail("MEDIA_ACCEL_REDIRECT_PREFIX", f"must start and end with '/', got {MEDIA_ACCEL_REDIRECT_PREFIX!r}")
if MEDIA_ACCEL_REDIRECT_PREFIX and MEDIA_ACCEL_REDIRECT_PREFIX.startswith(MEDIA_URL):
    _fail("MEDIA_ACCEL_REDIRECT_PREFIX", "must not be under MEDIA_URL (that location is public)")
# Origin of media on object storage or a CDN (e.g. https://media.example.org), allowed by the CSP.
MEDIA_ORIGIN = env_str("MEDIA_ORIGIN", "").rstrip("/")
if MEDIA_ORIGIN and (not MEDIA_ORIGIN.startswith(("https://", "http://")) or "/" in MEDIA_ORIGIN.split("://", 1)[1]):
    _fail("MEDIA_ORIGIN", f"expected an origin such as https://media.example.org, got {MEDIA_ORIGIN!r}")

MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    _media_backend = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    _media_backend = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", ""),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", ""),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", ""),
            "region_name": env_str("S3_REGION", "") or None,
            "default_acl": None,
            # Public files (thumbnails, Open Graph cards) get plain, lasting URLs only when the
            # bucket policy makes everything but `private/` readable; otherwise signed ones.
            "querystring_auth": not env_bool("S3_PUBLIC_READ", False),
            "file_overwrite": False,
        },
    }
    if not _media_backend["OPTIONS"]["bucket_name"]:
        _fail("S3_BUCKET", "must be set when MEDIA_STORAGE=s3")
else:
    _fail("MEDIA_STORAGE", f"expected 'filesystem' or 's3', got {MEDIA_STORAGE!r}")
if MEDIA_STORAGE == "s3":  # same bucket, `private/` prefix, read only through 5-minute signed URLs
    _private_backend = {
        "BACKEND": _media_backend["BACKEND"],
        "OPTIONS": {**_media_backend["OPTIONS"], "location": "private", "querystring_auth": True,
                    "querystring_expire": 300},
    }
else:
    _private_backend = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/protected-media/"},
    }

STORAGES = {
    "default": _media_backend,
    "private": _private_backend,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads above 2 MB stream to a temporary file on disk, never held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_MB = {
    "image": env_int("UPLOAD_MAX_IMAGE_MB", 20, minimum=1),
    "audio": env_int("UPLOAD_MAX_AUDIO_MB", 100, minimum=1),
    "video": env_int("UPLOAD_MAX_VIDEO_MB", 500, minimum=1),
    "document": env_int("UPLOAD_MAX_DOCUMENT_MB", 20, minimum=1),
}
UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_MEGAPIXELS", 40, minimum=1) * 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50000, minimum=1)
# Annual report exports of a subtree with more units than this run as a Celery job (progress page,
# file kept in the private storage, in-app notification); smaller ones are served at once.
ANNUAL_EXPORT_JOB_THRESHOLD = env_int("ANNUAL_EXPORT_JOB_THRESHOLD", 2000, minimum=0)
# The place written before the date of the annual report's PDF/DOCX ("Hà Nội, ngày … tháng … năm …").
REPORT_PLACE = env_str("REPORT_PLACE", "Hà Nội")
# Confirmed imports with more rows than this run in the Celery worker, with a progress bar.
IMPORT_ASYNC_ROWS = env_int("IMPORT_ASYNC_ROWS", 500, minimum=0)
# Submissions: a pending review older than this many days is overdue (deadline reminders);
# hashtags appended to every Fanpage package caption.
SUBMISSION_REVIEW_DAYS = env_int("SUBMISSION_REVIEW_DAYS", 7, minimum=1, maximum=365)
FANPAGE_HASHTAGS = env_str("FANPAGE_HASHTAGS", "#CôngĐoànViệtNam #CôngĐoànCôngThương #ĐạiHộiCôngĐoàn")

# --- Email ------------------------------------------------------------------------------------

try:
    _email = environ.Env.email_url_config(env_str("EMAIL_URL", "filemail://" if DEBUG else "consolemail://"))
except Exception as exc:  # noqa: BLE001
    _fail("EMAIL_URL", f"not an email URL ({exc})")
if _email.get("EMAIL_BACKEND") == "django.core.mail.backends.filebased.EmailBackend":
    _email["EMAIL_FILE_PATH"] = str(VAR_DIR / "mail")
globals().update(_email)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if not CELERY_BROKER_URL.startswith(("filesystem://", "redis://", "rediss://", "amqp://")):
    _fail("CELERY_BROKER_URL", "expected filesystem://, redis://, rediss:// or amqp://")
CELERY_FILESYSTEM_DIR = Path(env_str("CELERY_FILESYSTEM_DIR", str(VAR_DIR / "celery")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The folders are made by campaign_portal/celery.py when a worker starts or a task is sent.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With the broker down a page that enqueues work must still answer quickly: a short connect
# timeout and a short publish retry; what could not be sent is picked up by the periodic scans
# (email outbox, media recovery sweep) once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2, minimum=1, maximum=60)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULER = "campaign_portal.celery:PortalScheduler"  # makes the schedule file's folder
CELERY_BEAT_SCHEDULE = {}

# Reminders (notifications app): beat scans for due reminders; emails are claimed, leased, retried.
REMINDER_SCAN_MINUTES = env_int("REMINDER_SCAN_MINUTES", 5, minimum=1, maximum=1440)
REMINDER_LOOKBACK_HOURS = env_int("REMINDER_LOOKBACK_HOURS", 48, minimum=1)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 30, minimum=1)
EMAIL_SEND_LEASE_SECONDS = env_int("EMAIL_SEND_LEASE_SECONDS", 300, minimum=1)
if EMAIL_SEND_LEASE_SECONDS <= EMAIL_TIMEOUT:
    _fail("EMAIL_SEND_LEASE_SECONDS", f"must be longer than EMAIL_TIMEOUT_SECONDS ({EMAIL_TIMEOUT})")

# Time limits of every task, in seconds: at the soft limit the task gets SoftTimeLimitExceeded
# (its transaction rolls back), at the hard one its worker process is killed. Enforced by the
# prefork pool (the production worker); the threads pool of `make run` does not enforce them.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1, maximum=86400)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180, minimum=2, maximum=86400)
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    _fail("CELERY_TASK_TIME_LIMIT", f"must be longer than CELERY_TASK_SOFT_TIME_LIMIT ({CELERY_TASK_SOFT_TIME_LIMIT})")


def _at_least(soft, hard):
    """Longer limits for one task, never shorter than the global ones."""
    return {"soft_time_limit": max(soft, CELERY_TASK_SOFT_TIME_LIMIT), "time_limit": max(hard, CELERY_TASK_TIME_LIMIT)}


def _at_most(hard):
    """Shorter limits for one task, never longer than the global ones."""
    hard = min(hard, CELERY_TASK_TIME_LIMIT)
    return {"soft_time_limit": min(CELERY_TASK_SOFT_TIME_LIMIT, hard - 1), "time_limit": hard}


CELERY_TASK_ANNOTATIONS = {
    # An email task still running when its lease ends could be taken by another worker and the
    # email sent twice: it is stopped by then.
    "notifications.tasks.send_delivery_email": _at_most(EMAIL_SEND_LEASE_SECONDS),
    "notifications.tasks.send_notification_email": _at_most(EMAIL_SEND_LEASE_SECONDS),
    # A confirmed import of up to IMPORT_MAX_ROWS members or units, applied in one transaction.
    "unions.tasks.apply_import": _at_least(30 * 60, 32 * 60),
    # Probing a video or audio file of up to 500 MB and extracting a poster frame: several ffmpeg
    # runs of up to 2 minutes each (uploads/media.py).
    "submissions.tasks.process_media": _at_least(10 * 60, 12 * 60),
}

# Stuck-job recovery: a video/audio file is claimed by a worker for MEDIA_PROCESS_LEASE_SECONDS
# (longer than the task's hard time limit, so a live run is never taken over); the sweep, every
# RECOVERY_SWEEP_MINUTES, re-queues files whose lease ran out or that were never taken, at most
# MEDIA_PROCESS_MAX_ATTEMPTS runs, then marks them failed and tells the author. Import batches left
# queued are re-sent; one left running past twice its time limit is marked failed.
MEDIA_PROCESS_MAX_ATTEMPTS = env_int("MEDIA_PROCESS_MAX_ATTEMPTS", 3, minimum=1, maximum=20)
MEDIA_PROCESS_LEASE_SECONDS = env_int("MEDIA_PROCESS_LEASE_SECONDS", 15 * 60, minimum=1)
if MEDIA_PROCESS_LEASE_SECONDS <= CELERY_TASK_ANNOTATIONS["submissions.tasks.process_media"]["time_limit"]:
    _fail("MEDIA_PROCESS_LEASE_SECONDS", "must be longer than the hard time limit of media processing "
          f"({CELERY_TASK_ANNOTATIONS['submissions.tasks.process_media']['time_limit']} s)")
RECOVERY_SWEEP_MINUTES = env_int("RECOVERY_SWEEP_MINUTES", 5, minimum=1, maximum=1440)
CELERY_BEAT_SCHEDULE["submissions-recover-stuck-media"] = {
    "task": "submissions.tasks.recover_stuck_media",
    "schedule": timedelta(minutes=RECOVERY_SWEEP_MINUTES),
    "options": {"expires": RECOVERY_SWEEP_MINUTES * 60},
}
CELERY_BEAT_SCHEDULE["unions-recover-stuck-imports"] = {
    "task": "unions.tasks.recover_stuck_imports",
    "schedule": timedelta(minutes=RECOVERY_SWEEP_MINUTES),
    "options": {"expires": RECOVERY_SWEEP_MINUTES * 60},
}

CELERY_BEAT_SCHEDULE["notifications-scan-reminders"] = {
    "task": "notifications.tasks.scan_reminders",
    "schedule": timedelta(minutes=REMINDER_SCAN_MINUTES),
    "options": {"expires": REMINDER_SCAN_MINUTES * 60},  # a backlog of stale scans is pointless
}
# Hot issues (incidents app): hours a level has to acknowledge an issue before it goes up by
# itself, per severity ("critical=4,high=12,medium=24,low=72"); checked by the same beat cadence.
_ack_default = {"critical": 4, "high": 12, "medium": 24, "low": 72}
INCIDENT_ACK_HOURS = dict(_ack_default)
for _item in filter(None, env_str("INCIDENT_ACK_HOURS", "").split(",")):
    _sev, _, _hours = _item.partition("=")
    if _sev.strip() not in _ack_default or not _hours.strip().isdigit() or int(_hours) < 1:
        _fail("INCIDENT_ACK_HOURS", f"{_item!r}: use severity=hours with severities {', '.join(_ack_default)}")
    INCIDENT_ACK_HOURS[_sev.strip()] = int(_hours)
CELERY_BEAT_SCHEDULE["incidents-escalate-unacknowledged"] = {
    "task": "incidents.tasks.escalate_unacknowledged",
    "schedule": timedelta(minutes=REMINDER_SCAN_MINUTES),
    "options": {"expires": REMINDER_SCAN_MINUTES * 60},
}
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["notifications-weekly-digest"] = {
    "task": "notifications.tasks.send_weekly_digest",
    "schedule": crontab(minute=0, hour=7, day_of_week="mon"),  # Monday 07:00, CELERY_TIMEZONE
}
# Member counts are kept by a task per membership change; a nightly recount repairs any count a
# lost task left stale (one UPDATE over every unit).
CELERY_BEAT_SCHEDULE["unions-recount-all-members"] = {
    "task": "unions.tasks.recount_all_members",
    "schedule": crontab(minute=30, hour=2),  # 02:30 every night, CELERY_TIMEZONE
}

# --- Personal data (Law on Personal Data Protection, 2025) ------------------------------------

# The version of the privacy notice (/privacy/): stored with every consent record; change it when
# the notice's text changes. Erasure requests are due PRIVACY_ERASURE_DAYS after they are made.
PRIVACY_NOTICE_VERSION = env_str("PRIVACY_NOTICE_VERSION", "2026-12-01")
if not PRIVACY_NOTICE_VERSION or len(PRIVACY_NOTICE_VERSION) > 20:
    _fail("PRIVACY_NOTICE_VERSION", "1-20 characters")
PRIVACY_ERASURE_DAYS = env_int("PRIVACY_ERASURE_DAYS", 3, minimum=1, maximum=90)
# Retention, applied every night by privacy.tasks.apply_retention: days to keep tracked-link click
# rows, read notifications (unread ones twice as long), audit rows of page views, and invitations
# (join links and pending registrations) after they expired.
RETENTION_DAYS = {
    "link_clicks": env_int("RETENTION_LINK_CLICKS_DAYS", 180, minimum=1),
    "notifications": env_int("RETENTION_NOTIFICATIONS_DAYS", 365, minimum=1),
    "audit_views": env_int("RETENTION_AUDIT_VIEWS_DAYS", 365, minimum=1),
    "invitations": env_int("RETENTION_INVITATIONS_DAYS", 30, minimum=1),
}
CELERY_BEAT_SCHEDULE["privacy-apply-retention"] = {
    "task": "privacy.tasks.apply_retention",
    "schedule": crontab(minute=30, hour=2),  # 02:30 every night, CELERY_TIMEZONE
}

# --- Security ---------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Load balancers probe /healthz over plain HTTP on the backend: a redirect would mark it down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_HTTPS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

ZALO_OA_ID = env_str("ZALO_OA_ID", "")
_zalo_sources = ["https://sp.zalo.me"] if ZALO_OA_ID else []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_zalo_sources],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "media-src": ["'self'", "blob:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *_zalo_sources],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- API ------------------------------------------------------------------------------------

# The read-only JSON API under /api/ (api/): personal keys only (no session cookie, so no CSRF
# question), every list paginated. Rate limit: API_THROTTLE_RATE per key owner (DRF's throttle on the
# configured cache; api/throttling.py); "off" turns it off.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50, minimum=1, maximum=1000)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500, minimum=1, maximum=5000)
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/hour")
if API_THROTTLE_RATE.lower() == "off":
    API_THROTTLE_RATE = ""
if API_THROTTLE_RATE and not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", API_THROTTLE_RATE):
    _fail("API_THROTTLE_RATE", f"expected N/second|minute|hour|day such as 600/hour, got {API_THROTTLE_RATE!r}")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsOfficer"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiUserThrottle"] if API_THROTTLE_RATE else [],
    "DEFAULT_THROTTLE_RATES": {"api_user": API_THROTTLE_RATE or None},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Read-only API of the campaign portal: units, report periods, indicators and report "
                   "figures, limited to the subtrees the key's owner manages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI and Redoc from the vendored sidecar package: no CDN (closed networks, CSP 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.document_errors"],
}

# --- Logging ----------------------------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    _fail("LOG_LEVEL", f"expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # kombu warns that filesystem:// has no host name: that is how the file broker is written.
    "loggers": {"axes": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}},
}
