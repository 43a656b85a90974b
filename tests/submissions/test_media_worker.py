"""A real Celery worker SIGKILLed while it processes a video: after a restart and the recovery
sweep the file is processed, or — once its attempts are used up — marked failed with the author
told; never left "processing" (which would block publishing for good)."""

import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign_portal.celery import app as celery_app
from notifications.models import Notification
from submissions import services
from submissions.models import Decision, Kind, Status, SubmissionMedia
from uploads.checks import check_upload

from ..factories import MembershipFactory, RoleFactory, UnionFactory, UserFactory
from ..worker_support import Worker, wait, worker_env
from .helpers import clip_bytes

pytestmark = pytest.mark.worker


@pytest.fixture
def media_env(broker, tmp_path, settings):
    queue = f"test-media-{uuid.uuid4().hex}"
    saved_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue  # this process's sends go where the worker listens
    settings.MEDIA_PROCESS_LEASE_SECONDS = 2
    env = worker_env(
        broker, "tests.media_worker_settings",
        MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(django_settings.PRIVATE_MEDIA_ROOT),
        MEDIA_TEST_QUEUE=queue,
        MEDIA_TEST_PROGRESS_DIR=str(tmp_path / "progress"),
    )
    try:
        yield env
    finally:
        celery_app.conf.task_default_queue = saved_queue


def _probes(env):
    folder = Path(env["MEDIA_TEST_PROGRESS_DIR"])
    return len(list(folder.iterdir())) if folder.is_dir() else 0


def _video_submission():
    unit = UnionFactory(name="Công đoàn Tổng Công ty May 10")
    officer = UserFactory(username="nhung", full_name="Lê Thị Hồng Nhung")
    RoleFactory(user=officer, union=unit, kind="officer")
    member = UserFactory(username="nam", full_name="Hoàng Văn Nam")
    MembershipFactory(user=member, union=unit, member_code="MAY10-00001")
    upload = SimpleUploadedFile("hoi-thao.mp4", clip_bytes("video"))
    # Committed, so the on-commit enqueue reaches the worker through the real broker.
    submission = services.submission_create(
        author=member, unit=unit, kind=Kind.VIDEO, title="Clip Hội thao công nhân May 10",
        consent_publication=True, consent_people=True, files=[(upload, check_upload(upload, kinds=("video",)))],
        submit=True,
    )
    return submission, submission.media.get(), member, officer


def _kill_mid_processing(env, tmp_path):
    first = Worker(env, tmp_path / "worker1.log")
    try:
        assert wait(lambda: _probes(env) >= 1, first, 60), f"the worker never started the video:\n{first.output()}"
        first.kill()
    finally:
        first.stop()


def _sweep_until(predicate, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        services.media_recover_stuck()  # what beat runs every RECOVERY_SWEEP_MINUTES
        if predicate():
            return True
        assert worker.process.poll() is None, worker.output()
        time.sleep(1)
    return predicate()


def test_killed_worker_then_restart_and_sweep_processes_the_video(transactional_db, media_env, tmp_path):
    submission, media, member, officer = _video_submission()
    _kill_mid_processing(media_env, tmp_path)
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.PROCESSING and media.attempts == 1  # the message died with it

    second = Worker(media_env, tmp_path / "worker2.log")
    try:
        done = _sweep_until(lambda: SubmissionMedia.objects.get(pk=media.pk).status != "processing", second)
        assert done, second.output()
    finally:
        second.stop()
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.READY and media.poster and media.attempts == 2
    assert 1.9 < media.duration < 2.2
    assert Decision.PUBLISH in submission.allowed_decisions(officer)  # no longer blocks publishing
    assert not Notification.objects.filter(recipient=member, title__contains="bị lỗi").exists()


def test_killed_worker_with_no_attempt_left_marks_the_video_failed_and_tells_the_author(
    transactional_db, media_env, tmp_path, settings,
):
    settings.MEDIA_PROCESS_MAX_ATTEMPTS = 1
    media_env["MEDIA_TEST_MAX_ATTEMPTS"] = "1"
    submission, media, member, officer = _video_submission()
    _kill_mid_processing(media_env, tmp_path)

    second = Worker(media_env, tmp_path / "worker2.log")
    try:
        done = _sweep_until(lambda: SubmissionMedia.objects.get(pk=media.pk).status != "processing", second)
        assert done, second.output()
    finally:
        second.stop()
    media.refresh_from_db()
    submission.refresh_from_db()
    assert media.status == SubmissionMedia.State.FAILED and media.attempts == 1
    assert submission.status == Status.CHANGES_REQUESTED
    note = Notification.objects.get(recipient=member, title__contains="bị lỗi")
    assert "hoi-thao.mp4" in note.body
