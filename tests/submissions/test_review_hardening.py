"""Defects found in review: stuck items with a failed file, orphaned share cards, a media failure
overwriting a reviewer's decision, HQ's queue level, absolute storage URLs in Open Graph, the
campaign hub's link, bulk decisions above the reviewer's level, and the admin's body sanitising."""

import re

import pytest
from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from submissions import services
from submissions.admin import SubmissionAdmin
from submissions.models import Kind, Status, Submission, SubmissionMedia
from tests.factories import MembershipFactory
from uploads.checks import check_upload

from .helpers import files_under, pending, photo

pytestmark = pytest.mark.django_db


def test_an_item_with_a_failed_file_cannot_be_submitted(personas, tree, client_for):
    """A failed file can never be published: submitting it would leave the item stuck in the queue."""
    item = pending(personas.member, tree.officer_unit, kind=Kind.VIDEO, status=Status.DRAFT, title="Clip lỗi")
    SubmissionMedia.objects.create(
        submission=item, kind="video", file="submissions/broken.mp4", mime="video/mp4", original_name="hong.mp4",
        status=SubmissionMedia.State.FAILED, error="Tệp bị hỏng.",
    )
    response = client_for(personas.member).post(reverse("submission_edit", args=[item.pk]), {
        "kind": Kind.VIDEO, "title": "Clip lỗi", "body": "", "consent_publication": "on", "consent_people": "on",
        "submit": "1",
    })
    assert response.status_code == 400
    assert "Tệp “hong.mp4” bị lỗi" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DRAFT and not item.steps.exists()


def test_a_failed_save_leaves_no_share_card_in_storage(personas, tree, settings):
    upload = photo("a.jpg")
    with pytest.raises(services.ServiceError):
        services.submission_create(
            author=personas.member, unit=tree.officer_unit, kind=Kind.GOOD_DEED, title="Thiếu đồng ý",
            body="Nội dung", files=[(upload, check_upload(upload))], submit=True,  # no consent: refused
        )
    assert not Submission.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == [] and files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_a_media_failure_never_overwrites_a_decision_taken_meanwhile(personas, tree, monkeypatch):
    item = pending(personas.member, tree.officer_unit, kind=Kind.VIDEO)
    media = SubmissionMedia.objects.create(submission=item, kind="video", file="submissions/v.mp4", mime="video/mp4")
    Submission.objects.filter(pk=item.pk).update(status=Status.REJECTED)  # a reviewer rejected it meanwhile
    real = SubmissionMedia.objects.select_related

    class Stale:  # the task read the item while it was still pending
        def __init__(self, qs):
            self.qs = qs

        def get(self, **kwargs):
            found = self.qs.get(**kwargs)
            found.submission.status = Status.PENDING
            return found

    monkeypatch.setattr(SubmissionMedia.objects, "select_related", lambda *a: Stale(real(*a)))
    assert services.media_mark_failed(media_id=media.pk, error="Tệp bị hỏng.")
    item.refresh_from_db()
    assert item.status == Status.REJECTED
    assert not item.steps.filter(decision="media_failed").exists()


def test_hq_queue_shows_what_waits_at_hq_by_default(personas, tree, client_for):
    pending(personas.member, tree.officer_unit, title="Chờ ở cơ sở")
    pending(personas.member, tree.officer_unit, title="Đã lên Tổng Liên đoàn", current=tree.root)
    client = client_for(personas.hq)  # a superuser who also holds the admin role on the root
    page = client.get(reverse("submission_queue")).content.decode()
    assert "Đã lên Tổng Liên đoàn" in page and "Chờ ở cơ sở" not in page
    page = client.get(reverse("submission_queue"), {"scope": "all"}).content.decode()
    assert "Đã lên Tổng Liên đoàn" in page and "Chờ ở cơ sở" in page


def test_og_image_keeps_an_absolute_storage_url(personas, tree, client, settings, monkeypatch):
    settings.SITE_URL = "https://lantoa.example.vn"
    item = pending(personas.member, tree.officer_unit, share_image="submissions/share/card.jpg")
    services.submission_decide(submission=item, reviewer=personas.officer, decision="publish")
    monkeypatch.setattr(FieldFile, "url", property(lambda f: "https://bucket.s3.example.com/" + f.name + "?sig=1"))
    page = client.get(reverse("story_detail", args=[item.pk])).content.decode()
    meta = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', page))
    assert meta["og:image"] == "https://bucket.s3.example.com/submissions/share/card.jpg?sig=1"


def test_campaign_hub_link_preselects_the_campaign(personas, tree, client_for):
    campaign = Campaign.objects.create(unit=tree.root, title="Đại hội XIII", slug="dai-hoi-xiii",
                                       starts_on=timezone.localdate(), is_public=True)
    page = client_for(personas.member).get(
        reverse("submission_new"), {"kind": "aspiration", "campaign": campaign.slug}
    ).content.decode()
    assert re.search(rf'<option value="{campaign.pk}"[^>]*selected', page)
    assert re.search(r'<option value="aspiration"[^>]*selected', page)


def test_bulk_publish_skips_items_above_the_reviewers_level(personas, tree):
    above = pending(personas.member, tree.officer_unit, title="Đã chuyển lên", current=tree.upper)
    theirs = pending(MembershipFactory(union=tree.sibling_unit).user, tree.sibling_unit)
    done, skipped = services.submissions_bulk_decide(
        reviewer=personas.officer, ids=[above.pk, theirs.pk], decision="publish"
    )
    assert (done, skipped) == (0, 2)
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_admin_edit_sanitises_the_body(personas, tree, rf):
    item = pending(personas.member, tree.officer_unit)
    item.body = '<p onclick="x()">Sửa <script>alert(1)</script><b>đậm</b></p>'
    request = rf.post("/")
    request.user = personas.hq
    SubmissionAdmin(Submission, admin.site).save_model(request, item, None, True)
    item.refresh_from_db()
    assert "<b>đậm</b>" in item.body and "script" not in item.body and "onclick" not in item.body


def test_form_texts_follow_the_language_and_show_the_size_caps(personas, tree, client_for, settings):
    from django.utils import translation

    from submissions.forms import QueueFilterForm, SubmissionForm
    from unions.models import Union

    settings.UPLOAD_MAX_MB = {"image": 15, "video": 300, "audio": 80}
    page = client_for(personas.member).get(reverse("submission_new")).content.decode()
    assert "Mỗi ảnh tối đa 15 MB, video tối đa 300 MB, âm thanh tối đa 80 MB." in page
    with translation.override("en"):
        form = SubmissionForm(units=Union.objects.all())
        assert str(form.fields["files"].help_text).startswith("Up to 10 photos")
        assert dict(QueueFilterForm(units=Union.objects.none()).fields["age"].choices)[7] == "7 days"


def test_home_badge_counts_what_the_queue_shows(personas, tree, client_for):
    from submissions.selectors import queue_count

    pending(personas.member, tree.officer_unit, title="Chờ ở cơ sở")
    pending(personas.member, tree.officer_unit, title="Đã chuyển lên", current=tree.upper)
    assert queue_count(personas.upper) == 1
    page = client_for(personas.upper).get(reverse("submission_queue")).content.decode()
    assert page.count('data-testid="queue-item"') == 1
    assert queue_count(personas.officer) == 1 and queue_count(personas.sibling) == 0


@pytest.mark.django_db
def test_an_officer_never_reviews_their_own_submission(personas, tree, client_for):
    own = pending(personas.officer, tree.officer_unit, title="Bài của chính cán bộ")
    other = pending(personas.member, tree.officer_unit, title="Bài của đoàn viên")
    client = client_for(personas.officer)
    queue = client.get(reverse("submission_queue")).content.decode()
    assert "Bài của đoàn viên" in queue and "Bài của chính cán bộ" not in queue
    assert own.allowed_decisions(personas.officer) == []
    assert other.allowed_decisions(personas.officer)
    # The officer above still reviews it.
    assert own.is_reviewer(personas.upper)


@pytest.mark.django_db
def test_queue_campaign_filter_lists_no_private_campaign_of_another_subtree(personas, tree, client_for):
    from tests.factories import CampaignFactory

    CampaignFactory(unit=tree.sibling_unit, title="Chiến dịch nội bộ Việt Tiến", is_public=False)
    CampaignFactory(unit=tree.root, title="Chiến dịch toàn ngành", is_public=True)
    body = client_for(personas.officer).get(reverse("submission_queue")).content.decode()
    assert "Chiến dịch toàn ngành" in body
    assert "Chiến dịch nội bộ Việt Tiến" not in body
