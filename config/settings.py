"""Settings, read from the environment.

Run modes share this file:

* nothing set (the test suite, one-off commands): SQLite, Celery eager, the mock partners mounted here;
* embedded default (``make demo``): the same with ``CELERY_BROKER_URL=filesystem://`` and a real worker
  with beat beside the web server (``Procfile.demo``);
* services (``make services``): ``DATABASE_URL`` (PostgreSQL, connection pool) and ``CELERY_BROKER_URL``
  (Redis) set, gunicorn, worker, beat and the mocks as their own processes (``Procfile``).

``DJANGO_ENV=production`` refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS`` and turns on
every setting that ``manage.py check --deploy`` asks for.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_ENV=production cần SECRET_KEY thật (>= 50 ký tự ngẫu nhiên) / "
            "needs a real SECRET_KEY (>= 50 random characters)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production cần ALLOWED_HOSTS / needs ALLOWED_HOSTS (comma-separated host names)."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production không chạy với DEBUG / does not run with DEBUG on.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_fsm",
    "services",
    "payments",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, right after security (issue 16)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: the web server's threads (the portal and the mocks it calls over HTTP) and the
    # worker's processes share the file. WAL lets readers go on while one writes; IMMEDIATE takes the write
    # lock when a transaction begins (a busy writer then makes the other wait, up to ``timeout`` seconds,
    # instead of failing a read-then-write with "database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
else:
    # --- PostgreSQL: psycopg's connection pool (issue 16) -----------------------------------------
    # One pool per process (a gunicorn worker's threads, a Celery worker's children each take from
    # their own): a thread borrows a connection for a request and gives it back, instead of keeping
    # one per thread (CONN_MAX_AGE), which left idle connections behind until "too many clients".
    # Size it so that processes x DB_POOL_MAX_SIZE stays under PostgreSQL's max_connections.
    # DB_POOL=false goes back to one connection per request (CONN_MAX_AGE=0).
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    if env.bool("DB_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=env.int("GUNICORN_THREADS", default=4)),
            "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),  # seconds to wait for a free one
        }
    else:
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # --- end of the connection pool ------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "services.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:start"
LOGOUT_REDIRECT_URL = "portal:home"

# Vietnamese first, English available. Times are stored in UTC; dates and deadlines are decided in
# Asia/Ho_Chi_Minh (TIME_ZONE is the zone that timezone.localdate() uses).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# --- Static files by WhiteNoise (issue 16) -------------------------------------------------------------
# Production serves what `manage.py collectstatic` gathered into STATIC_ROOT, compressed and with hashed
# names (cached for a year); `make services` and the Procfile's release step run collectstatic first.
# Elsewhere the files are served straight from the apps (no collectstatic needed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# --- end of static files ----------------------------------------------------------------------------------
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Uploaded documents (hồ sơ): what a filing accepts.
FILING_UPLOAD_MAX_BYTES = env.int("FILING_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILING_UPLOAD_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]

# --- Celery: three ways tasks run (issue 16) -----------------------------------------------------
# * no CELERY_BROKER_URL (the test suite, one-off commands): tasks run in-process (eager); nothing
#   signals a worker after commit, since there is none.
# * CELERY_BROKER_URL=filesystem:// (``make demo``, the embedded default): kombu's filesystem transport,
#   messages are files under var/celery/ (gitignored); a real worker with beat runs beside the web server.
# * CELERY_BROKER_URL=redis://... (services mode, production).
# A request only *signals* a worker (services.outbox.signal_worker): one publish, no retries, bounded by
# the short socket timeouts below, so a broker outage never becomes the user's wait.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
EMBEDDED = not CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=EMBEDDED)
CELERY_TASK_EAGER_PROPAGATES = True
_default_result_backend = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else None
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_default_result_backend)
CELERY_BROKER_CONNECT_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=0.5)  # seconds
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_QUEUE_DIR = Path(env.str("CELERY_QUEUE_DIR", default=str(BASE_DIR / "var" / "celery")))
    for _sub in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.5,  # seconds between the worker's looks at the folder
    }
    CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_QUEUE_DIR / "celerybeat-schedule")
elif CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": CELERY_BROKER_CONNECT_TIMEOUT,
        # Above the worker's 1 s BRPOP; a request's publish is one command.
        "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0),
        "max_retries": 0,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0)
CELERY_BROKER_POOL_LIMIT = env.int("CELERY_BROKER_POOL_LIMIT", default=10)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "flag-overdue-filings": {"task": "services.tasks.flag_overdue_filings", "schedule": 15 * 60},
}

# --- Outside partners (mocks by default, mounted in this process) --------------------------------
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- National gateway sync (issue 4) ---------------------------------------------------------------
# The portal's client: where it sends the outbox, with which token, how long it waits, how often it tries.
NATIONAL_GATEWAY_CLIENT = env.str(
    "NATIONAL_GATEWAY_CLIENT", default="services.gateway.mock.MockGatewayClient"
)
NATIONAL_GATEWAY_URL = env.str("NATIONAL_GATEWAY_URL", default=f"{SITE_URL}/mock-gateway/")
NATIONAL_GATEWAY_TOKEN = env.str(
    "NATIONAL_GATEWAY_TOKEN", default="" if PRODUCTION else "dev-national-gateway-token"
)
NATIONAL_GATEWAY_CONNECT_TIMEOUT = env.float("NATIONAL_GATEWAY_CONNECT_TIMEOUT", default=3.0)
NATIONAL_GATEWAY_READ_TIMEOUT = env.float("NATIONAL_GATEWAY_READ_TIMEOUT", default=5.0)
NATIONAL_GATEWAY_MAX_ATTEMPTS = env.int("NATIONAL_GATEWAY_MAX_ATTEMPTS", default=10)
NATIONAL_GATEWAY_BACKOFF_BASE = env.float("NATIONAL_GATEWAY_BACKOFF_BASE", default=2.0)  # seconds
NATIONAL_GATEWAY_BACKOFF_CAP = env.float("NATIONAL_GATEWAY_BACKOFF_CAP", default=3600.0)
# A claimed event is resent by another worker only after its lease runs out (longer than one request).
NATIONAL_GATEWAY_LEASE_SECONDS = env.float(
    "NATIONAL_GATEWAY_LEASE_SECONDS",
    default=NATIONAL_GATEWAY_CONNECT_TIMEOUT + NATIONAL_GATEWAY_READ_TIMEOUT + 20,
)
NATIONAL_GATEWAY_BATCH = env.int("NATIONAL_GATEWAY_BATCH", default=50)
NATIONAL_GATEWAY_WAKE_ON_COMMIT = env.bool("NATIONAL_GATEWAY_WAKE_ON_COMMIT", default=True)
# The token the gateway presents when it forwards a filing to the portal's inbound endpoint (no dev
# default in production: an empty token refuses every inbound call).
NATIONAL_GATEWAY_INBOUND_TOKEN = env.str(
    "NATIONAL_GATEWAY_INBOUND_TOKEN", default="" if PRODUCTION else "dev-gateway-inbound-token"
)
# The mock national gateway (mocks.gateway): mounted under /mock-gateway/ except in production;
# its own token and where it forwards filings.
MOCK_GATEWAY_MOUNTED = env.bool("MOCK_GATEWAY_MOUNTED", default=not PRODUCTION)
MOCK_GATEWAY_TOKEN = env.str("MOCK_GATEWAY_TOKEN", default=NATIONAL_GATEWAY_TOKEN)
MOCK_GATEWAY_PROVINCE_INBOUND_URL = env.str(
    "MOCK_GATEWAY_PROVINCE_INBOUND_URL", default=f"{SITE_URL}/gateway/inbound/filings/"
)
MOCK_GATEWAY_PROVINCE_TOKEN = env.str("MOCK_GATEWAY_PROVINCE_TOKEN", default=NATIONAL_GATEWAY_INBOUND_TOKEN)
CELERY_BEAT_SCHEDULE["deliver-outbox"] = {
    "task": "services.tasks.deliver_outbox",
    "schedule": env.float("NATIONAL_GATEWAY_SWEEP_SECONDS", default=30.0),
}
# --- end of national gateway sync ------------------------------------------------------------------

# --- Payments (issue 3): the Payment Platform, mocked by default ------------------------------------
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="payments.providers.mock.MockPlatformProvider")
PAYMENT_PLATFORM_URL = env.str("PAYMENT_PLATFORM_URL", default=f"{SITE_URL}/mock-payment/")
# Unset in production: every signature fails and no order is created until the real secret is given.
PAYMENT_PLATFORM_SECRET = env.str(
    "PAYMENT_PLATFORM_SECRET", default="" if PRODUCTION else "dev-only-shared-payment-secret"
)
PAYMENT_MERCHANT_CODE = env.str("PAYMENT_MERCHANT_CODE", default="CONGDVC-TINH")
PAYMENT_SIGNATURE_TOLERANCE = env.int("PAYMENT_SIGNATURE_TOLERANCE", default=300)  # seconds
PAYMENT_ORDER_TTL_MINUTES = env.int("PAYMENT_ORDER_TTL_MINUTES", default=30)
PAYMENT_PENDING_CHECK_MINUTES = 15
# Starting a payment waits for the platform's answer in the user's request: short, bounded waits (seconds).
PAYMENT_HTTP_CONNECT_TIMEOUT = env.float("PAYMENT_HTTP_CONNECT_TIMEOUT", default=2.0)
PAYMENT_HTTP_TIMEOUT = env.float("PAYMENT_HTTP_TIMEOUT", default=5.0)  # read timeout
MOCK_PAYMENT_MOUNTED = env.bool("MOCK_PAYMENT_MOUNTED", default=not PRODUCTION)  # under /mock-payment/
MOCK_PAYMENT_CALLBACK_ATTEMPTS = 8
MOCK_PAYMENT_LATE_SECONDS = env.int("MOCK_PAYMENT_LATE_SECONDS", default=30)
CELERY_BEAT_SCHEDULE["payments-expire-unpaid"] = {
    "task": "payments.tasks.expire_unpaid_payments",
    "schedule": 5 * 60,
}
CELERY_BEAT_SCHEDULE["payments-check-pending"] = {
    "task": "payments.tasks.check_pending_payments",
    "schedule": 5 * 60,
}
CELERY_BEAT_SCHEDULE["payments-refund-unneeded"] = {
    "task": "payments.tasks.refund_unneeded_payments",
    "schedule": 15 * 60,
}
CELERY_BEAT_SCHEDULE["payments-reconcile-daily"] = {
    "task": "payments.tasks.reconcile_yesterday",
    "schedule": crontab(hour=1, minute=30),
}
# --- end of payments settings ---------------------------------------------------------------------

# --- Sign-in with VNeID (issue 6): OpenID Connect, mocked by default -----------------------------
VNEID_ISSUER = env.str("VNEID_ISSUER", default=f"{SITE_URL}/mock-vneid")
VNEID_CLIENT_ID = env.str("VNEID_CLIENT_ID", default="cong-dvc-tinh")
VNEID_CLIENT_SECRET = env.str("VNEID_CLIENT_SECRET", default="" if PRODUCTION else "dev-only-vneid-secret")
MOCK_VNEID_MOUNTED = env.bool("MOCK_VNEID_MOUNTED", default=not PRODUCTION)  # under /mock-vneid/
MOCK_VNEID_CLIENTS = {VNEID_CLIENT_ID: VNEID_CLIENT_SECRET} if VNEID_CLIENT_SECRET else {}
# The portal's callback as registered with VNeID (a provider sends codes to registered URIs only). Empty:
# SITE_URL + VNEID_CALLBACK_PATH, read when used, so that a test's live server (a new SITE_URL) is followed.
VNEID_CALLBACK_PATH = "/login/vneid/callback/"
VNEID_REDIRECT_URI = env.str("VNEID_REDIRECT_URI", default="")
# The mock's registered redirect URIs per client (exact match). The portal's client, when none are listed
# here, is registered with the portal's redirect URI above.
MOCK_VNEID_REDIRECT_URIS = {VNEID_CLIENT_ID: env.list("MOCK_VNEID_REDIRECT_URIS", default=[])}
# --- end of VNeID settings ------------------------------------------------------------------------

# --- Mocks of the outside world (package ``mocks``) ------------------------------------------------
# Installed (models, migrations, templates, ``run_mock_*`` commands) only where a setting mounts them; never
# in production, where the three settings default to off. Their URLs are mounted in config/urls.py.
if MOCK_GATEWAY_MOUNTED:
    INSTALLED_APPS.append("mocks.gateway")
if MOCK_PAYMENT_MOUNTED:
    INSTALLED_APPS.append("mocks.payment_platform")
if MOCK_VNEID_MOUNTED:
    INSTALLED_APPS.append("mocks.vneid")

# --- Demo and seed data (package ``demo``, the ``seed_demo`` command): never in production by default ----
DEMO_INSTALLED = env.bool("DEMO_INSTALLED", default=not PRODUCTION)
if DEMO_INSTALLED:
    INSTALLED_APPS.append("demo")

# --- Mail ------------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cong-dvc@localhost")
ADMINS = [tuple(a.split(":", 1)) for a in env.list("ADMINS", default=[]) if ":" in a]

# --- REST framework ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Token first: an anonymous client is told how to authenticate (401 with WWW-Authenticate).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Rates for the API's throttles (api.throttles: anonymous per IP, signed-in per user).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cổng dịch vụ công / Public-service portal API",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "FilingStatusEnum": "services.constants.FilingStatus",
        "ChannelEnum": "services.constants.Channel",
        "FilingCreateChannelEnum": ["online", "counter"],
        "PaymentStatusEnum": "payments.constants.PaymentStatus",
        "CounterMethodEnum": "payments.constants.CounterMethod",
        "PlatformAnswerCodeEnum": "payments.constants.Answer",
        "PlatformResultStatusEnum": ["paid", "failed", "cancelled", "pending", "refunded"],
    },
    # Documentation assets are served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Production hardening (what check --deploy asks for) -----------------------------------------
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])
