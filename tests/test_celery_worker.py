"""A real Celery worker, started as a subprocess, runs a task sent through the real broker.

Eager mode (what the rest of the suite uses) hides broker, serialisation, task discovery and
worker-side settings problems; this test goes through all of them: the filesystem broker and
SQLite locally, Redis and PostgreSQL in CI (from ``CELERY_BROKER_URL`` and ``DATABASE_URL``).
"""

import uuid

import pytest

from campaign_portal.celery import app as celery_app
from unions.models import Membership, Union
from unions.tasks import recount_members

from .factories import MembershipFactory, UnionFactory
from .worker_support import Worker, wait, worker_env

pytestmark = pytest.mark.worker

WAIT_SECONDS = 60


def _member_count(unit):
    return Union.objects.filter(pk=unit.pk).values_list("member_count", flat=True).get()


def test_real_worker_runs_recount_sent_through_the_broker(transactional_db, broker, tmp_path):
    unit = UnionFactory(name="Công đoàn Công ty Giày Thái Bình", code=f"W{uuid.uuid4().hex[:8]}")
    MembershipFactory.create_batch(3, union=unit)
    MembershipFactory(union=unit, status=Membership.Status.PENDING)  # not counted
    assert Union.objects.get(pk=unit.pk).member_count == 0

    queue = f"test-recount-{uuid.uuid4().hex}"
    worker = Worker(worker_env(broker), tmp_path / "worker.log", queue=queue)
    try:
        with celery_app.connection_for_write() as conn:
            recount_members.apply_async(args=[unit.pk], queue=queue, connection=conn)
        wait(lambda: _member_count(unit) == 3, worker, WAIT_SECONDS, step=0.25)
        count = _member_count(unit)
        if count != 3:
            print(f"--- worker output (exit code {worker.process.poll()}) ---\n{worker.output()}")  # noqa: T201
        assert count == 3, f"member_count is {count} after {WAIT_SECONDS} s; worker output is above"
        log = worker.output()
        assert "unions.tasks.recount_members" in log
    finally:
        worker.stop()
    assert worker.process.returncode is not None
