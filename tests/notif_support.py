"""Helpers for the notifications tests: a test-only deadline kind and email backends.

Not a test module (no ``test_`` prefix): the worker subprocess imports it too, through
``tests/notif_worker_settings.py``.
"""

import datetime as dt
import json
import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend

from notifications import deadlines

TEST_KIND = "test_due"


def register_list_kind(items, *, kind=TEST_KIND, overdue=True):
    """Register a deadline kind whose open items are ``items`` (a list of ``deadlines.Due``)."""
    return deadlines.register(kind=kind, label="Việc thử nghiệm", category="reminder",
                              finder=lambda start, end: list(items), overdue=overdue)


def write_deadline_file(path, items):
    Path(path).write_text(json.dumps([
        {"key": i.key, "unit_id": i.unit_id, "due_at": i.due_at.isoformat(), "title": i.title, "url": i.url}
        for i in items
    ]))


def file_finder(start, end):
    """The test kind in the worker: items read from the JSON file named by NOTIF_TEST_DEADLINES."""
    for row in json.loads(Path(os.environ["NOTIF_TEST_DEADLINES"]).read_text()):
        yield deadlines.Due(key=row["key"], unit_id=row["unit_id"], due_at=dt.datetime.fromisoformat(row["due_at"]),
                            title=row["title"], url=row["url"])


class SlowFileEmailBackend(FileEmailBackend):
    """Writes each email to a file like Django's file backend, slowly.

    Before sleeping it leaves a marker in NOTIF_TEST_PROGRESS_DIR, so a test can kill the worker
    while an email is in flight (after the marker, before the file).
    """

    def send_messages(self, email_messages):
        progress = Path(os.environ["NOTIF_TEST_PROGRESS_DIR"])
        progress.mkdir(parents=True, exist_ok=True)
        (progress / f"{time.time_ns()}-{os.getpid()}").touch()
        time.sleep(float(os.environ.get("NOTIF_TEST_EMAIL_DELAY", "1")))
        return super().send_messages(email_messages)


class FailingEmailBackend(LocmemEmailBackend):
    """Every send fails like an unreachable mail server."""

    attempts = 0

    def send_messages(self, email_messages):
        FailingEmailBackend.attempts += 1
        raise ConnectionRefusedError("SMTP server unreachable (test)")


class FlakyEmailBackend(LocmemEmailBackend):
    """Fails the first ``failures`` sends, then delivers to ``mail.outbox``."""

    failures = 2

    def send_messages(self, email_messages):
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise TimeoutError("SMTP timeout (test)")
        return super().send_messages(email_messages)
