"""A member's life on the portal, made through the services with real files (privacy tests)."""

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import services as campaign_services
from campaigns.models import LessonCompletion, LinkClick, TrackedLink
from contests.models import Attempt
from notifications.models import Category
from notifications.services import notify
from submissions import services as submission_services
from submissions.models import Kind
from uploads.checks import check_upload

from .factories import LessonFactory, QuizFactory, ShareKitFactory
from .submissions.helpers import jpeg_bytes


def life_of(user, unit, *, marker, officer, kit=None, lesson=None, quiz=None):
    """One item of every kind for ``user``; every text carries ``marker`` so tests can find it."""
    kit = kit or ShareKitFactory(audience=unit)
    lesson = lesson or LessonFactory(unit=unit)
    quiz = quiz or QuizFactory(unit=unit)
    tint = sum(marker.encode()) % 200
    upload = SimpleUploadedFile(f"{marker}.jpg", jpeg_bytes(color=(tint, 90, 40)))
    story = submission_services.submission_create(
        author=user, unit=unit, kind=Kind.GOOD_DEED, title=f"Câu chuyện {marker}", body=f"Nội dung {marker}",
        consent_publication=True, consent_people=True, submit=True,
        files=[(upload, check_upload(upload, kinds=("image",)))],
    )
    submission_services.submission_decide(submission=story, reviewer=officer, decision="publish")
    draft = submission_services.submission_create(
        author=user, unit=unit, kind=Kind.ASPIRATION, title=f"Ý kiến {marker}", body=f"Mong muốn {marker}",
    )
    shot = SimpleUploadedFile("chup.jpg", jpeg_bytes(size=(400, 300), color=(40, tint, 90)))
    proof = campaign_services.proof_submit(
        user=user, kit=kit, unit=unit, post_url=f"https://www.facebook.com/{marker}/posts/100{len(marker)}",
        screenshot=(shot, check_upload(shot, kinds=("image",))),
    )
    link = TrackedLink.objects.create(kit=kit, user=user, unit=unit, code=f"ma{marker}"[:32], clicks=3)
    LinkClick.objects.create(link=link, day="2026-12-01", visitor=f"v-{marker}")
    completion = LessonCompletion.objects.create(lesson=lesson, user=user, unit=unit, score_percent=90,
                                                 certificate_code=f"C{marker}"[:16])
    attempt = Attempt.objects.create(quiz=quiz, user=user, unit=unit, tries=1, total=10, best_score=9, last_score=9)
    notify(recipients=[user], category=Category.SUBMISSION, title=f"Thông báo {marker}")
    return SimpleNamespace(story=story.__class__.objects.get(pk=story.pk), draft=draft, proof=proof, link=link,
                           completion=completion, attempt=attempt, kit=kit, lesson=lesson, quiz=quiz)
