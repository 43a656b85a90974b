"""Exports of a large subtree run as a job (services.export_job_start/run, views.export_job):
the page shows progress, then the download; the owner is notified; only the owner gets the file."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditEvent
from notifications.models import Notification
from reports import services
from reports.models import ExportJob

from .helpers import two_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(personas, tree, settings):
    settings.ANNUAL_EXPORT_JOB_THRESHOLD = 2  # hq's tree has 4 units, sibling's 1
    return two_years(personas, tree)


def _export(client, fmt="xlsx"):
    return client.get(reverse("report_annual_export", kwargs={"year": 2026, "fmt": fmt}))


def test_a_large_export_runs_as_a_job_shows_progress_and_notifies(years, personas, tree, client_for,
                                                                 django_capture_on_commit_callbacks):
    client = client_for(personas.hq)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _export(client)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_export_job", args=[job.pk])
    assert (job.owner, job.unit, job.fmt, job.status) == (personas.hq, tree.root, "xlsx", "queued")
    page = client.get(response["Location"]).content.decode()
    assert "Yêu cầu đang chờ xử lý" in page and 'hx-trigger="every 2s"' in page

    # While the worker writes, the partial the page polls shows how far it got.
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress_total=4, progress_done=1)
    part = client.get(response["Location"], {"part": "progress"}).content.decode()
    assert "Đang tạo tệp: 1/4 đơn vị" in part and 'aria-valuenow="25"' in part

    ExportJob.objects.filter(pk=job.pk).update(status="queued", progress_total=0, progress_done=0)
    for callback in callbacks:  # the worker (eager): the task enqueued on commit
        callback()
    job.refresh_from_db()
    assert job.status == "done" and job.progress_done == 4 and job.file.name.endswith("bao-cao-nam-2026-cdct.xlsx")
    part = client.get(response["Location"], {"part": "progress"}).content.decode()
    assert "hx-trigger" not in part and reverse("report_export_download", args=[job.pk]) in part

    download = client.get(reverse("report_export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2026-cdct.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(list(book["Từng đơn vị"].iter_rows(min_row=2))) == 4

    note = Notification.objects.get(recipient=personas.hq, url=reverse("report_export_job", args=[job.pk]))
    assert note.title == "Báo cáo năm 2026 của Công đoàn Công Thương Việt Nam (XLSX) đã sẵn sàng để tải"
    assert AuditEvent.objects.filter(verb__startswith="report_export.", object_id=str(job.pk)).count() == 2


def test_the_task_is_idempotent_and_a_second_click_reuses_the_job(years, personas, tree, client_for,
                                                                   django_capture_on_commit_callbacks):
    client = client_for(personas.hq)
    with django_capture_on_commit_callbacks(execute=False):
        _export(client, "pdf")
        _export(client, "pdf")
    job = ExportJob.objects.get()
    services.export_job_run(job_id=job.pk)
    assert services.export_job_run(job_id=job.pk) is None  # a duplicate delivery does nothing
    job.refresh_from_db()
    assert job.status == "done"
    assert "BÁO CÁO" in PdfReader(job.file.open("rb")).pages[0].extract_text()
    assert Notification.objects.filter(recipient=personas.hq, url=reverse("report_export_job", args=[job.pk])).count() == 1


def test_only_the_owner_sees_the_job_and_its_file(years, personas, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _export(client_for(personas.hq), "csv")
    job = ExportJob.objects.get()
    for other in (personas.upper, personas.officer, personas.sibling):
        client = client_for(other)
        assert client.get(reverse("report_export_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("report_export_download", args=[job.pk])).status_code == 404


def test_a_small_subtree_is_served_at_once(years, personas, client_for):
    response = _export(client_for(personas.sibling), "csv")
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_a_failed_export_says_so(years, personas, client_for, django_capture_on_commit_callbacks, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.exports.write_file", broken)
    client = client_for(personas.hq)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, "docx")
    job = ExportJob.objects.get()
    assert job.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "Không tạo được tệp." in page and "Có lỗi khi tạo tệp" in page
    assert client.get(reverse("report_export_download", args=[job.pk])).status_code == 404
