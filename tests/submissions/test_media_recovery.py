"""The recovery sweep for media left "processing" (services.media_recover_stuck), and a broker
that is down when a video is sent: the page answers, and the sweep sends the work later."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaign_portal.celery import app as celery_app
from notifications.models import Notification
from submissions import services
from submissions.models import Kind, Status, SubmissionMedia
from submissions.tasks import process_media, recover_stuck_media
from uploads.checks import check_upload

from .helpers import clip_bytes

pytestmark = pytest.mark.django_db


def _video(member, unit):
    upload = SimpleUploadedFile("clip.mp4", clip_bytes("video"))
    submission = services.submission_create(
        author=member, unit=unit, kind=Kind.VIDEO, title="Clip Hội thao công nhân May 10",
        consent_publication=True, consent_people=True, files=[(upload, check_upload(upload, kinds=("video",)))],
        submit=True,
    )
    return submission, submission.media.get()


def _age(media, seconds):
    """As if ``seconds`` had passed since the file was queued and since its lease was taken."""
    past = timezone.now() - timezone.timedelta(seconds=seconds)
    SubmissionMedia.objects.filter(pk=media.pk).update(
        queued_at=past, lease_until=None if media.lease_until is None else past
    )


def test_a_file_whose_worker_died_is_processed_by_the_sweep(personas, tree, settings):
    submission, media = _video(personas.member, tree.officer_unit)
    assert services._media_claim(media.pk) is not None  # a worker took it, then was killed
    media.refresh_from_db()
    assert media.attempts == 1 and media.lease_until
    assert services.media_recover_stuck() == (0, 0)  # its lease still runs: nobody takes it over
    _age(media, settings.MEDIA_PROCESS_LEASE_SECONDS + 1)
    assert services.media_recover_stuck() == (1, 0)  # re-queued, and processed (eager in tests)
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.READY and media.attempts == 2 and media.lease_until is None


def test_a_file_that_kills_its_workers_ends_failed_and_the_author_is_told(personas, tree, settings):
    submission, media = _video(personas.member, tree.officer_unit)
    for _ in range(settings.MEDIA_PROCESS_MAX_ATTEMPTS):
        assert services._media_claim(media.pk) is not None
        media.refresh_from_db()
        _age(media, settings.MEDIA_PROCESS_LEASE_SECONDS + 1)
    assert recover_stuck_media() == (0, 1)
    media.refresh_from_db()
    submission.refresh_from_db()
    assert media.status == SubmissionMedia.State.FAILED and "nhiều lần thử" in media.error
    assert submission.status == Status.CHANGES_REQUESTED  # back to the author, not stuck in review
    note = Notification.objects.get(recipient=personas.member, title__contains="bị lỗi")
    assert "clip.mp4" in note.body
    assert services.media_recover_stuck() == (0, 0)  # nothing left to do: failed files stay failed


def test_a_lost_enqueue_is_sent_by_the_sweep(personas, tree, settings):
    submission, media = _video(personas.member, tree.officer_unit)  # on_commit never ran: nothing sent
    assert services.media_recover_stuck() == (0, 0)  # just queued: give the worker its time
    _age(media, settings.MEDIA_PROCESS_LEASE_SECONDS + 1)
    assert services.media_recover_stuck() == (1, 0)
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.READY and media.attempts == 1


def test_a_duplicate_task_while_a_worker_holds_the_file_does_nothing(personas, tree):
    submission, media = _video(personas.member, tree.officer_unit)
    services._media_claim(media.pk)
    assert process_media.delay(media.pk).result is None
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.PROCESSING and media.attempts == 1


@pytest.fixture
def broker_down():
    """The app's broker is an address where nothing listens (as when Redis is down)."""
    keys = ("task_always_eager", "broker_url", "broker_write_url", "broker_read_url", "broker_transport_options")
    saved = {key: getattr(celery_app.conf, key) for key in keys}
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = celery_app.conf.broker_read_url = "redis://127.0.0.1:9/0"
    celery_app.conf.broker_transport_options = {}
    celery_app.conf.task_always_eager = False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(celery_app.conf, key, value)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def test_with_the_broker_down_a_video_is_accepted_and_processed_when_it_is_back(
    personas, tree, client_for, broker_down, django_capture_on_commit_callbacks, settings,
):
    client = client_for(personas.member)
    data = {"kind": Kind.VIDEO, "title": "Clip Hội thao công nhân May 10", "consent_publication": "on",
            "consent_people": "on", "submit": "1", "files": [SimpleUploadedFile("clip.mp4", clip_bytes("video"))]}
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submission_new"), data)
    assert response.status_code == 302 and time.monotonic() - started < 10
    media = SubmissionMedia.objects.get()
    assert media.status == SubmissionMedia.State.PROCESSING and media.attempts == 0
    assert client.get(response.url).status_code == 200  # pages keep working
    assert client.get(reverse("home")).status_code == 200
    # The sweep runs while the broker is still down: nothing lost, nothing raised.
    _age(media, settings.MEDIA_PROCESS_LEASE_SECONDS + 1)
    assert services.media_recover_stuck() == (0, 0)
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.PROCESSING

    celery_app.conf.task_always_eager = True  # the broker is back (eager stands for a live worker)
    assert services.media_recover_stuck() == (1, 0)
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.READY
