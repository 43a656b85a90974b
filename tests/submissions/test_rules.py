"""Pure state rules on the model, and the "review pending for more than N days" deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications import deadlines
from submissions.models import Decision, Kind, Status, SubmissionMedia, media_rule_errors
from submissions.selectors import review_deadlines

from .helpers import pending

pytestmark = pytest.mark.django_db


def test_media_rules():
    assert media_rule_errors(Kind.PHOTO_SET, images=10, videos=0, audios=0, submitting=True) == []
    assert media_rule_errors(Kind.PHOTO_SET, images=11, videos=0, audios=0, submitting=True)
    assert media_rule_errors(Kind.PHOTO_SET, images=0, videos=0, audios=0, submitting=True) == ["Bộ ảnh cần ít nhất một ảnh."]
    assert media_rule_errors(Kind.PHOTO_SET, images=0, videos=0, audios=0, submitting=False) == []
    assert media_rule_errors(Kind.VIDEO, images=0, videos=2, audios=0, submitting=True)
    assert media_rule_errors(Kind.AUDIO, images=1, videos=0, audios=1, submitting=True)
    # A story takes up to 10 photos and one video together; audio only on its own.
    assert media_rule_errors(Kind.GOOD_DEED, images=1, videos=1, audios=0, submitting=True) == []
    assert media_rule_errors(Kind.WORKER_LIFE, images=10, videos=1, audios=0, submitting=True) == []
    assert media_rule_errors(Kind.GOOD_DEED, images=11, videos=1, audios=0, submitting=True) == [
        "Tối đa 10 ảnh cho một bài."
    ]
    assert media_rule_errors(Kind.GOOD_DEED, images=2, videos=2, audios=0, submitting=True) == [
        "Mỗi bài chỉ kèm một video hoặc một tệp âm thanh."
    ]
    for images, videos in ((1, 0), (0, 1), (3, 1)):
        assert media_rule_errors(Kind.CREATIVE, images=images, videos=videos, audios=1, submitting=False) == [
            "Tệp âm thanh được gửi riêng, không kèm ảnh hay video."
        ]
    assert media_rule_errors(Kind.ARTICLE, images=0, videos=0, audios=1, submitting=True) == []
    # The media products keep to their own type.
    assert media_rule_errors(Kind.PHOTO_SET, images=2, videos=1, audios=0, submitting=True) == [
        "Loại bài này không nhận loại tệp đã chọn."
    ]
    assert media_rule_errors(Kind.VIDEO, images=1, videos=1, audios=0, submitting=True)
    assert media_rule_errors(Kind.ASPIRATION, images=1, videos=0, audios=0, submitting=False)


def test_media_rule_messages_follow_the_language():
    """English from the catalogue (locale/en): passes once this branch's translations are merged."""
    from django.utils import translation

    with translation.override("en"):
        assert media_rule_errors(Kind.GOOD_DEED, images=1, videos=0, audios=1, submitting=False) == [
            "An audio file is sent on its own, without photos or a video."
        ]
        assert media_rule_errors(Kind.VIDEO, images=0, videos=0, audios=0, submitting=True) == [
            "Please choose a video file."
        ]


def test_decisions_per_persona_and_level(personas, tree):
    item = pending(personas.member, tree.officer_unit)
    assert item.allowed_decisions(personas.member) == []
    assert item.allowed_decisions(personas.sibling) == []
    assert item.allowed_decisions(personas.officer)[0] == Decision.PUBLISH
    # upper's role covers the subtree: it may act even while the item is still at grassroots,
    # but as a plain officer it may publish only at grassroots level.
    assert Decision.PUBLISH in item.allowed_decisions(personas.upper)
    item.current_unit = tree.upper
    assert item.allowed_decisions(personas.officer) == []
    assert item.allowed_decisions(personas.upper) == [Decision.FORWARD, Decision.REQUEST_CHANGES, Decision.REJECT]
    item.current_unit = tree.root
    assert item.allowed_decisions(personas.upper) == []
    assert item.allowed_decisions(personas.hq) == [Decision.PUBLISH, Decision.REQUEST_CHANGES, Decision.REJECT]


def test_no_decision_once_decided_and_aspirations_are_answered(personas, tree):
    for status in (Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED, Status.REJECTED):
        assert pending(personas.member, tree.officer_unit, status=status).allowed_decisions(personas.hq) == []
    aspiration = pending(personas.member, tree.officer_unit, kind=Kind.ASPIRATION)
    assert aspiration.allowed_decisions(personas.officer) == [Decision.ANSWER, Decision.FORWARD, Decision.REJECT]


def test_nothing_half_processed_is_published(personas, tree):
    item = pending(personas.member, tree.officer_unit, kind=Kind.VIDEO)
    media = SubmissionMedia.objects.create(submission=item, kind="video", file="x.mp4", mime="video/mp4")
    assert not item.may_publish(personas.officer)
    media.status = SubmissionMedia.State.FAILED
    media.save()
    assert not item.may_publish(personas.officer)
    media.status = SubmissionMedia.State.READY
    media.save()
    assert item.may_publish(personas.officer)


def test_review_deadline_is_registered_and_finds_overdue_items(personas, tree, settings):
    settings.SUBMISSION_REVIEW_DAYS = 5
    kind = deadlines.get("submission_review")
    assert kind is not None and kind.finder is review_deadlines and kind.overdue
    now = timezone.now()
    late = pending(personas.member, tree.officer_unit, title="Chờ lâu", at=now - dt.timedelta(days=6))
    pending(personas.member, tree.officer_unit, title="Mới gửi", at=now - dt.timedelta(days=1))
    pending(personas.member, tree.officer_unit, title="Đã duyệt", at=now - dt.timedelta(days=6), status=Status.PUBLISHED)
    found = list(kind.find(now - dt.timedelta(days=3), now))
    assert [d.title for d in found] == ["Duyệt bài “Chờ lâu”"]
    assert found[0].unit_id == tree.officer_unit.pk
    assert found[0].due_at == late.waiting_since + dt.timedelta(days=5)
    # Forwarding starts a new deadline at the new level.
    late.current_unit, late.waiting_since = tree.upper, now - dt.timedelta(days=5, hours=12)
    late.save()
    again = list(kind.find(now - dt.timedelta(days=3), now))
    assert again[0].unit_id == tree.upper.pk and again[0].key != found[0].key
