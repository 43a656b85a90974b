"""``submission_delete`` and its view: the author deletes a draft or a withdrawn item, files included;
officers who follow an old link to it are told it was deleted."""

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import ServiceError
from submissions import services
from submissions.models import Kind, ReviewStep, Status, Submission, SubmissionMedia
from uploads.checks import check_upload

from .helpers import files_under, pending, photo

pytestmark = pytest.mark.django_db


def _with_files(member, unit, django_capture_on_commit_callbacks):
    uploads = [photo("a.jpg"), photo("b.jpg")]
    files = [(f, check_upload(f, kinds=("image",))) for f in uploads]
    with django_capture_on_commit_callbacks(execute=True):
        return services.submission_create(
            author=member, unit=unit, kind=Kind.GOOD_DEED, title="Ngày hội công nhân", body="<p>Nội dung</p>",
            consent_publication=True, consent_people=True, files=files, submit=True,
        )


def test_withdrawn_item_is_deleted_with_its_files(personas, tree, client_for, django_capture_on_commit_callbacks):
    item = _with_files(personas.member, tree.officer_unit, django_capture_on_commit_callbacks)
    assert files_under(settings.PRIVATE_MEDIA_ROOT)  # the photos and their thumbnails
    services.submission_withdraw(submission=item, actor=personas.member)
    client = client_for(personas.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submission_delete", args=[item.pk]))
    assert response.status_code == 302 and response.url == reverse("submission_mine")
    assert not Submission.objects.filter(pk=item.pk).exists()
    assert not SubmissionMedia.objects.exists() and not ReviewStep.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    event = AuditEvent.objects.get(verb="submission.deleted")
    assert event.object_id == str(item.pk) and event.actor == personas.member
    assert event.data == {"title": "Ngày hội công nhân", "kind": "good_deed", "status": "withdrawn"}
    assert "Đã xoá bài “Ngày hội công nhân”." in client.get(reverse("submission_mine")).content.decode()


def test_a_draft_may_be_deleted(personas, tree):
    item = pending(personas.member, tree.officer_unit, status=Status.DRAFT)
    services.submission_delete(submission=item, actor=personas.member)
    assert not Submission.objects.exists()


@pytest.mark.parametrize("status", [Status.PENDING, Status.CHANGES_REQUESTED, Status.PUBLISHED, Status.REJECTED])
def test_items_sent_for_review_or_decided_are_not_deleted(personas, tree, client_for, status):
    item = pending(personas.member, tree.officer_unit, status=status)
    with pytest.raises(ServiceError):
        services.submission_delete(submission=item, actor=personas.member)
    response = client_for(personas.member).post(reverse("submission_delete", args=[item.pk]), follow=True)
    assert "Chỉ xoá được bản nháp hoặc bài đã rút." in response.content.decode()
    assert Submission.objects.filter(pk=item.pk, status=status).exists()
    assert not AuditEvent.objects.filter(verb="submission.deleted").exists()


def test_only_the_author_deletes(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, status=Status.WITHDRAWN)
    for other in (personas.officer, personas.hq):
        with pytest.raises(ServiceError):
            services.submission_delete(submission=item, actor=other)
        assert client_for(other).post(reverse("submission_delete", args=[item.pk])).status_code == 404
    assert Submission.objects.filter(pk=item.pk).exists()


def test_delete_button_asks_first(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, status=Status.WITHDRAWN)
    waiting = pending(personas.member, tree.officer_unit)
    client = client_for(personas.member)
    for url in (reverse("submission_mine"), reverse("submission_detail", args=[item.pk])):
        page = client.get(url).content.decode()
        block = page[page.index('data-testid="delete"'):]
        action = f'<form method="post" action="{reverse("submission_delete", args=[item.pk])}"'
        assert block.index("<summary") < block.index(action) < block.index("Không khôi phục được.")
    assert reverse("submission_delete", args=[waiting.pk]) not in client.get(reverse("submission_mine")).content.decode()


def test_officers_following_an_old_link_are_told_it_was_deleted(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, title="Bài đã xoá")
    services.submission_withdraw(submission=item, actor=personas.member)
    services.submission_delete(submission=item, actor=personas.member)
    url = reverse("submission_detail", args=[item.pk])
    for reader in (personas.officer, personas.upper, personas.hq, personas.member):
        response = client_for(reader).get(url)
        assert response.status_code == 410
        assert "Tác giả đã xoá bài “Bài đã xoá”" in response.content.decode()
    # Outside the unit's chain: nothing is revealed.
    assert client_for(personas.sibling).get(url).status_code == 404
    assert client_for(personas.officer).get(reverse("submission_detail", args=[item.pk + 1000])).status_code == 404
