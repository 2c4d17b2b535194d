"""Settings for the claims network product. Everything that differs between machines comes from the environment.

Embedded defaults (no variables set): SQLite under var/, a filesystem Celery transport under var/broker,
e-mail and SMS written to the console. Production: DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and friends (README.md, "Production").
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_int, env_list, required_in_production
from .observability import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = required_in_production(
    "DJANGO_SECRET_KEY", debug=DEBUG, dev_default="dev-only-insecure-key-do-not-use-in-production-0123456789"
)
# The previous secret key while sessions signed with it should still be accepted (README, "Production checklist").
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
# Personal information (ID numbers, mobiles, bank accounts) is encrypted at rest with these keys (comma-separated;
# the first encrypts, every one decrypts, so a key can be rotated) and found by a keyed hash (organization.pii).
PII_KEYS = env_list(
    "DJANGO_PII_KEYS",
    "" if not DEBUG else "dev-only-insecure-pii-key-do-not-use-in-production",
) or [required_in_production("DJANGO_PII_KEYS", debug=DEBUG, dev_default="")]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_prometheus",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "organization",
    "workflow",
    "sla",
    "documents",
    "hospitals",
    "injury_claims",
    "green_channel",
    "scoring",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.HtmxMessagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.PrivateCacheMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "organization.context_processors.shell",
                "sla.context_processors.clocks",
            ],
            "builtins": ["template_partials.templatetags.partials", "organization.templatetags.org_tags"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves web, worker and beat at once: WAL lets readers run beside the writer,
    # IMMEDIATE transactions take the write lock up front so concurrent writers queue instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "organization.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "organization.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: five failures lock the username from that address for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- i18n / time ----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and private files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads and issued documents live outside any public path and are served only by permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never routed: files go out only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The largest request body accepted (config.middleware.RequestSizeLimitMiddleware answers 413 above it). The
# largest legitimate upload is a 20 MB PDF on the verification page; the reverse proxy should use the same limit.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 25 * 1024 * 1024)

# --- Celery ---------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    # Embedded default: a real worker and beat exchanging messages through files; no server needed.
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),  # else kombu writes ./control in the working directory
        "store_processed": False,
        # kombu polls the folder once a second by default, and a worker takes one message per free process
        # (prefetch 1): about 2 tasks a second, so a burst of deliveries took minutes. A tenth of a second:
        # ten times the throughput; an idle poll is a directory listing.
        "polling_interval": 0.1,
    }
CELERY_TASK_ACKS_LATE = True
# Queues (README, "Queues"): the minute sweep never waits behind a 100-page print or a 5,000-row import. Routing is
# by task name, so no task module names a queue; a task not listed goes to the default queue, "celery".
# CELERY_QUEUE (an isolated run: a test's own worker) sends every task to that one queue instead.
QUEUES_BY_TASK = {
    "sla.tasks.sweep_deadlines": "sweep",
    "sla.tasks.deliver": "deliveries",
    "sla.tasks.retry_deliveries": "deliveries",
    "hospitals.tasks.run_import": "imports",
    "documents.tasks.run_job": "printing",
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")
CELERY_TASK_ROUTES = (
    {} if env("CELERY_QUEUE") else {name: {"queue": queue} for name, queue in QUEUES_BY_TASK.items()}
)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "workflow.tasks.heartbeat", "schedule": 60.0},
    "sla-sweep": {"task": "sla.tasks.sweep_deadlines", "schedule": 60.0, "options": {"expires": 55}},
    "sla-retry-deliveries": {
        "task": "sla.tasks.retry_deliveries",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "documents-requeue-jobs": {
        "task": "documents.tasks.requeue_jobs",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "hospital-requeue-imports": {
        "task": "hospitals.tasks.requeue_imports",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    "hospital-agreement-expiry": {
        "task": "hospitals.tasks.agreement_expiry_reminders",
        "schedule": crontab(hour=7, minute=30),
        "options": {"expires": 3600},
    },
    "injury-guarantee-expiry": {
        "task": "injury_claims.tasks.expire_guarantees",
        "schedule": crontab(hour=0, minute=15),
        "options": {"expires": 3600},
    },
    "hospital-agreement-filing": {
        "task": "hospitals.tasks.agreement_filing_reminders",
        "schedule": crontab(day_of_week=1, hour=8, minute=0),
        "options": {"expires": 3600},
    },
    "scoring-recompute-drafts": {
        "task": "scoring.tasks.recompute_drafts",
        "schedule": crontab(hour=1, minute=30),
        "options": {"expires": 3600},
    },
}
# Deadlines a sweep moves per transaction, and the extra sweeps it asks for when more than one batch is due
# (they share the work through SKIP LOCKED on the sweep queue's other processes): 2,000 and 1 drain a burst of
# 10,000 due among 100,000 open in 0.9 s on 2 cores (bench/README.md, issue 14).
SLA_SWEEP_BATCH = env_int("SLA_SWEEP_BATCH", 2000)
SLA_SWEEP_HELPERS = env_int("SLA_SWEEP_HELPERS", 1)

# --- E-mail and SMS -------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "claims-network@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS gateway (sla.sms): "console" prints, "file" appends to var/sms.log, "http" posts to SMS_HTTP_URL.
SMS_BACKEND = env("SMS_BACKEND", "console")
SMS_HTTP_URL = env("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", "")
SMS_HTTP_TIMEOUT = env_int("SMS_HTTP_TIMEOUT", 5)

# --- Security -------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it: the token is set as a header on <body>
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
# Probes and the metrics scrape come from inside the private network over plain HTTP (the proxy never routes them).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SILENCED_SYSTEM_CHECKS = [] if env_bool("DJANGO_SECURE_HSTS_PRELOAD", False) else ["security.W021"]

# --- Logging and metrics --------------------------------------------------------------------------------
# One line per record on stderr, with the request id (README, "Logs"): JSON in production, plain text in development.
LOG_FORMAT = env("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", "INFO"))
# /metrics (README, "Metrics"): a bearer token, or a direct connection from one of these addresses or networks.
METRICS_TOKEN = env("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
# The database figures of /metrics are recomputed at most this often per process (one reads all deadlines).
METRICS_CACHE_SECONDS = env_int("METRICS_CACHE_SECONDS", 30)
