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

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from observability.logs import logging_config

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
    "config.admin.PortalAdminConfig",  # the Django admin, for superusers only
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
    "hotline",
    "services",
    "payments",
    "portal",
    "observability",
    "documents",
    "notifications",
    "serviceindex",
]
# --- Hardened doors (issue 11): sign-in lockout, CSP ----------------------------------------------
INSTALLED_APPS += ["axes", "csp"]
# --- end of hardened doors apps --------------------------------------------------------------------

MIDDLEWARE = [
    # Operations (issue 16): first, so that every response (and every log line) has the request id and
    # every request is timed; the fault middleware turns a view's database outage into a 503.
    "observability.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, right after security (issue 16)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "observability.errors.FaultMiddleware",
]
# --- Hardened doors (issue 11) ---------------------------------------------------------------------
# The CSP header (with its per-request nonce) on every answer;
# a bad query parameter of a page becomes a 400 page naming it; axes last, so that it turns a locked-out
# sign-in into the lockout answer.
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
MIDDLEWARE += ["portal.query.BadParameterMiddleware", "axes.middleware.AxesMiddleware"]
# --- end of hardened doors middleware --------------------------------------------------------------

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
                "portal.context_processors.portal_frame",
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
# A read replica (a streaming standby) for the reports and their drill-down (portal/reports/replica.py): the
# router sends those reads there when DATABASE_REPLICA_URL is set; writes always go to the primary.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["portal.reports.replica.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "services.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Hardened doors (issue 11): password hashing and sign-in lockout --------------------------------
# Argon2 first: new passwords and every password signed in with are hashed with it; older PBKDF2 hashes
# still check and are rehashed on the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# axes watches every password sign-in (the page, the API token, the Django admin): after
# AXES_FAILURE_LIMIT failures for one user name, or from one address, within the cool-off, further
# attempts are refused until the cool-off has passed since the last failure. VNeID does not call
# authenticate(): it is never locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
# The client's address, as the API's throttles see it: the peer, or behind PROXY_COUNT reverse proxies
# that each append to X-Forwarded-For, the address the outermost one saw (see config.addresses).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.addresses.client_address"
# --- end of sign-in hardening -----------------------------------------------------------------------

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
    # the reports' daily rollups: folds each closed day (and history written late); a no-op the rest of the day
    "refresh-report-rollups": {"task": "portal.tasks.refresh_report_rollups", "schedule": 10 * 60},
}
# Reports read the daily rollups for the days they cover (portal/reports/rollups.py); false: always the records.
REPORT_ROLLUPS = env.bool("REPORT_ROLLUPS", default=True)
REPORT_ROLLUP_GRACE_MINUTES = env.int("REPORT_ROLLUP_GRACE_MINUTES", default=15)

# --- Outside partners (mocks by default, mounted in this process) --------------------------------
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- One province per portal (issue 13) --------------------------------------------------------------
# The slug of the province whose catalog and citizens' pages this portal serves (services/portal_scope.py).
PORTAL_PROVINCE = env.str("PORTAL_PROVINCE", default="vinh-long")
# The citizen's home: "most used procedures" counts filings of the last this many days.
HOME_POPULAR_DAYS = env.int("HOME_POPULAR_DAYS", default=90)
# The public status lookup (Tra cứu hồ sơ, /tra-cuu/ and POST /api/v1/lookup/): tries per client address.
LOOKUP_RATE = env.str("LOOKUP_RATE", default="10/min")

# --- Documents, signatures, verification (issue 15) ------------------------------------------------
# Signing keys: <SIGNING_PKI_DIR>/agencies/<agency code>/{key,cert}.pem (one per agency; `make_demo_pki`
# writes demo ones there), else the province-wide SIGNING_KEY_FILE + SIGNING_CERT_FILE; neither: signing
# refuses (409) and the step that needs it changes nothing. The trust anchor: SIGNING_CA_FILE (default
# <SIGNING_PKI_DIR>/ca.pem), published at /verify/ca.pem. Never commit keys: var/ is gitignored.
SIGNING_PKI_DIR = Path(env.str("SIGNING_PKI_DIR", default=str(BASE_DIR / "var" / "pki")))
SIGNING_CA_FILE = env.str("SIGNING_CA_FILE", default="")
SIGNING_KEY_FILE = env.str("SIGNING_KEY_FILE", default="")
SIGNING_CERT_FILE = env.str("SIGNING_CERT_FILE", default="")
SIGNING_KEY_PASSPHRASE = env.str("SIGNING_KEY_PASSPHRASE", default="")
SIGNING_TSA_URL = env.str("SIGNING_TSA_URL", default="")  # an RFC 3161 timestamp server, if any
# The fontconfig family the PDFs are set in (Debian: fonts-dejavu-core); no font is fetched from anywhere.
DOCUMENTS_FONT_FAMILY = env.str("DOCUMENTS_FONT_FAMILY", default="DejaVu Serif")

# --- Notifications to applicants and officials (issue 15) --------------------------------------------
# Written as rows (notifications.Notification) in the step's transaction, sent by the worker: e-mail by
# Django's mail (EMAIL_* above), SMS over HTTP to SMS_GATEWAY_URL (the mock, mounted at /mock-sms/ except
# in production, or its own process: `manage.py run_mock_sms --port N`).
MOCK_SMS_MOUNTED = env.bool("MOCK_SMS_MOUNTED", default=not PRODUCTION)
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default=f"{SITE_URL}/mock-sms/")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")  # sent as "Authorization: Bearer ..."
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=5.0)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.float("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30.0)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.float("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600.0)

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
# Events taken per claim (one statement; the heads of distinct keys). Small enough that a batch of the
# catalog lane never holds a filing's status for long (issue 16), large enough to spare the claims.
NATIONAL_GATEWAY_CLAIM = env.int("NATIONAL_GATEWAY_CLAIM", default=20)
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
CELERY_BEAT_SCHEDULE["notifications-deliver"] = {
    "task": "notifications.tasks.deliver_notifications",
    "schedule": env.float("NOTIFICATIONS_SWEEP_SECONDS", default=30.0),
}
CELERY_BEAT_SCHEDULE["notifications-daily-digest"] = {
    "task": "notifications.tasks.daily_digest",
    "schedule": crontab(hour=env.int("NOTIFICATIONS_DIGEST_HOUR", default=7), minute=0),
}
# --- end of national gateway sync ------------------------------------------------------------------

# --- Records of the 766 index (issue 14) ------------------------------------------------------------
# Days after the first rating during which the applicant may change it (then it stands).
RATING_CHANGE_DAYS = env.int("RATING_CHANGE_DAYS", default=7)
# Working days the hotline (Tổng đài 1022) has to answer an item, counted from the day it was received.
HOTLINE_HANDLING_DAYS = env.int("HOTLINE_HANDLING_DAYS", default=5)
# --- end of the 766 index records -------------------------------------------------------------------

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
# Hardened doors (issue 11): the callback's body limit (a genuine one is a few hundred bytes) and the rate
# per client address of both callback endpoints (the platform retries what is not acknowledged).
PAYMENT_CALLBACK_MAX_BYTES = env.int("PAYMENT_CALLBACK_MAX_BYTES", default=16 * 1024)
PAYMENT_CALLBACK_RATE = env.str("PAYMENT_CALLBACK_RATE", default="600/min")
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
if MOCK_SMS_MOUNTED:
    INSTALLED_APPS.append("mocks.sms")

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
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)

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
    "NUM_PROXIES": PROXY_COUNT or None,  # hardened doors: the same client address as the lockout's
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

# --- Operations (issue 16): logs, health, metrics ---------------------------------------------------
# One JSON object a line (LOG_FORMAT=plain for a readable line), each with the request's (or task's) id,
# 12-digit personal IDs masked in every line; the same handler for Django, Celery and gunicorn.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = logging_config(fmt=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
# The worker keeps this configuration instead of Celery's own plain-text handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# /readyz: 503 when the oldest pending outbox event is older than this, or the broker takes longer.
READYZ_OUTBOX_MAX_AGE_SECONDS = env.float("READYZ_OUTBOX_MAX_AGE_SECONDS", default=900.0)
READYZ_BROKER_TIMEOUT_SECONDS = env.float("READYZ_BROKER_TIMEOUT_SECONDS", default=1.0)
READYZ_DATABASE_TIMEOUT_SECONDS = env.float("READYZ_DATABASE_TIMEOUT_SECONDS", default=2.0)
# /metrics: readable from these addresses (CIDR allowed), or with "Authorization: Bearer METRICS_TOKEN".
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# A 503 for a database outage tells clients when to retry.
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=5)
# --- end of operations settings ---------------------------------------------------------------------


# --- Hardened doors (issue 11): Content-Security-Policy (django-csp 4) -------------------------------
# Scripts only from our own static files or carrying the response's nonce ({{ request.csp_nonce }}): no
# inline script, no eval (htmx runs with allowEval off). Styles may be inline (the API docs' renderers
# inject theirs). Forms post to the portal, and the payment form's redirect goes to the Payment Platform.
# The API docs pages add what their renderers need (services.api.urls).
def _origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *filter(None, {_origin(PAYMENT_PLATFORM_URL), _origin(VNEID_ISSUER)})],
    },
}
# --- end of the Content-Security-Policy ------------------------------------------------------------

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
