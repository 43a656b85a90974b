"""``submission_withdraw`` and its view: the author takes back an item nothing was decided on yet.

It leaves the queue, its reminders stop, officers who open it see that it was withdrawn, and the
author can edit it and send it again (it starts over at their own union).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import ServiceError
from notifications import reminders
from notifications.models import Delivery, ReminderRule
from submissions import selectors, services
from submissions.models import Decision, Kind, Status, Submission
from tests.factories import MembershipFactory

from .helpers import pending

pytestmark = pytest.mark.django_db


def _withdraw(client, item):
    return client.post(reverse("submission_withdraw", args=[item.pk]))


def test_withdrawing_a_forwarded_item_records_a_step_and_an_audit_row(personas, tree):
    item = pending(personas.member, tree.officer_unit, title="Tổ may 3 giúp bạn", current=tree.upper)
    services.submission_withdraw(submission=item, actor=personas.member)
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN and item.withdrawn_at is not None and item.waiting_since is None
    assert item.current_unit == tree.upper  # kept: the history says where it was waiting
    step = item.steps.get()
    assert (step.decision, step.unit, step.actor) == (Decision.WITHDRAW, tree.upper, personas.member)
    event = AuditEvent.objects.get(verb="submission.withdrawn")
    assert event.object_id == str(item.pk) and event.data == {"from": "pending", "at_unit": tree.upper.pk}
    assert event.unit_id == tree.officer_unit.pk


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHANGES_REQUESTED])
def test_drafts_and_items_sent_back_may_be_withdrawn(personas, tree, status):
    item = pending(personas.member, tree.officer_unit, status=status)
    assert item.may_withdraw(personas.member)
    services.submission_withdraw(submission=item, actor=personas.member)
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.REJECTED, Status.ANSWERED, Status.WITHDRAWN])
def test_decided_or_withdrawn_items_cannot_be_withdrawn(personas, tree, status):
    item = pending(personas.member, tree.officer_unit, status=status)
    assert not item.is_withdrawable()
    with pytest.raises(ServiceError):
        services.submission_withdraw(submission=item, actor=personas.member)
    item.refresh_from_db()
    assert item.status == status and not item.steps.exists()
    assert not AuditEvent.objects.filter(verb="submission.withdrawn").exists()


def test_only_the_author_withdraws(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit)
    for reviewer in (personas.officer, personas.upper, personas.hq):
        assert not item.may_withdraw(reviewer)
        with pytest.raises(ServiceError):
            services.submission_withdraw(submission=item, actor=reviewer)
        assert _withdraw(client_for(reviewer), item).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.PENDING


def test_withdrawn_item_leaves_the_queue_and_the_home_badge(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, title="Bài sẽ rút")
    other = pending(MembershipFactory(union=tree.officer_unit).user, tree.officer_unit, title="Bài ở lại")
    assert selectors.queue_count(personas.officer) == 2
    response = _withdraw(client_for(personas.member), item)
    assert response.status_code == 302 and response.url == item.mine_url()
    assert selectors.queue_count(personas.officer) == 1
    assert list(selectors.review_queue(personas.officer)) == [other]
    page = client_for(personas.officer).get(reverse("submission_queue")).content.decode()
    assert page.count('data-testid="queue-item"') == 1 and "Bài ở lại" in page
    assert reverse("submission_detail", args=[item.pk]) not in page


def test_reminders_stop_for_a_withdrawn_item(personas, tree, settings, django_capture_on_commit_callbacks):
    settings.SUBMISSION_REVIEW_DAYS = 5
    now = timezone.now()
    ReminderRule.objects.create(name="Quá hạn duyệt 1 ngày", kind="submission_review", offset_days=1,
                                subject="Nhắc: {title}", message="{title} đã quá hạn {days} ngày.")
    late = now - dt.timedelta(days=6, hours=1)
    kept = pending(personas.member, tree.officer_unit, title="Vẫn chờ", at=late)
    withdrawn = pending(personas.member, tree.officer_unit, title="Đã rút", at=late)
    services.submission_withdraw(submission=withdrawn, actor=personas.member)
    found = list(selectors.review_deadlines(now - dt.timedelta(days=3), now))
    assert [d.key.split(":")[0] for d in found] == [str(kept.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        reminders.scan(now)
    keys = set(Delivery.objects.filter(kind="submission_review").values_list("deadline_key", flat=True))
    assert keys and all(k.split(":")[1] == str(kept.pk) for k in keys)


def test_officers_opening_it_see_it_was_withdrawn_and_cannot_decide(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, title="Sáng kiến đã rút")
    services.submission_withdraw(submission=item, actor=personas.member)
    client = client_for(personas.officer)
    response = client.get(reverse("submission_detail", args=[item.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="withdrawn-notice"' in page and "Tác giả đã rút bài này lúc" in page
    assert 'data-testid="decide-' not in page and 'data-testid="withdraw"' not in page
    assert "Tác giả rút bài" in page  # the history step
    decided = client.post(reverse("submission_decide", args=[item.pk]), {"decision": "publish"})
    assert decided.status_code == 400
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    # A bulk decision from a queue page loaded before the withdrawal skips it.
    done, skipped = services.submissions_bulk_decide(reviewer=personas.officer, ids=[item.pk], decision="publish")
    assert (done, skipped) == (0, 1)


def test_withdraw_button_asks_before_posting_on_detail_and_mine(personas, tree, client_for):
    waiting = pending(personas.member, tree.officer_unit, title="Đang chờ")
    published = pending(personas.member, tree.officer_unit, title="Đã đăng", status=Status.PUBLISHED)
    draft = pending(personas.member, tree.officer_unit, title="Nháp", status=Status.DRAFT)
    client = client_for(personas.member)
    action = f'<form method="post" action="{reverse("submission_withdraw", args=[waiting.pk])}"'
    detail = client.get(reverse("submission_detail", args=[waiting.pk])).content.decode()
    mine = client.get(reverse("submission_mine")).content.decode()
    for page in (detail, mine):
        # The form sits inside a closed <details>: the first tap shows the question, the second posts.
        assert action in page and 'data-testid="withdraw-confirm"' in page
        form = page[page.index('data-testid="withdraw"'):]
        assert form.index("<summary") < form.index(action) < form.index("Rút bài này?")
    assert mine.count('data-testid="withdraw"') == 1  # not on the published item, nor on the draft
    assert reverse("submission_withdraw", args=[published.pk]) not in mine
    assert reverse("submission_withdraw", args=[draft.pk]) not in mine
    officer_view = client_for(personas.officer).get(reverse("submission_detail", args=[waiting.pk])).content.decode()
    assert 'data-testid="withdraw"' not in officer_view


def test_withdrawn_item_is_edited_and_sent_again_from_the_authors_union(personas, tree, client_for):
    member = client_for(personas.member)
    member.post(reverse("submission_new"), {
        "kind": Kind.GOOD_DEED, "title": "Chị Lan nhặt được ví", "body": "Bản đầu",
        "consent_publication": "on", "consent_people": "on", "submit": "1",
    })
    item = Submission.objects.get()
    services.submission_decide(submission=item, reviewer=personas.officer, decision=Decision.FORWARD)
    item.refresh_from_db()
    assert item.current_unit == tree.upper
    member = client_for(personas.member)
    assert _withdraw(member, item).status_code == 302
    mine = member.get(reverse("submission_mine")).content.decode()
    assert "Đã rút" in mine and "Sửa và gửi lại" in mine and 'data-testid="delete"' in mine
    edit_url = reverse("submission_edit", args=[item.pk])
    form = member.get(edit_url)
    assert form.status_code == 200 and 'data-testid="withdrawn-notice"' in form.content.decode()
    response = member.post(edit_url, {
        "kind": Kind.GOOD_DEED, "title": "Chị Lan trả lại ví cho khách", "body": "Bản sửa, có thêm lời cảm ơn.",
        "consent_publication": "on", "consent_people": "on", "submit": "1",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PENDING and item.withdrawn_at is None
    assert item.current_unit == tree.officer_unit  # starts over at the author's union
    assert list(item.steps.values_list("decision", flat=True)) == ["submit", "forward", "withdraw", "submit"]
    assert list(selectors.review_queue(personas.officer)) == [item]


def test_pending_item_cannot_be_edited_without_withdrawing_first(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit)
    client = client_for(personas.member)
    response = client.get(reverse("submission_edit", args=[item.pk]), follow=True)
    assert "Muốn sửa, hãy rút bài trước." in response.content.decode()


def test_withdrawn_aspirations_leave_the_synthesis(personas, tree):
    from submissions.models import AspirationTopic

    topic = AspirationTopic.objects.order_by("position").first()
    kept = pending(personas.member, tree.officer_unit, kind=Kind.ASPIRATION, title="Tăng lương", topic=topic)
    gone = pending(personas.member, tree.officer_unit, kind=Kind.ASPIRATION, title="Nhà ở", topic=topic)
    services.submission_withdraw(submission=gone, actor=personas.member)
    qs = selectors.aspirations_in_scope(personas.officer)
    assert list(qs) == [kept]
    assert [row["received"] for row in selectors.aspiration_topic_counts(qs)] == [1]
