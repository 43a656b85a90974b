"""Reminders through a real Celery worker and broker (filesystem locally, Redis when
``CELERY_BROKER_URL`` says so), on the test database (SQLite file or PostgreSQL).

The worker runs with ``tests/notif_worker_settings.py``: emails are written to files in a temp
folder, slowly, so the test can SIGKILL the worker while an email is in flight.
"""

import importlib
import time
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from campaign_portal.celery import app as celery_app
from notifications import deadlines
from notifications.models import Category, Delivery, DeliveryStatus, EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import scan_reminders
from unions.models import Level, Role

from .factories import RoleFactory, UnionFactory, UserFactory
from .notif_support import write_deadline_file
from .worker_support import Worker, wait, worker_env

pytestmark = pytest.mark.worker

DEFAULT_RULES = importlib.import_module("notifications.migrations.0003_default_reminder_rules")
UNITS = 6
EMAIL_DELAY = 1.5


@pytest.fixture
def notif_env(broker, tmp_path):
    (tmp_path / "mail").mkdir()
    return worker_env(
        broker, "tests.notif_worker_settings",
        NOTIF_TEST_QUEUE=f"test-notif-{uuid.uuid4().hex}",
        NOTIF_TEST_MAIL_DIR=str(tmp_path / "mail"),
        NOTIF_TEST_PROGRESS_DIR=str(tmp_path / "progress"),
        NOTIF_TEST_DEADLINES=str(tmp_path / "deadlines.json"),
        NOTIF_TEST_EMAIL_DELAY=str(EMAIL_DELAY),
        EMAIL_TIMEOUT_SECONDS="1",
        EMAIL_SEND_LEASE_SECONDS="2",  # a killed worker's email is taken over after 2 s
    )


def _mails(env):
    return sorted(Path(env["NOTIF_TEST_MAIL_DIR"]).glob("*.log"))


def _started(env):
    folder = Path(env["NOTIF_TEST_PROGRESS_DIR"])
    return len(list(folder.iterdir())) if folder.is_dir() else 0


def _scan(env):
    with celery_app.connection_for_write() as conn:
        scan_reminders.apply_async(queue=env["NOTIF_TEST_QUEUE"], connection=conn)


def test_worker_killed_mid_batch_delivers_every_reminder_exactly_once(transactional_db, notif_env, tmp_path):
    DEFAULT_RULES.create_rules(apps, None)
    root = UnionFactory(name="Công đoàn Công Thương Việt Nam", level=Level.PROVINCE_SECTOR)
    upper = UnionFactory(parent=root, level=Level.UPPER_GRASSROOTS)
    officers, items = [], []
    due_at = timezone.now() + timezone.timedelta(hours=23)  # "1 day before" fires now
    for i in range(UNITS):
        unit = UnionFactory(parent=upper, name=f"Công đoàn Công ty May {i}")
        officer = UserFactory(username=f"officer{i}", email=f"officer{i}@example.org")
        RoleFactory(user=officer, union=unit, kind=Role.Kind.OFFICER)
        officers.append(officer)
        items.append(deadlines.Due(key=str(unit.pk), unit_id=unit.pk, due_at=due_at, title=f"Báo cáo quý IV số {i}"))
    write_deadline_file(notif_env["NOTIF_TEST_DEADLINES"], items)

    first = Worker(notif_env, tmp_path / "worker1.log")
    second = None
    try:
        _scan(notif_env)
        # Kill while the third email is in flight: two written, the third started, not written.
        in_flight = wait(lambda: _started(notif_env) >= 3 and len(_mails(notif_env)) == 2, first, 40)
        assert in_flight, f"worker did not get to the third email:\n{first.output()}"
        first.kill()
        assert Delivery.objects.count() == UNITS  # the whole batch was claimed in one transaction
        assert len(_mails(notif_env)) == 2
        assert Delivery.objects.filter(email_status=EmailStatus.SENDING).count() == 1

        second = Worker(notif_env, tmp_path / "worker2.log")
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            _scan(notif_env)  # beat keeps scanning (twice here: as if two beats ran)
            _scan(notif_env)
            if Delivery.objects.filter(status=DeliveryStatus.SENT).count() == UNITS:
                break
            time.sleep(1.5)
        _scan(notif_env)
        time.sleep(3 * EMAIL_DELAY)  # anything still to come would arrive now
        assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == UNITS, second.output()
    finally:
        first.stop()
        if second is not None:
            second.stop()

    mails = _mails(notif_env)
    recipients = sorted(line.split(":", 1)[1].strip() for path in mails
                        for line in path.read_text(errors="replace").splitlines() if line.startswith("To:"))
    assert recipients == sorted(o.email for o in officers)  # each officer exactly one email
    assert Delivery.objects.count() == UNITS
    assert Notification.objects.count() == UNITS
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(o.pk for o in officers)
    taken_over = Delivery.objects.get(email_attempts=2)  # the one in flight at the kill
    assert taken_over.email_status == EmailStatus.SENT


def _queue_size(name):
    with celery_app.connection_for_write() as conn:
        return conn.default_channel._size(name)


def test_a_rolled_back_transaction_enqueues_nothing_on_the_real_broker(transactional_db, broker):
    member = UserFactory(username="member", email="member@example.org")
    queue = celery_app.conf.task_default_queue
    before = _queue_size(queue)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[member], category=Category.SUBMISSION, title="Bài của bạn đã được duyệt")
        raise RuntimeError("the submission could not be saved")
    assert _queue_size(queue) == before
    assert not Notification.objects.exists()

    with transaction.atomic():
        notify(recipients=[member], category=Category.SUBMISSION, title="Bài của bạn đã được duyệt")
    try:
        assert _queue_size(queue) == before + 1  # committed: exactly one email task
    finally:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
