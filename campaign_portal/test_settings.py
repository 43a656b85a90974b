"""Settings for the test suite: the real settings, with fast hashing and in-process email.

The database and the broker still come from ``DATABASE_URL`` and ``CELERY_BROKER_URL``, so the
same tests run on SQLite and the filesystem broker, or on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: E402,F403
from .settings import DATABASES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "test-media")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: worker subprocesses and the live server must see the same data.
    # TEST_DB_SUFFIX lets two test runs on one checkout keep apart.
    _suffix = os.environ.get("TEST_DB_SUFFIX", "")
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db{_suffix}.sqlite3")}

STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
