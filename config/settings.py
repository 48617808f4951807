"""Panelcraft settings.

Every value comes from an environment variable with an embedded default, so
``make run`` on a fresh machine works with SQLite, in-process jobs, an
in-memory channel layer and the built-in offline backends. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and, for S3-compatible
media, AWS_STORAGE_BUCKET_NAME.
"""

import os
from datetime import timedelta
from pathlib import Path
from tempfile import gettempdir
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from accounts import encryption
from config.local_keys import secret_key
from config.site_providers import max_pages, site_providers
from renderers.net.guard import AllowList

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{name} should be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/name?opt=v`` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        engine = "django.db.backends.postgresql"
    elif parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parts.path[1:] or ":memory:"}
    else:
        raise ValueError(f"DATABASE_URL scheme {parts.scheme!r} is not supported")
    return {
        "ENGINE": engine,
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "0"),
        "TEST": {"NAME": os.getenv("DB_TEST_NAME") or None},
    }


DEBUG = envbool("DEBUG", "True")
# `make run` sets this: a server on this machine alone, over plain http, with DEBUG off by default. Its
# secret key and encryption key are made once into git-ignored files, and static files are served
# straight from the source folders (no collectstatic). Production never sets it.
LOCAL_SERVER = envbool("PANELCRAFT_LOCAL", "False")
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
if os.getenv("SECRET_KEY"):
    SECRET_KEY = os.environ["SECRET_KEY"]
elif LOCAL_SERVER:
    SECRET_KEY = secret_key(Path(os.getenv("PANELCRAFT_SECRET_KEY_FILE", str(BASE_DIR / ".panelcraft-secret-key"))))
else:
    SECRET_KEY = DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off: the development key is public.")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.getenv("SITE_NAME", "Panelcraft")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "axes",
    "csp",
    "accounts",
    "comics",
    "gallery",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ from STATIC_ROOT (or the finders under DEBUG), before any other work.
    "config.static_files.StaticFilesMiddleware",
    "config.csp.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Fills the empty body of a 405 with a page (an action's address opened as a link).
    "config.errors.MethodNotAllowedPage",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.site",
            ],
        },
    },
]

if os.getenv("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.getenv("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Jobs write from a background thread while requests read.
            # WAL lets pages read while a job writes; NORMAL sync is safe with WAL.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not shared-cache memory, so tests lock like production does.
            # One per process, so two test runs on one machine never share it.
            "TEST": {
                "NAME": os.getenv("SQLITE_TEST_PATH") or str(Path(gettempdir()) / f"panelcraft-test-{os.getpid()}.db")
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "comics:shelf"
LOGOUT_REDIRECT_URL = "home"
# The throttle first: it refuses a locked account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The lettering's fonts are kept once, in comics/fonts/, and served from there as /static/fonts/
# (the stylesheet's headings use the same files).
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts", BASE_DIR / "comics" / "fonts")]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media is never served as public files: every image and PDF goes through a
# view that checks who may see it, so MEDIA_URL is not routed.
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = os.getenv("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.getenv("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.getenv("AWS_S3_REGION_NAME") or None
    # "path" for S3-compatible servers (MinIO and the like) that have no per-bucket host names.
    AWS_S3_ADDRESSING_STYLE = os.getenv("AWS_S3_ADDRESSING_STYLE") or None
    AWS_S3_SIGNATURE_VERSION = os.getenv("AWS_S3_SIGNATURE_VERSION", "s3v4")
    # A key prefix, so one bucket can hold several installations.
    AWS_LOCATION = os.getenv("AWS_LOCATION", "")
    # No ACL is sent: objects stay private to the bucket owner, and buckets
    # that have ACLs disabled (the default on AWS) accept the uploads.
    AWS_DEFAULT_ACL = None
    # Should anything ever ask for a file's URL, it is a signed, expiring one.
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = 300
    # A re-made image gets a new name, which is what makes versioned() URLs safe to cache.
    AWS_S3_FILE_OVERWRITE = False
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    # Hashed, compressed names need `collectstatic` first, so only where nothing else serves /static/.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or LOCAL_SERVER
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise follows the configured DEBUG, not the one pytest-django flips after import,
# so the test suite serves static files the way `make run` does (no collectstatic needed).
WHITENOISE_AUTOREFRESH = DEBUG or LOCAL_SERVER
WHITENOISE_USE_FINDERS = DEBUG or LOCAL_SERVER

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Panelcraft <noreply@localhost>")

# --- Jobs, channels, Celery -------------------------------------------------

REDIS_URL = os.getenv("REDIS_URL", "")
# Without Redis, jobs run on a small thread pool inside the server process and
# progress travels over the in-memory channel layer of that same process.
JOBS_IN_PROCESS = not REDIS_URL
JOBS_IN_PROCESS_WORKERS = envint("JOBS_IN_PROCESS_WORKERS", "2")

#: Seconds a Redis reply may take on a channel-layer connection. A listening
#: socket waits in a 5 s blocking pop on the server (channels-redis
#: ``brpop_timeout``) and then pops again; redis-py 8 gives every connection
#: a 5 s read timeout by default, which loses that race, so every quiet
#: progress socket died with a TimeoutError. Longer than the pop, so silence
#: is fine; finite, so a Redis that vanishes without closing is still noticed.
CHANNEL_LAYER_SOCKET_TIMEOUT = 15


def channel_layers_from_url(redis_url: str, prefix: str = "panelcraft") -> dict:
    """CHANNEL_LAYERS for ``redis_url``, or the in-memory layer when it is empty.

    The one place the layer is configured, so tests use exactly what
    production runs.
    """
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    host = {"address": redis_url, "socket_timeout": CHANNEL_LAYER_SOCKET_TIMEOUT}
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host], "prefix": prefix},
        }
    }


CHANNEL_LAYERS = channel_layers_from_url(REDIS_URL, os.getenv("CHANNELS_PREFIX", "panelcraft"))


# With Redis, the cache is shared by every server process: rate limits count
# across them, and a hidden comic leaves every process's cached gallery pages.
# The gallery's answers for signed-out visitors live apart ("visitors"), so the many
# addresses they are kept under can never push rate-limit counters out of "default".
def cache_for(prefix: str, *, entries: int) -> dict:
    if REDIS_URL:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": prefix,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


CACHES = {"default": cache_for("panelcraft", entries=10000), "visitors": cache_for("panelcraft-visitors", entries=2000)}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.getenv("CELERY_QUEUE", "panelcraft")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("JOB_SOFT_TIME_LIMIT", "1500")
CELERY_TASK_TIME_LIMIT = envint("JOB_TIME_LIMIT", "1800")
# Must exceed the longest job, or Redis hands the task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Generation ---------------------------------------------------------------

PANELCRAFT = {
    # The site's own text, image and safety providers (config/site_providers.py
    # reads Panelcraft's names and AI Comic Factory's); "builtin" when none is set.
    "SITE_PROVIDERS": site_providers(),
    # Whether users without an account of their own may use the site's providers
    # (else they get the built-in offline ones). Staff always may.
    "SHARE_SITE_PROVIDERS": envbool("PANELCRAFT_SHARE_SITE_PROVIDERS", "true"),
    # A provider's failed safety check lets the comic go on (the built-in
    # blocklist still ran), unless this is set: then it stops the job.
    "SAFETY_FAIL_CLOSED": envbool("PANELCRAFT_SAFETY_FAIL_CLOSED", "false"),
    # Registers the "latency" test doubles (slow, failure-injecting backends) by name.
    "TEST_BACKENDS": envbool("PANELCRAFT_TEST_BACKENDS", "false"),
    # Calls in flight at once to one provider account (or one site provider), per worker process.
    "PROVIDER_CONCURRENCY": envint("PANELCRAFT_PROVIDER_CONCURRENCY", "4"),
    # The longest a polled provider (Replicate, RunPod, ComfyUI) may take for one picture.
    "PROVIDER_MAX_WAIT_SECONDS": envint("PANELCRAFT_PROVIDER_MAX_WAIT_SECONDS", "600"),
    # Extra ComfyUI workflows (API-format *.json) an admin adds to the shipped flux and sdxl.
    "COMFYUI_WORKFLOWS_DIR": os.getenv("PANELCRAFT_COMFYUI_WORKFLOWS_DIR", ""),
    # Fewer pages per comic than the 12 the studio allows (None: no lower cap).
    "MAX_PAGES": max_pages(os.environ),
    # How many panels are painted at once, and how many pages written at once.
    "PAINT_CONCURRENCY": envint("PANELCRAFT_PAINT_CONCURRENCY", "4"),
    "TEXT_CONCURRENCY": envint("PANELCRAFT_TEXT_CONCURRENCY", "6"),
    # A live run renews its heartbeat three times per lease; a running job
    # silent for longer than this lost its worker and goes back to the queue.
    "JOB_LEASE_SECONDS": envint("PANELCRAFT_JOB_LEASE_SECONDS", "45"),
    # How often every worker looks for such jobs (resume within lease + sweep).
    "JOB_SWEEP_SECONDS": envint("PANELCRAFT_JOB_SWEEP_SECONDS", "15"),
    # Longest side of the art asked from the image backend.
    "ART_LONG_SIDE": envint("PANELCRAFT_ART_LONG_SIDE", "1024"),
    # Hosts and CIDRs provider calls may reach although not public (a LAN Ollama or ComfyUI).
    "PROVIDER_ALLOWED_HOSTS": envlist("PANELCRAFT_PROVIDER_ALLOWED_HOSTS", ""),
    # Per-user quota (comics.quotas): jobs queued or running at once, and pages asked for per day.
    "MAX_ACTIVE_JOBS": envint("PANELCRAFT_MAX_ACTIVE_JOBS", "3"),
    "MAX_PAGES_PER_DAY": envint("PANELCRAFT_MAX_PAGES_PER_DAY", "120"),
    # How long an anonymous visitor's gallery page may be served from the cache;
    # likes show up for everyone within this many seconds.
    "GALLERY_CACHE_SECONDS": envint("PANELCRAFT_GALLERY_CACHE_SECONDS", "5"),
}
try:  # a typo here would otherwise surface as an error on the first account saved
    AllowList.parse(PANELCRAFT["PROVIDER_ALLOWED_HOSTS"])
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None

# --- Provider keys at rest -------------------------------------------------------

# Fernet keys (comma-separated, newest first) that encrypt users' provider API
# keys in the database; ``manage.py rotate_encryption_keys`` moves every row to
# the first. Never derived from SECRET_KEY, so either can be replaced alone.
# Under DEBUG or `make run` with none set, one is generated once into a git-ignored file.
PANELCRAFT_ENCRYPTION_KEYS = envlist("PANELCRAFT_ENCRYPTION_KEYS", "")
PANELCRAFT_ENCRYPTION_KEY_FILE = Path(
    os.getenv("PANELCRAFT_ENCRYPTION_KEY_FILE", str(BASE_DIR / ".panelcraft-encryption-key"))
)
try:
    if PANELCRAFT_ENCRYPTION_KEYS:
        encryption.check_keys(PANELCRAFT_ENCRYPTION_KEYS)
    elif DEBUG or LOCAL_SERVER:
        PANELCRAFT_ENCRYPTION_KEYS = [encryption.development_key(PANELCRAFT_ENCRYPTION_KEY_FILE)]
    else:
        raise ImproperlyConfigured(
            "Set PANELCRAFT_ENCRYPTION_KEYS when DEBUG is off: it encrypts users' provider API keys. "
            f"Make one with: {encryption.GENERATE_COMMAND}"
        )
except encryption.EncryptionKeyError as exc:
    raise ImproperlyConfigured(str(exc)) from None

# --- API ------------------------------------------------------------------------

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "config.api_errors.api_exception_handler",
    # Token first: its WWW-Authenticate header is what makes "not signed in" a 401 (not a 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON with a size and nesting limit: deep bodies are a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "config.pagination.PagePagination",
    "PAGE_SIZE": 24,
    "DEFAULT_THROTTLE_RATES": {
        # Test connection makes a real outbound call and can wait for it: a person needs a few, a script many.
        "provider_test": os.getenv("PANELCRAFT_PROVIDER_TEST_RATE", "10/min"),
        # Making comics costs the user's providers money; the studio and the API share this rate.
        "create": os.getenv("PANELCRAFT_CREATE_RATE", "30/hour"),
        # Redraws and continued stories: paid for too, counted apart so they never use up new comics' rate.
        "edit": os.getenv("PANELCRAFT_EDIT_RATE", "60/hour"),
        "like": os.getenv("PANELCRAFT_LIKE_RATE", "120/min"),
        "report": os.getenv("PANELCRAFT_REPORT_RATE", "20/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Panelcraft API",
    "DESCRIPTION": (
        "Make comics and picture books, keep them on a shelf, publish them to the gallery, like and report, "
        "and moderate. Authenticate with a session or with `Authorization: Token <key>` "
        "(POST /api/auth/token/). Errors are JSON with a `detail` or per-field messages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files: no CDN, and the CSP stays strict.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Security -------------------------------------------------------------------

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
# Load balancers and orchestrators probe the app directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "False")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
# A TLS proxy in front sets X-Forwarded-Proto and appends the client's address to X-Forwarded-For.
BEHIND_PROXY = envbool("BEHIND_PROXY", "False")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"

# Failed logins are counted per account and per address (django-axes); either
# reaching the limit pauses logging in for the cool-off, which every refused
# attempt restarts. A success does not clear the count: an attacker with an
# account of their own could otherwise reset the address count between guesses.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_COOLOFF_MINUTES = envint("LOGIN_COOLOFF_MINUTES", "15")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.page_response"
AXES_VERBOSE = False  # no banner on every start; failures and lockouts are still logged
# The client is the right-most X-Forwarded-For entry, the one the proxy added;
# entries to its left come from the client and could be anything.
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_PROXY else ("REMOTE_ADDR",)

# Pages load scripts, styles, fonts and images only from this site and never
# inline; SiteCSPMiddleware adds this host's ws:/wss: origins for the job socket.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"level": os.getenv("DJANGO_LOG_LEVEL", "INFO")},
        # httpx logs every request's full URL at INFO; provider URLs can carry tokens in their query.
        "httpx": {"level": "WARNING"},
    },
}
