"""SafeReply settings, read from the environment (see safereply.env for the helpers).

SQLite in the data folder by default; PostgreSQL with one variable, DATABASE_URL.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from safereply.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
# ./data at the project root in a checkout; ./data in the working directory when installed.
_DEFAULT_DATA = PROJECT_DIR / "data" if (PROJECT_DIR / "pyproject.toml").exists() else Path.cwd() / "data"
DATA_DIR = Path(envstr("SAFEREPLY_DATA_DIR", str(_DEFAULT_DATA))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    # A key generated once per data folder: `make run` works with no configuration and no
    # key is ever committed. Production sets SECRET_KEY explicitly.
    key = envstr("SECRET_KEY", "")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Off by default: Django's debug pages would show post text and poster names.
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = envstr("SITE_NAME", "SafeReply")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "safereply.accounts",
    "safereply.audit",
    "safereply.cases",
    "safereply.policy",
    "safereply.providers",
    "safereply.patients",
    "safereply.outreach",
    "safereply.grievances",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safereply.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Every resolved URL is checked against safereply.accounts.access.ACCESS.
    "safereply.accounts.middleware.AccessMiddleware",
    # The policy in force (request.policy); holds everyone until they have acknowledged it.
    "safereply.policy.middleware.PolicyGateMiddleware",
]

ROOT_URLCONF = "safereply.urls"
WSGI_APPLICATION = "safereply.wsgi.application"

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
                "safereply.accounts.context_processors.roles",
            ],
        },
    }
]

DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "safereply.sqlite3",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "safereply",
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = envstr("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # safereply itself is not an app; its static files live here
# Screenshots live outside any served folder; only an access-checked view reads them.
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads-not-served/"

# Sessions, CSRF and headers.
SECURE_COOKIES = envbool("SECURE_COOKIES", False)  # true behind HTTPS
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# The report link carries a secret token: never send it on to another site.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0, minimum=0)

# Limits on what a report may carry.
SAFEREPLY_MAX_POST_CHARS = envint("SAFEREPLY_MAX_POST_CHARS", 10_000, minimum=100)
SAFEREPLY_MAX_UPLOAD_BYTES = envint("SAFEREPLY_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = SAFEREPLY_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = SAFEREPLY_MAX_UPLOAD_BYTES + 1024 * 1024
# The public report link: this many reports per client address per hour.
SAFEREPLY_REPORT_LINK_RATE = envint("SAFEREPLY_REPORT_LINK_RATE", 10, minimum=1)
# Failed sign-ins allowed per client address and username in 15 minutes.
SAFEREPLY_LOGIN_FAILURES = envint("SAFEREPLY_LOGIN_FAILURES", 10, minimum=1)

# Response targets, in business days (Monday to Friday), used only while no policy is in
# force: the effective policy version sets them (safereply.policy).
SAFEREPLY_TRIAGE_TARGET_DAYS = envint("SAFEREPLY_TRIAGE_TARGET_DAYS", 1, minimum=1)
SAFEREPLY_DECISION_TARGET_DAYS = envint("SAFEREPLY_DECISION_TARGET_DAYS", 2, minimum=1)
SAFEREPLY_APPROVAL_TARGET_DAYS = envint("SAFEREPLY_APPROVAL_TARGET_DAYS", 1, minimum=1)

# Policy reminders go by email. The console backend prints them until SMTP is configured.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "safereply@localhost")
# The address people use to reach SafeReply, for links in emails (emails never carry case content).
SAFEREPLY_BASE_URL = envstr("SAFEREPLY_BASE_URL", "http://127.0.0.1:8000")

NINJA_PAGINATION_PER_PAGE = 50


def _patient_keys() -> list[str]:
    # Like the secret key: production sets SAFEREPLY_PATIENT_KEYS (comma-separated Fernet keys,
    # current first); a demo or development data folder gets one generated into data/patient_key.
    configured = envlist("SAFEREPLY_PATIENT_KEYS", [])
    if configured:
        return configured
    path = DATA_DIR / "patient_key"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


# The patient index (safereply.patients): identity fields are encrypted with these keys.
SAFEREPLY_PATIENT_KEYS = _patient_keys()
# An import file larger than this is refused before it is read.
SAFEREPLY_MAX_IMPORT_BYTES = envint("SAFEREPLY_MAX_IMPORT_BYTES", 50 * 1024 * 1024, minimum=1024)
# Used only while the policy in force does not say: days before an unanswered invitation is
# reminded, and the complaints-process targets (a written response within seven days).
SAFEREPLY_OUTREACH_REMINDER_DAYS = envint("SAFEREPLY_OUTREACH_REMINDER_DAYS", 7, minimum=1)
SAFEREPLY_GRIEVANCE_ACKNOWLEDGE_DAYS = envint("SAFEREPLY_GRIEVANCE_ACKNOWLEDGE_DAYS", 2, minimum=1)
SAFEREPLY_GRIEVANCE_RESOLVE_DAYS = envint("SAFEREPLY_GRIEVANCE_RESOLVE_DAYS", 7, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_paths": {"()": "safereply.middleware.RedactPathsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_paths"]},
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the path of every 4xx/5xx; the filter removes report-link tokens.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
