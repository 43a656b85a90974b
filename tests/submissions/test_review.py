"""Review at each level through the views: forward up to HQ, publish, request changes, reject,
bulk decisions, the queue's scope and filters, and query counts that do not grow with items."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from notifications.models import Notification
from submissions import services
from submissions.models import Decision, Kind, ReviewStep, Status, Submission
from tests.factories import MembershipFactory, RoleFactory, UnionFactory
from unions.models import Role

from .helpers import pending

pytestmark = pytest.mark.django_db


def _decide(client, submission, decision, reason=""):
    return client.post(reverse("submission_decide", args=[submission.pk]), {"decision": decision, "reason": reason})


def test_forward_to_the_top_then_publish(personas, tree, client_for, django_capture_on_commit_callbacks):
    item = pending(personas.member, tree.officer_unit, title="Tổ may 5 tiết kiệm vải")
    with django_capture_on_commit_callbacks(execute=True):
        assert _decide(client_for(personas.officer), item, "forward").status_code == 302
    item.refresh_from_db()
    assert item.current_unit == tree.upper and item.status == Status.PENDING
    # upper is a plain officer above grassroots: may forward, not publish.
    assert Decision.PUBLISH not in item.allowed_decisions(personas.upper)
    assert _decide(client_for(personas.upper), item, "publish").status_code == 400
    assert _decide(client_for(personas.upper), item, "forward", "Đề nghị đăng Fanpage").status_code == 302
    item.refresh_from_db()
    assert item.current_unit == tree.root
    assert Decision.FORWARD not in item.allowed_decisions(personas.hq)  # nowhere higher to go
    with django_capture_on_commit_callbacks(execute=True):
        assert _decide(client_for(personas.hq), item, "publish", "Bài hay").status_code == 302
    item.refresh_from_db()
    assert (item.status, item.published_unit) == (Status.PUBLISHED, tree.root)
    assert item.is_published_at_top()
    steps = list(item.steps.values_list("decision", "unit__code", "reason"))
    assert steps == [("forward", "MAY10", ""), ("forward", "DMVN", "Đề nghị đăng Fanpage"), ("publish", "CDCT", "Bài hay")]
    assert AuditEvent.objects.filter(object_id=str(item.pk), verb__startswith="submission.").count() == 3
    titles = list(Notification.objects.filter(recipient=personas.member).values_list("title", flat=True))
    assert "Bài “Tổ may 5 tiết kiệm vải” đã được duyệt đăng" in titles
    assert any("member@example.org" in m.to for m in mail.outbox)
    # upper's reviewers were told the item arrived
    assert Notification.objects.filter(recipient=personas.upper, category="review").exists()


def test_sibling_and_member_cannot_act_or_see(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit)
    sibling = client_for(personas.sibling)
    assert sibling.get(reverse("submission_detail", args=[item.pk])).status_code == 404
    assert _decide(sibling, item, "forward").status_code == 404
    item.refresh_from_db()
    assert item.current_unit == tree.officer_unit
    # The author sees it but has no decision buttons; a decision POST is refused.
    member = client_for(personas.member)
    page = member.get(reverse("submission_detail", args=[item.pk])).content.decode()
    assert 'data-testid="decide-' not in page
    assert _decide(member, item, "publish").status_code == 400


def test_grassroots_officer_may_publish_at_own_level(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, media=1)
    assert item.allowed_decisions(personas.officer) == [
        Decision.PUBLISH, Decision.FORWARD, Decision.REQUEST_CHANGES, Decision.REJECT
    ]
    assert _decide(client_for(personas.officer), item, "publish").status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.published_unit == tree.officer_unit
    assert not item.is_published_at_top()


def test_reason_is_required_to_reject_or_request_changes(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit)
    client = client_for(personas.officer)
    for decision in ("reject", "request_changes"):
        response = _decide(client, item, decision, "   ")
        assert response.status_code == 400
        assert "Hãy ghi rõ lý do" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.PENDING and not item.steps.exists()
    _decide(client, item, "reject", "Nội dung không phù hợp")
    item.refresh_from_db()
    assert item.status == Status.REJECTED
    mine = client_for(personas.member).get(reverse("submission_mine")).content.decode()
    assert "Bị từ chối" in mine and "Nội dung không phù hợp" in mine


def test_request_changes_round_trip_keeps_history_and_edits(personas, tree, client_for):
    member = client_for(personas.member)
    member.post(reverse("submission_new"), {
        "kind": Kind.CREATIVE, "title": "Sáng kiến cắt vải", "body": "Bản đầu", "consent_publication": "on",
        "consent_people": "on", "submit": "1",
    })
    item = Submission.objects.get()
    officer = client_for(personas.officer)
    _decide(officer, item, "request_changes", "Bổ sung số liệu tiết kiệm")
    item.refresh_from_db()
    assert item.status == Status.CHANGES_REQUESTED
    member = client_for(personas.member)  # one test client: sign back in as the author
    mine = member.get(reverse("submission_mine")).content.decode()
    assert "Cần chỉnh sửa" in mine and "Bổ sung số liệu tiết kiệm" in mine and "Sửa và gửi lại" in mine
    edit_url = reverse("submission_edit", args=[item.pk])
    assert "Bổ sung số liệu tiết kiệm" in member.get(edit_url).content.decode()
    response = member.post(edit_url, {
        "kind": Kind.CREATIVE, "title": "Sáng kiến cắt vải tiết kiệm 5%", "body": "Bản sửa: tiết kiệm 5% vải mỗi tháng.",
        "consent_publication": "on", "consent_people": "on", "submit": "1",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PENDING and item.current_unit == tree.officer_unit
    assert item.title == "Sáng kiến cắt vải tiết kiệm 5%" and "tiết kiệm 5% vải" in item.body
    steps = list(item.steps.all())
    assert [s.decision for s in steps] == ["submit", "request_changes", "resubmit"]
    assert steps[0].snapshot["body"] == "<p>Bản đầu</p>"
    assert steps[1].reason == "Bổ sung số liệu tiết kiệm"
    assert "tiết kiệm 5% vải" in steps[2].snapshot["body"]
    # No longer editable while pending.
    assert member.get(edit_url).status_code == 302


def test_queue_shows_my_level_from_my_subtree_oldest_first(personas, tree, client_for):
    now = timezone.now()
    old = pending(personas.member, tree.officer_unit, title="Bài cũ", at=now - dt.timedelta(days=10))
    new = pending(personas.member, tree.officer_unit, title="Bài mới", at=now - dt.timedelta(days=1))
    other_member = MembershipFactory(union=tree.sibling_unit).user
    pending(other_member, tree.sibling_unit, title="Bài của Việt Tiến")
    at_upper = pending(personas.member, tree.officer_unit, title="Bài đã chuyển", current=tree.upper)

    page = client_for(personas.officer).get(reverse("submission_queue")).content.decode()
    assert page.index("Bài cũ") < page.index("Bài mới")
    assert "Bài của Việt Tiến" not in page and "Bài đã chuyển" not in page

    upper = client_for(personas.upper)
    page = upper.get(reverse("submission_queue")).content.decode()
    assert "Bài đã chuyển" in page and "Bài cũ" not in page  # my level only by default
    page = upper.get(reverse("submission_queue"), {"scope": "all"}).content.decode()
    assert all(t in page for t in ("Bài cũ", "Bài mới", "Bài của Việt Tiến", "Bài đã chuyển"))
    page = upper.get(reverse("submission_queue"), {"scope": "all", "age": 7}).content.decode()
    assert "Bài cũ" in page and "Bài mới" not in page
    page = upper.get(reverse("submission_queue"), {"scope": "all", "unit": tree.sibling_unit.pk}).content.decode()
    assert "Bài của Việt Tiến" in page and "Bài cũ" not in page
    assert old and new and at_upper


def test_queue_filters_by_kind_and_campaign(personas, tree, client_for):
    from campaigns.models import Campaign

    campaign = Campaign.objects.create(unit=tree.root, title="Đại hội XIII", slug="dai-hoi-xiii",
                                       starts_on=timezone.localdate())
    pending(personas.member, tree.officer_unit, title="Video Đại hội", kind=Kind.VIDEO, campaign=campaign)
    pending(personas.member, tree.officer_unit, title="Gương tốt")
    client = client_for(personas.officer)
    page = client.get(reverse("submission_queue"), {"kind": Kind.VIDEO}).content.decode()
    assert "Video Đại hội" in page and "Gương tốt" not in page
    page = client.get(reverse("submission_queue"), {"campaign": campaign.pk}).content.decode()
    assert "Video Đại hội" in page and "Gương tốt" not in page


def test_member_gets_403_on_queue(personas, client_for):
    assert client_for(personas.member).get(reverse("submission_queue")).status_code == 403


def test_queue_query_count_does_not_grow(personas, tree, client_for, django_assert_num_queries):
    client = client_for(personas.officer)
    for i in range(2):
        pending(personas.member, tree.officer_unit, title=f"A{i}", media=2)
    client.get(reverse("submission_queue"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("submission_queue"))
    for i in range(15):
        other = MembershipFactory(union=tree.officer_unit).user
        pending(other, tree.officer_unit, title=f"B{i}", media=3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("submission_queue"))
    assert response.content.decode().count('data-testid="queue-item"') == 17


def test_bulk_publish_and_reject_with_fixed_query_count(personas, tree, client_for, django_assert_num_queries):
    client = client_for(personas.officer)
    client.get(reverse("submission_queue"))

    def run(n, decision, reason=""):
        items = [pending(MembershipFactory(union=tree.officer_unit).user, tree.officer_unit, title=f"{decision}{i}", media=1)
                 for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(reverse("submission_queue"),
                                   {"ids": [s.pk for s in items], "decision": decision, "reason": reason})
        assert response.status_code == 302
        return items, len(ctx.captured_queries)

    two, small = run(2, "publish")
    items = [pending(MembershipFactory(union=tree.officer_unit).user, tree.officer_unit, title=f"x{i}", media=1)
             for i in range(6)]
    with django_assert_num_queries(small):  # three times the items, the same queries
        client.post(reverse("submission_queue"), {"ids": [s.pk for s in items], "decision": "publish"})
    six = items
    assert all(s.status == Status.PUBLISHED for s in Submission.objects.filter(pk__in=[x.pk for x in six]))
    assert ReviewStep.objects.filter(decision="publish").count() == 8
    assert AuditEvent.objects.filter(verb="submission.bulk_publish").count() == 2
    rejected, _ = run(3, "reject", "Trùng lặp")
    assert set(Submission.objects.filter(pk__in=[s.pk for s in rejected]).values_list("status", flat=True)) == {"rejected"}
    assert Notification.objects.filter(recipient=rejected[0].author, body__contains="Trùng lặp").exists()


def test_bulk_reject_needs_a_reason_and_skips_what_is_out_of_reach(personas, tree, client_for):
    mine = pending(personas.member, tree.officer_unit)
    theirs = pending(MembershipFactory(union=tree.sibling_unit).user, tree.sibling_unit)
    client = client_for(personas.officer)
    response = client.post(reverse("submission_queue"), {"ids": [mine.pk], "decision": "reject"}, follow=True)
    assert "Hãy ghi rõ lý do từ chối" in response.content.decode()
    done, skipped = services.submissions_bulk_decide(reviewer=personas.officer, ids=[mine.pk, theirs.pk],
                                                     decision="reject", reason="Không phù hợp")
    assert (done, skipped) == (1, 1)
    theirs.refresh_from_db()
    assert theirs.status == Status.PENDING


def test_editor_above_grassroots_may_publish(personas, tree):
    editor = RoleFactory(union=tree.upper, kind=Role.Kind.EDITOR).user
    item = pending(personas.member, tree.officer_unit, current=tree.upper)
    assert Decision.PUBLISH in item.allowed_decisions(editor)
    deeper = UnionFactory(parent=tree.officer_unit, level=5)
    below = pending(MembershipFactory(union=deeper).user, deeper)
    assert Decision.PUBLISH in below.allowed_decisions(personas.officer)
    assert Decision.PUBLISH not in below.allowed_decisions(personas.sibling)
