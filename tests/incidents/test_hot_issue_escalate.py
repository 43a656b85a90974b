"""Escalation of hot issues, by hand and by the acknowledgement deadline: the issue moves to the
parent level and the parent's officers are notified once."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import ServiceError
from incidents import selectors, services
from incidents.models import HotIssue, Status, UpdateKind
from incidents.tasks import escalate_unacknowledged
from notifications import deadlines, reminders
from notifications.models import Category, Delivery, Notification, ReminderRule

from ..factories import HotIssueFactory

pytestmark = pytest.mark.django_db


def _incident_notes(user):
    return Notification.objects.filter(recipient=user, category=Category.INCIDENT)


def test_escalate_by_hand_moves_to_parent_and_notifies_its_officers_once(officer, upper, sibling, tree):
    issue = HotIssueFactory(unit=tree.officer_unit, reported_by=officer, status=Status.ACKNOWLEDGED)
    issue = services.hot_issue_escalate(issue=issue, actor=officer, reason="Vượt quá khả năng của công đoàn cơ sở.")
    assert issue.assigned_unit == tree.upper
    assert issue.status == Status.REPORTED and issue.escalation_count == 1
    assert issue.ack_due_at > timezone.now()
    assert _incident_notes(upper).count() == 1
    assert not _incident_notes(sibling).exists() and not _incident_notes(officer).exists()
    assert issue.updates.filter(kind=UpdateKind.ESCALATION, to_unit=tree.upper).count() == 1
    assert AuditEvent.objects.filter(verb="incidents.hot_issue_escalate").count() == 1
    # The grassroots officer no longer acts for the level above; a second click changes nothing.
    with pytest.raises(ServiceError):
        services.hot_issue_escalate(issue=issue, actor=officer, reason="Lần nữa")
    assert _incident_notes(upper).count() == 1


def test_escalate_needs_a_reason_and_an_open_issue(officer, tree):
    issue = HotIssueFactory(unit=tree.officer_unit)
    with pytest.raises(ServiceError):
        services.hot_issue_escalate(issue=issue, actor=officer, reason=" ")
    closed = HotIssueFactory(unit=tree.officer_unit, status=Status.CLOSED)
    with pytest.raises(ServiceError):
        services.hot_issue_escalate(issue=closed, actor=officer, reason="Lý do")


def test_escalation_button_through_the_view(client_for, officer, upper, tree):
    issue = HotIssueFactory(unit=tree.officer_unit)
    response = client_for(officer).post(f"/incidents/{issue.pk}/escalate/", {"note": "Cần cấp trên hỗ trợ."})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.assigned_unit == tree.upper
    assert _incident_notes(upper).count() == 1


def test_overdue_issue_escalates_by_itself_once(officer, upper, tree):
    now = timezone.now()
    issue = HotIssueFactory(unit=tree.officer_unit, ack_due_at=now - dt.timedelta(minutes=5))
    not_due = HotIssueFactory(unit=tree.officer_unit, ack_due_at=now + dt.timedelta(hours=3))
    acknowledged = HotIssueFactory(unit=tree.officer_unit, status=Status.ACKNOWLEDGED,
                                   ack_due_at=now - dt.timedelta(hours=1))
    assert escalate_unacknowledged.delay().get() == 1
    assert services.hot_issues_escalate_due(now) == 0  # the second run finds nothing to do
    assert services.hot_issue_escalate_overdue(issue_id=issue.pk, now=now) is False
    issue.refresh_from_db()
    assert issue.assigned_unit == tree.upper and issue.status == Status.REPORTED
    assert issue.ack_due_at > now
    assert issue.updates.filter(kind=UpdateKind.AUTO_ESCALATION).count() == 1
    assert _incident_notes(upper).count() == 1
    assert HotIssue.objects.get(pk=not_due.pk).assigned_unit == tree.officer_unit
    assert HotIssue.objects.get(pk=acknowledged.pk).assigned_unit == tree.officer_unit


def test_acknowledging_in_time_stops_the_escalation(officer, upper, tree):
    issue = HotIssueFactory(unit=tree.officer_unit, ack_due_at=timezone.now() + dt.timedelta(hours=1))
    services.hot_issue_transition(issue=issue, actor=officer, action="acknowledge")
    assert services.hot_issues_escalate_due(timezone.now() + dt.timedelta(hours=2)) == 0
    assert not _incident_notes(upper).exists()


def test_the_root_does_not_escalate(hq, tree):
    issue = HotIssueFactory(unit=tree.root, ack_due_at=timezone.now() - dt.timedelta(hours=1))
    assert services.hot_issues_escalate_due() == 0
    assert issue.may("escalate") is False


def test_acknowledgement_deadline_is_registered_and_reminds_the_level_before(officer, upper, tree, settings):
    """The deadline kind reminds the assigned level's officers one hour before the issue goes up; the
    generic day-based rules do not apply to it; after escalation it is a new deadline of the parent."""
    kind = deadlines.get("hot_issue_ack")
    assert kind is not None and kind.generic_rules is False
    assert ReminderRule.objects.filter(kind="hot_issue_ack", is_active=True).exists()
    now = timezone.now()
    issue = HotIssueFactory(unit=tree.officer_unit, severity="critical",
                            ack_due_at=now + dt.timedelta(minutes=30))
    found = list(selectors.acknowledgement_deadlines(now, now + dt.timedelta(hours=1)))
    assert [d.unit_id for d in found] == [tree.officer_unit.pk]
    reminders.scan(now)
    reminders.scan(now)
    sent = Delivery.objects.filter(kind="hot_issue_ack")
    assert list(sent.values_list("recipient_id", flat=True)) == [officer.pk]
    services.hot_issue_escalate_overdue(issue_id=issue.pk, now=now + dt.timedelta(hours=1))
    issue.refresh_from_db()
    assert [d.unit_id for d in selectors.acknowledgement_deadlines(now, now + dt.timedelta(days=1))] == [tree.upper.pk]


def test_ack_hours_come_from_settings(settings, officer, tree):
    settings.INCIDENT_ACK_HOURS = {"critical": 2, "high": 6, "medium": 24, "low": 72}
    issue = services.hot_issue_report(
        actor=officer, unit=tree.officer_unit, title="Chủ doanh nghiệp bỏ trốn", kind="absconding_owner",
        employer="Công ty TNHH Giày da Minh Phát", province="Đồng Nai", workers_involved=800,
        started_at=timezone.now(), severity="critical", description="Chủ doanh nghiệp người nước ngoài bỏ trốn.",
    )
    hours = (issue.ack_due_at - issue.reported_at).total_seconds() / 3600
    assert round(hours) == 2
