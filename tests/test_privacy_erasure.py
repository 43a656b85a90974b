"""Erasure: the member asks from the profile page, the unit's officers see the request (with its
deadline in the reminder engine) and carry it out; published items stay without the author's
name, everything else of the member is removed; the audit trail keeps only what is required."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from campaigns.models import LinkClick, ShareProof, TrackedLink
from notifications import deadlines
from notifications.models import Notification
from privacy.models import ErasureRequest
from submissions.models import Submission

from .privacy_helpers import life_of

pytestmark = pytest.mark.django_db


def _ask(client):
    return client.post(reverse("privacy_erasure_request"), {"reason": "Tôi chuyển công tác.", "confirm": "on"})


def test_member_asks_and_the_unit_officer_is_told_with_a_deadline(personas, tree, client_for):
    client = client_for(personas.member)
    assert _ask(client).status_code == 302
    request = ErasureRequest.objects.get()
    assert request.unit == tree.officer_unit and request.is_pending()
    assert request.due_at - request.requested_at == dt.timedelta(days=settings.PRIVACY_ERASURE_DAYS)
    assert Notification.objects.filter(recipient=personas.officer, url=reverse("privacy_request_detail",
                                                                               args=[request.pk])).exists()
    assert "đang chờ công đoàn xử lý" in client.get(reverse("profile")).content.decode()
    _ask(client)  # asking twice makes no second request
    assert ErasureRequest.objects.count() == 1
    # The deadline is in the registry: the reminder engine finds it, for the member's unit.
    kind = deadlines.get("privacy_erasure")
    [due] = list(kind.finder(request.due_at - dt.timedelta(hours=1), request.due_at + dt.timedelta(hours=1)))
    assert due.unit_id == tree.officer_unit.pk and due.due_at == request.due_at


def test_asking_needs_the_confirmation(personas, client_for):
    client_for(personas.member).post(reverse("privacy_erasure_request"), {"reason": "x"})
    assert not ErasureRequest.objects.exists()


def test_officers_along_the_chain_see_it_and_the_sibling_does_not(personas, tree, client_for):
    _ask(client_for(personas.member))
    request = ErasureRequest.objects.get()
    for persona in ("officer", "upper", "hq"):
        page = client_for(getattr(personas, persona)).get(reverse("privacy_requests")).content.decode()
        assert reverse("privacy_request_detail", args=[request.pk]) in page, persona
    sibling = client_for(personas.sibling)
    assert reverse("privacy_request_detail", args=[request.pk]) not in sibling.get(reverse("privacy_requests")).content.decode()
    assert sibling.get(reverse("privacy_request_detail", args=[request.pk])).status_code == 404
    assert sibling.post(reverse("privacy_request_detail", args=[request.pk]), {"action": "erase"}).status_code == 404


def test_carrying_it_out_anonymises_published_items_and_removes_the_rest(
    personas, tree, client_for, django_capture_on_commit_callbacks,
):
    member = personas.member
    life = life_of(member, tree.officer_unit, marker="namhoang", officer=personas.officer)
    photo = life.story.media.get()
    story_files = [Path(settings.PRIVATE_MEDIA_ROOT) / photo.file.name]
    screenshot = Path(life.proof.screenshot.path)
    _ask(client_for(member))
    request = ErasureRequest.objects.get()

    officer = client_for(personas.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("privacy_request_detail", args=[request.pk]), {"action": "erase"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE and request.requester_name == "" and request.reason == ""

    member.refresh_from_db()
    assert not member.is_active and member.email is None and member.phone is None
    assert "Hoàng" not in member.full_name and member.username != "member"
    # The published story stays public, without the author's name.
    story = Submission.objects.get(pk=life.story.pk)
    assert story.anonymous
    visitor = Client()
    public = visitor.get(reverse("story_detail", args=[story.pk])).content.decode()
    assert "Câu chuyện namhoang" in public and "Hoàng Văn Nam" not in public
    assert all(path.exists() for path in story_files)  # its files too
    # The rest is gone: the aspiration, the link and its clicks, the proof's address and screenshot, notifications.
    assert not Submission.objects.filter(pk=life.draft.pk).exists()
    assert not TrackedLink.objects.filter(user=member).exists() and not LinkClick.objects.exists()
    assert not ShareProof.objects.filter(user=member).exists()
    assert not screenshot.exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert not member.memberships.exists()
    # The audit trail keeps what happened and when, not the person's words.
    events = AuditEvent.objects.filter(actor=member)
    assert events.exists() and not events.exclude(object_repr="").exists() and not events.exclude(data={}).exists()
    assert AuditEvent.objects.filter(verb="privacy.erased", actor=personas.officer).exists()
    # The member can no longer sign in.
    signed_in = visitor.post(reverse("login"), {"username": "member", "password": "demo1234"})
    assert signed_in.status_code == 200 and "_auth_user_id" not in visitor.session


def test_a_request_is_decided_once_and_a_decline_needs_a_reason(personas, tree, client_for):
    _ask(client_for(personas.member))
    request = ErasureRequest.objects.get()
    url = reverse("privacy_request_detail", args=[request.pk])
    officer = client_for(personas.officer)
    assert officer.post(url, {"action": "decline", "answer": ""}).status_code == 400
    officer.post(url, {"action": "decline", "answer": "Hồ sơ khen thưởng phải lưu theo quy định."})
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DECLINED
    assert Notification.objects.filter(recipient=personas.member, body__contains="khen thưởng").exists()
    officer.post(url, {"action": "erase"})
    personas.member.refresh_from_db()
    assert personas.member.is_active  # already decided: nothing erased


def test_an_officers_own_data_waits_until_their_roles_are_handed_over(personas, tree, client_for):
    from .factories import MembershipFactory

    MembershipFactory(user=personas.officer, union=tree.officer_unit, member_code="MAY10-00099")
    _ask(client_for(personas.officer))
    request = ErasureRequest.objects.get()
    client_for(personas.upper).post(reverse("privacy_request_detail", args=[request.pk]), {"action": "erase"})
    request.refresh_from_db()
    personas.officer.refresh_from_db()
    assert request.is_pending() and personas.officer.is_active


def test_the_list_runs_a_constant_number_of_queries(personas, tree, client_for, django_assert_num_queries):
    from .factories import MembershipFactory, UserFactory

    client = client_for(personas.officer)
    client.get(reverse("privacy_requests"))
    for i in range(6):
        user = UserFactory()
        MembershipFactory(user=user, union=tree.officer_unit)
        ErasureRequest.objects.create(user=user, unit=tree.officer_unit, due_at=timezone.now() + dt.timedelta(days=i))
    with django_assert_num_queries(5):
        page = client.get(reverse("privacy_requests"))
    assert len(re.findall(r'href="/privacy/requests/\d+/"', page.content.decode())) == 6
    ErasureRequest.objects.create(user=UserFactory(), unit=tree.officer_unit, due_at=timezone.now())
    with django_assert_num_queries(5):
        client.get(reverse("privacy_requests"))
