"""A real Celery worker for the tests that need one (marker ``worker``): the broker this process
and the worker share, the worker's environment, the subprocess itself and a bounded wait.

    @pytest.fixture
    def env(broker, tmp_path):                       # ``broker`` is a fixture of tests/conftest.py
        return worker_env(broker, "tests.media_worker_settings", MEDIA_TEST_QUEUE=queue)

    worker = Worker(env, tmp_path / "worker.log")    # add queue=… to listen on one queue only
    try:
        assert wait(lambda: done(), worker, 60), worker.output()
    finally:
        worker.stop()                                # or worker.kill(): SIGKILL, no warm shutdown

The filesystem broker gets a private folder per test, so no other worker on the checkout (``make
run``) can take the test's messages; a shared Redis is kept apart by queue names used by one test
only. The worker runs on this test process's database: the SQLite file or the PostgreSQL test
database.
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

BASE_DIR = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")


def test_database_url():
    """A DATABASE_URL for the database this test process is using (the test one, not the real one)."""
    conf = connection.settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(conf["NAME"]).resolve()
        assert name.is_file(), f"the SQLite test database must be a file, got {conf['NAME']!r}"
        return f"sqlite:///{name}"  # sqlite:////abs/path
    if "postgresql" in conf["ENGINE"]:
        user = quote(conf["USER"] or "", safe="")
        password = f":{quote(conf['PASSWORD'], safe='')}" if conf.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        host, port = conf["HOST"] or "localhost", conf["PORT"] or "5432"
        return f"postgres://{auth}{host}:{port}/{quote(conf['NAME'], safe='')}"
    pytest.fail(f"no worker database URL for {conf['ENGINE']}")


test_database_url.__test__ = False  # a helper, not a test


def reset_pools():
    """Forget the app's cached pools (kombu keeps one per broker URL and options; none is closed),
    so that ``.delay()`` publishes to this test's broker, not a previous test's folder."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path):
    """The broker this process and the worker share; yields the environment the worker needs for it."""
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
    reset_pools()
    try:
        yield env
    finally:
        for key, value in saved.items():
            setattr(celery_app.conf, key, value)
        reset_pools()


def worker_env(broker_env, settings_module="campaign_portal.settings", **extra):
    """The worker's whole environment: a few of this process's variables, the broker's, the test
    database, ``settings_module`` and ``extra``."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, "DEBUG": "true", "DATABASE_URL": test_database_url(),
                "PYTHONUNBUFFERED": "1", **broker_env, **extra})
    return env


class Worker:
    """``celery worker`` as a subprocess (solo pool, one process), its output in ``log_path``."""

    def __init__(self, env, log_path, queue=None):
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        name = f"{queue or 'test-' + uuid.uuid4().hex[:8]}@%h"
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "campaign_portal", "worker", "--pool=solo", "--concurrency=1", "-n", name,
             *(["-Q", queue] if queue else []),
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"],
            cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def output(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """SIGKILL, as a machine losing power would: no warm shutdown, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def wait(predicate, worker, seconds, step=0.05):
    """Poll ``predicate`` for up to ``seconds``; stop early (returning False) if the worker died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        if worker.process.poll() is not None:
            return False
        time.sleep(step)
    return predicate()
