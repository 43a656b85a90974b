"""A real Celery worker, started as a subprocess, runs a task sent through the real broker.

Eager mode (what the rest of the suite uses) hides broker, serialisation, task discovery and
worker-side settings problems; this test goes through all of them: the filesystem broker and
SQLite locally, Redis and PostgreSQL in CI (from ``CELERY_BROKER_URL`` and ``DATABASE_URL``).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from campaign_portal.celery import app as celery_app
from unions.models import Membership, Union
from unions.tasks import recount_members

from .factories import MembershipFactory, UnionFactory

pytestmark = pytest.mark.worker

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
WAIT_SECONDS = 60


def _test_database_url():
    """A DATABASE_URL for the database this test process is using (the test one, not the real one)."""
    conf = connection.settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(conf["NAME"]).resolve()
        assert name.is_file(), f"the SQLite test database must be a file, got {conf['NAME']!r}"
        return f"sqlite:///{name}"  # sqlite:////abs/path
    if "postgresql" in conf["ENGINE"]:
        user = quote(conf["USER"] or "", safe="")
        password = f":{quote(conf['PASSWORD'], safe='')}" if conf.get("PASSWORD") else ""
        host = conf["HOST"] or "localhost"
        port = conf["PORT"] or "5432"
        auth = f"{user}{password}@" if user else ""
        return f"postgres://{auth}{host}:{port}/{quote(conf['NAME'], safe='')}"
    pytest.fail(f"no worker database URL for {conf['ENGINE']}")


@pytest.fixture
def broker(tmp_path):
    """The broker the worker and this process share, and the environment the worker needs for it.

    The filesystem broker gets a private folder, so no other worker on this checkout (``make run``)
    can take the message; a shared Redis is kept apart by a queue name used only by this test.
    """
    url = settings.CELERY_BROKER_URL
    env = {"CELERY_BROKER_URL": url}
    saved = {key: celery_app.conf.get(key) for key in ("task_always_eager", "broker_transport_options")}
    if url.startswith("filesystem://"):
        folder = tmp_path / "celery"
        (folder / "queue").mkdir(parents=True)
        env["CELERY_FILESYSTEM_DIR"] = str(folder)
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "store_processed": False,
        }
    celery_app.conf.task_always_eager = False
    assert celery_app.conf.broker_write_url == url, "this process and the worker must use one broker"
    try:
        yield env
    finally:
        for key, value in saved.items():
            setattr(celery_app.conf, key, value)


class Worker:
    def __init__(self, env, queue, log_path):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(CELERY), "-A", "campaign_portal", "worker",
                "--pool=solo", "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h",
                "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


def _worker_env(broker_env):
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "campaign_portal.settings",
            "DEBUG": "true",
            "DATABASE_URL": _test_database_url(),
            "PYTHONUNBUFFERED": "1",
            **broker_env,
        }
    )
    return env


def _wait_for_count(unit, expected, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        count = Union.objects.filter(pk=unit.pk).values_list("member_count", flat=True).get()
        if count == expected:
            return count
        if worker.process.poll() is not None:
            break  # the worker died: no point waiting
        time.sleep(0.25)
    return Union.objects.filter(pk=unit.pk).values_list("member_count", flat=True).get()


def test_real_worker_runs_recount_sent_through_the_broker(transactional_db, broker, tmp_path):
    unit = UnionFactory(name="Công đoàn Công ty Giày Thái Bình", code=f"W{uuid.uuid4().hex[:8]}")
    MembershipFactory.create_batch(3, union=unit)
    MembershipFactory(union=unit, status=Membership.Status.PENDING)  # not counted
    assert Union.objects.get(pk=unit.pk).member_count == 0

    queue = f"test-recount-{uuid.uuid4().hex}"
    worker = Worker(_worker_env(broker), queue, tmp_path / "worker.log")
    try:
        with celery_app.connection_for_write() as conn:
            recount_members.apply_async(args=[unit.pk], queue=queue, connection=conn)
        count = _wait_for_count(unit, 3, worker)
        if count != 3:
            print(f"--- worker output (exit code {worker.process.poll()}) ---\n{worker.output()}")  # noqa: T201
        assert count == 3, f"member_count is {count} after {WAIT_SECONDS} s; worker output is above"
        log = worker.output()
        assert "unions.tasks.recount_members" in log
    finally:
        worker.stop()
    assert worker.process.returncode is not None
