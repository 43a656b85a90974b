"""Reminders through a real Celery worker and broker (filesystem locally, Redis when
``CELERY_BROKER_URL`` says so), on the test database (SQLite file or PostgreSQL).

The worker runs with ``tests/notif_worker_settings.py``: emails are written to files in a temp
folder, slowly, so the test can SIGKILL the worker while an email is in flight.
"""

import importlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from campaign_portal.celery import app as celery_app
from notifications import deadlines
from notifications.models import Category, Delivery, DeliveryStatus, EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import scan_reminders
from unions.models import Level, Role

from .factories import RoleFactory, UnionFactory, UserFactory
from .notif_support import write_deadline_file

pytestmark = pytest.mark.worker

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
DEFAULT_RULES = importlib.import_module("notifications.migrations.0003_default_reminder_rules")
UNITS = 6
EMAIL_DELAY = 1.5


def _test_database_url():
    conf = connection.settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(conf['NAME']).resolve()}"
    user = quote(conf["USER"] or "", safe="")
    password = f":{quote(conf['PASSWORD'], safe='')}" if conf.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{conf['HOST'] or 'localhost'}:{conf['PORT'] or '5432'}/{quote(conf['NAME'], safe='')}"


@pytest.fixture
def broker(tmp_path):
    """This process and the worker share a broker: a private folder, or the configured Redis."""
    url = settings.CELERY_BROKER_URL
    env = {"CELERY_BROKER_URL": url}
    saved = {key: getattr(celery_app.conf, key)
             for key in ("task_always_eager", "broker_url", "broker_transport_options")}
    if url.startswith("filesystem://"):
        folder = tmp_path / "celery"
        (folder / "queue").mkdir(parents=True)
        env["CELERY_FILESYSTEM_DIR"] = str(folder)
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"), "data_folder_out": str(folder / "queue"), "store_processed": False,
        }
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    _reset_pools()  # .delay() must publish to this test's broker folder, not a previous test's
    try:
        yield env
    finally:
        for key, value in saved.items():
            setattr(celery_app.conf, key, value)
        _reset_pools()


def _reset_pools():
    """Forget the app's cached pools (kombu keeps one per broker URL and options; none is closed)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Worker:
    def __init__(self, env, log_path):
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "campaign_portal", "worker", "--pool=solo", "--concurrency=1",
             "-n", f"notif-{uuid.uuid4().hex[:8]}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle",
             "-l", "info"],
            cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def output(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


@pytest.fixture
def worker_env(broker, tmp_path):
    queue = f"test-notif-{uuid.uuid4().hex}"
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    env.update({
        **broker,
        "DJANGO_SETTINGS_MODULE": "tests.notif_worker_settings",
        "DEBUG": "true",
        "DATABASE_URL": _test_database_url(),
        "PYTHONUNBUFFERED": "1",
        "NOTIF_TEST_QUEUE": queue,
        "NOTIF_TEST_MAIL_DIR": str(tmp_path / "mail"),
        "NOTIF_TEST_PROGRESS_DIR": str(tmp_path / "progress"),
        "NOTIF_TEST_DEADLINES": str(tmp_path / "deadlines.json"),
        "NOTIF_TEST_EMAIL_DELAY": str(EMAIL_DELAY),
        "EMAIL_TIMEOUT_SECONDS": "1",
        "EMAIL_SEND_LEASE_SECONDS": "2",  # a killed worker's email is taken over after 2 s
    })
    (tmp_path / "mail").mkdir()
    return env


def _mails(env):
    return sorted(Path(env["NOTIF_TEST_MAIL_DIR"]).glob("*.log"))


def _started(env):
    folder = Path(env["NOTIF_TEST_PROGRESS_DIR"])
    return len(list(folder.iterdir())) if folder.is_dir() else 0


def _scan(env):
    with celery_app.connection_for_write() as conn:
        scan_reminders.apply_async(queue=env["NOTIF_TEST_QUEUE"], connection=conn)


def _wait(predicate, worker, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        if worker.process.poll() is not None:
            return False
        time.sleep(0.05)
    return predicate()


def test_worker_killed_mid_batch_delivers_every_reminder_exactly_once(transactional_db, worker_env, tmp_path):
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
    write_deadline_file(worker_env["NOTIF_TEST_DEADLINES"], items)

    first = Worker(worker_env, tmp_path / "worker1.log")
    second = None
    try:
        _scan(worker_env)
        # Kill while the third email is in flight: two written, the third started, not written.
        in_flight = _wait(lambda: _started(worker_env) >= 3 and len(_mails(worker_env)) == 2, first, 40)
        assert in_flight, f"worker did not get to the third email:\n{first.output()}"
        first.kill()
        assert Delivery.objects.count() == UNITS  # the whole batch was claimed in one transaction
        assert len(_mails(worker_env)) == 2
        assert Delivery.objects.filter(email_status=EmailStatus.SENDING).count() == 1

        second = Worker(worker_env, tmp_path / "worker2.log")
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            _scan(worker_env)  # beat keeps scanning (twice here: as if two beats ran)
            _scan(worker_env)
            if Delivery.objects.filter(status=DeliveryStatus.SENT).count() == UNITS:
                break
            time.sleep(1.5)
        _scan(worker_env)
        time.sleep(3 * EMAIL_DELAY)  # anything still to come would arrive now
        assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == UNITS, second.output()
    finally:
        first.stop()
        if second is not None:
            second.stop()

    mails = _mails(worker_env)
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
