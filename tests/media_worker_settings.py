"""Settings for the Celery worker subprocess of tests/submissions/test_media_worker.py.

The real settings, plus: a private default queue, a 2-second processing lease, and a probe that
hangs on its first call (so the test can SIGKILL the worker in the middle of processing a video).
"""

import os
import time
import uuid
from pathlib import Path

from celery import signals

from campaign_portal.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["MEDIA_TEST_QUEUE"]
MEDIA_PROCESS_LEASE_SECONDS = 2
MEDIA_PROCESS_MAX_ATTEMPTS = int(os.environ.get("MEDIA_TEST_MAX_ATTEMPTS", "3"))


def _hang_on_first_probe(**_signal):
    from submissions import services

    real = services.probe
    progress = Path(os.environ["MEDIA_TEST_PROGRESS_DIR"])

    def probe(path, **kwargs):
        progress.mkdir(exist_ok=True)
        first = not any(progress.iterdir())
        (progress / uuid.uuid4().hex).touch()
        if first:
            time.sleep(120)  # killed here
        return real(path, **kwargs)

    services.probe = probe


signals.worker_ready.connect(_hang_on_first_probe, weak=False)
