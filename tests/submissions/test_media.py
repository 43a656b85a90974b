"""Video/audio probing and poster frames in the Celery task, on real ffmpeg-made clips and a corrupt one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from notifications.models import Notification
from submissions import services
from submissions.models import Decision, Kind, Status, SubmissionMedia
from submissions.tasks import process_media
from uploads.checks import check_upload

from .helpers import clip_bytes, files_under

pytestmark = pytest.mark.django_db


def _submit_with(member, unit, data, name, kind):
    upload = SimpleUploadedFile(name, data)
    checked = check_upload(upload, kinds=(kind,))
    return services.submission_create(
        author=member, unit=unit, kind=Kind.VIDEO if kind == "video" else Kind.AUDIO, title="Clip công nhân",
        consent_publication=True, consent_people=True, files=[(upload, checked)], submit=True,
    )


def test_video_probe_and_poster_on_a_real_clip(personas, tree):
    submission = _submit_with(personas.member, tree.officer_unit, clip_bytes("video"), "clip.mp4", "video")
    media = submission.media.get()
    assert media.status == SubmissionMedia.State.PROCESSING
    # Nothing half-processed is published: no publish button until the task ran.
    assert Decision.PUBLISH not in submission.allowed_decisions(personas.officer)
    assert process_media.delay(media.pk) is not None  # eager in tests
    media.refresh_from_db()
    assert media.status == SubmissionMedia.State.READY
    assert 1.9 < media.duration < 2.2 and media.codecs == "h264, aac" and (media.width, media.height) == (320, 240)
    with Image.open(media.poster) as poster:
        assert poster.format == "JPEG" and poster.size == (320, 240)
    assert Decision.PUBLISH in submission.allowed_decisions(personas.officer)
    # The poster becomes the public cover and share card only when the item is published.
    submission.refresh_from_db()
    assert not submission.cover and not submission.share_image
    services.submission_decide(submission=submission, reviewer=personas.officer, decision="publish")
    submission.refresh_from_db()
    with Image.open(submission.cover) as cover, Image.open(submission.share_image) as card:
        assert cover.size == Image.open(media.thumbnail).size and card.size == (1200, 630)
    assert submission.share_source == media.poster.name


def test_task_is_idempotent(personas, tree, settings):
    submission = _submit_with(personas.member, tree.officer_unit, clip_bytes("video"), "clip.mp4", "video")
    media = submission.media.get()
    services.media_process(media_id=media.pk)
    files = files_under(settings.MEDIA_ROOT), files_under(settings.PRIVATE_MEDIA_ROOT)
    assert services.media_process(media_id=media.pk) is None
    assert (files_under(settings.MEDIA_ROOT), files_under(settings.PRIVATE_MEDIA_ROOT)) == files


def test_audio_probe(personas, tree):
    submission = _submit_with(personas.member, tree.officer_unit, clip_bytes("audio"), "bai-hat.mp3", "audio")
    media = submission.media.get()
    services.media_process(media_id=media.pk)
    media.refresh_from_db()
    assert media.status == "ready" and media.codecs == "mp3" and round(media.duration) == 2 and not media.poster


def test_corrupt_video_is_marked_and_the_author_told(personas, tree):
    data = clip_bytes("video")
    truncated = data[: len(data) // 2]  # sniffs as MP4, but its index is gone
    submission = _submit_with(personas.member, tree.officer_unit, truncated, "hong.mp4", "video")
    media = submission.media.get()
    assert services.media_process(media_id=media.pk) == SubmissionMedia.State.FAILED
    media.refresh_from_db()
    submission.refresh_from_db()
    assert media.status == "failed" and "hỏng" in media.error
    assert submission.status == Status.CHANGES_REQUESTED  # back to the author, never published
    step = submission.steps.last()
    assert step.decision == Decision.MEDIA_FAILED and step.actor is None and step.reason == media.error
    note = Notification.objects.get(recipient=personas.member, title__contains="bị lỗi")
    assert "hong.mp4" in note.body
    assert services.media_process(media_id=media.pk) is None  # a retried task changes nothing
