"""Settings for the Celery worker subprocess of tests/test_reminders_worker.py.

The real settings, plus: a slow file email backend (so the test can kill the worker mid-email),
a private default queue, and the test-only deadline kind read from a JSON file.
"""

import os

from campaign_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notif_support.SlowFileEmailBackend"
EMAIL_FILE_PATH = os.environ["NOTIF_TEST_MAIL_DIR"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["NOTIF_TEST_QUEUE"]


def _register_test_kind():
    from notifications import deadlines
    from tests.notif_support import TEST_KIND, file_finder

    deadlines.register(kind=TEST_KIND, label="Việc thử nghiệm", category="reminder", finder=file_finder)


_register_test_kind()
