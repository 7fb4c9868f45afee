"""The one settings module.  Every setting a deployment may change is read from the
environment through the small typed helpers below; SQLite is the default database and
PostgreSQL is chosen with DATABASE_URL."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from jixiao.core.importers.limits import ImportLimits

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-not-secret-change-me-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DEBUG=false needs its own SECRET_KEY (the development key is public)"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "jixiao.accounts",
    "jixiao.declarations",
    "jixiao.monitoring",
    "jixiao.exports",
    "jixiao.jobs",
    "django_tasks",
    "django_tasks_db",
    "jixiao.web",
]
AUTH_USER_MODEL = "accounts.User"

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
]

ROOT_URLCONF = "jixiao.urls"
WSGI_APPLICATION = "jixiao.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A small office writes at the same time (two reviewers, a filer saving).  A write
    # transaction takes the write lock when it begins (IMMEDIATE), so it waits its turn (up
    # to the timeout) instead of failing with "database is locked" when it first read and
    # then found another writer ahead; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests run against a file, not memory: threads (the live server, the concurrency tests)
    # then use connections of their own, as a real server does.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"jixiao-test-{os.getpid()}.sqlite3")
    }
if env_str("DATABASE_TEST_NAME", ""):
    # Lets several test runs share one PostgreSQL server without colliding.
    DATABASES["default"]["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME", "")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
# The only language: LocaleMiddleware would otherwise follow the browser's Accept-Language and
# show an English browser Django's English messages ("Ensure this value has at most …").
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Our own zh-hans input formats: times with their seconds, so that saving a form (the admin's)
# does not cut 17:17:40 to 17:17 and record a change nobody made.
FORMAT_MODULE_PATH = ["jixiao.formats"]

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the apps' static folders as well, so a server works before `collectstatic`.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = PROJECT_DIR / "media"

# Uploads: forms are small; anything larger than this is refused with a message.
JIXIAO_UPLOAD_MAX_BYTES = env_int("JIXIAO_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = JIXIAO_UPLOAD_MAX_BYTES + 1024 * 1024
# What one imported file may cost (core/importers/limits.py, docs/importer.md): each bound is
# JIXIAO_IMPORT_<NAME> (JIXIAO_IMPORT_SHEET_ROWS=5000); a file over one is refused, naming it.
# A file's size is bounded by the upload limit above, for the command line too.
JIXIAO_IMPORT_LIMITS = {
    name: type(default)(os.environ.get(f"JIXIAO_IMPORT_{name.upper()}") or default)
    for name, default in vars(ImportLimits()).items()
    if name != "file_bytes"
} | {"file_bytes": JIXIAO_UPLOAD_MAX_BYTES}
# The public disclosure shows the filer's name only when this is set.
JIXIAO_PUBLIC_SHOW_HANDLER = env_bool("JIXIAO_PUBLIC_SHOW_HANDLER", False)
# The review configuration (thresholds, keyword lists, framework); empty = built-in defaults.
JIXIAO_REVIEW_CONFIG = env_str("JIXIAO_REVIEW_CONFIG", "")
# The monitoring and self-evaluation thresholds and weights; empty = built-in defaults.
JIXIAO_EVALUATION_CONFIG = env_str("JIXIAO_EVALUATION_CONFIG", "")
# Monitoring reports and self-evaluations go through the department's reviewer before the
# finance bureau, as declarations do; false: the finance bureau reviews them directly.
JIXIAO_MONITORING_DEPT_REVIEW = env_bool("JIXIAO_MONITORING_DEPT_REVIEW", True)

# Background jobs (jixiao.jobs): django-tasks with its database backend; `jixiao db_worker`
# runs them (`make run` starts one beside the server).  JIXIAO_JOBS_IMMEDIATE=true runs each
# job inside the request that starts it instead (no worker; for a quick look, not for use).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("JIXIAO_JOBS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# A list download or a public booklet of more declarations than this is a background job;
# smaller ones are made in the request as before.  An import of several files is always one.
JIXIAO_JOB_THRESHOLD = env_int("JIXIAO_JOB_THRESHOLD", 200)
JIXIAO_IMPORT_MAX_FILES = env_int("JIXIAO_IMPORT_MAX_FILES", 100)
# One more than the form accepts, so that one too many gets its message rather than a 400.
DATA_UPLOAD_MAX_NUMBER_FILES = JIXIAO_IMPORT_MAX_FILES + 1
# Days a job and its file are kept (`jixiao jobs_cleanup` deletes older ones).
JIXIAO_JOB_KEEP_DAYS = env_int("JIXIAO_JOB_KEEP_DAYS", 7)
# The booklet's progress bar while reportlab lays the forms out (measured, docs/performance.md).
JIXIAO_BOOKLET_SECONDS_PER_FORM = 0.04

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
