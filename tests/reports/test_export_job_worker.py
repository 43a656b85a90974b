"""An annual-report export job run by a real Celery worker (reports.tasks.run_export through the
real broker): the officer's click enqueues on commit, a worker subprocess writes the file into the
private storage, the progress page then links the download, and the owner is notified.

The rest of the export-job tests run the task eagerly; this one goes through serialisation, task
discovery and the worker's own settings and storage (SQLite and the filesystem broker locally,
PostgreSQL and Redis in CI).
"""

import io
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from openpyxl import load_workbook

from campaign_portal.celery import app as celery_app
from notifications.models import Notification
from reports.models import ExportJob

from ..worker_support import Worker, worker_env
from .helpers import two_years

pytestmark = pytest.mark.worker
WAIT_SECONDS = 90


@pytest.fixture
def export_queue(broker):
    queue = f"test-export-{uuid.uuid4().hex}"
    saved = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue  # this process's sends go where the worker listens
    try:
        yield queue
    finally:
        celery_app.conf.task_default_queue = saved


def test_a_real_worker_makes_the_file_of_a_large_export(transactional_db, personas, tree, client_for, settings,
                                                      broker, export_queue, tmp_path):
    settings.ANNUAL_EXPORT_JOB_THRESHOLD = 2  # hq's tree has 4 units: a job
    two_years(personas, tree)
    env = worker_env(broker, MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
                     PRIVATE_MEDIA_ROOT=str(django_settings.PRIVATE_MEDIA_ROOT))
    worker = Worker(env, tmp_path / "worker.log", queue=export_queue)
    try:
        client = client_for(personas.hq)
        response = client.get(reverse("report_annual_export", kwargs={"year": 2026, "fmt": "xlsx"}))
        job = ExportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("report_export_job", args=[job.pk])

        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and worker.process.poll() is None:
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.25)
        assert job.status == "done", f"job is {job.status!r} after {WAIT_SECONDS} s:\n{worker.output()[-3000:]}"
        assert "reports.tasks.run_export" in worker.output()
    finally:
        worker.stop()

    assert job.progress_done == job.progress_total == 4
    part = client.get(response["Location"], {"part": "progress"}).content.decode()
    assert "hx-trigger" not in part and reverse("report_export_download", args=[job.pk]) in part
    download = client.get(reverse("report_export_download", args=[job.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(list(book["Từng đơn vị"].iter_rows(min_row=2))) == 4
    assert Notification.objects.filter(recipient=personas.hq, url=response["Location"]).count() == 1
