"""The demo seed step: every kind published and pending, real media, fast."""

import time

import pytest

from submissions import demo
from submissions.models import Kind, Status, Submission, SubmissionMedia
from unions import demo as unions_demo

pytestmark = pytest.mark.django_db


def test_seed_makes_every_kind_published_and_pending_with_real_media():
    context = {}
    unions_demo.seed(context)
    started = time.monotonic()
    demo.seed(context)
    assert time.monotonic() - started < 20
    for kind in Kind:
        if kind == Kind.ASPIRATION:
            continue
        assert Submission.objects.filter(kind=kind, status=Status.PUBLISHED).exists(), kind
        assert Submission.objects.filter(kind=kind, status=Status.PENDING).exists(), kind
    assert Submission.objects.filter(kind=Kind.ASPIRATION, status=Status.ANSWERED).exists()
    assert not SubmissionMedia.objects.exclude(status="ready").exists()
    video = SubmissionMedia.objects.filter(kind="video").first()
    assert video.poster and video.duration and "h264" in video.codecs
    assert SubmissionMedia.objects.filter(kind="audio", codecs="mp3").exists()
    assert Submission.objects.exclude(fanpage_url="").exists()
    assert Submission.objects.filter(status=Status.PUBLISHED).exclude(share_image="").count() >= 6
