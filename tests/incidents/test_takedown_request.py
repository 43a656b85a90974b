"""Takedown requests: 24-hour deadline (Decree 147/2024), a follow-up reminder when passed without an
outcome, none once the outcome is recorded."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import selectors, services
from incidents.models import MisinfoStatus, TakedownOutcome
from notifications import deadlines, reminders
from notifications.models import Delivery

from ..factories import MisinformationFactory

pytestmark = pytest.mark.django_db


def test_request_is_due_24_hours_later_and_marks_the_item(officer, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    sent = timezone.now() - dt.timedelta(hours=2)
    takedown = services.takedown_request(item=item, actor=officer, platform="facebook", sent_at=sent,
                                         reference="FB-2026-118")
    assert takedown.due_at == sent + dt.timedelta(hours=24)
    item.refresh_from_db()
    assert item.status == MisinfoStatus.TAKEDOWN


def test_follow_up_reminder_once_after_24_hours_without_outcome(officer, upper, tree):
    assert deadlines.get("takedown_followup").generic_rules is False
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    now = timezone.now()
    late = services.takedown_request(item=item, actor=officer, platform="tiktok", sent_at=now - dt.timedelta(hours=26))
    services.takedown_request(item=item, actor=officer, platform="youtube", sent_at=now - dt.timedelta(hours=2))
    reminders.scan(now)
    reminders.scan(now)
    sent = Delivery.objects.filter(kind="takedown_followup")
    assert list(sent.values_list("recipient_id", flat=True)) == [officer.pk]
    assert sent.get().deadline_key == f"takedown_followup:{late.pk}"
    services.takedown_record_outcome(takedown=late, actor=officer, outcome=TakedownOutcome.REMOVED)
    assert not list(selectors.takedown_deadlines(now - dt.timedelta(days=3), now))


def test_outcome_through_the_view(client_for, officer, sibling, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    response = client_for(officer).post(reverse("takedown_create", args=[item.pk]),
                                        {"platform": "facebook", "reference": "YC-01"})
    assert response.status_code == 302
    takedown = item.takedowns.get()
    assert client_for(sibling).post(reverse("takedown_outcome", args=[takedown.pk]),
                                    {"outcome": "removed"}).status_code == 404
    client_for(officer).post(reverse("takedown_outcome", args=[takedown.pk]), {"outcome": "removed"})
    takedown.refresh_from_db()
    assert takedown.outcome == TakedownOutcome.REMOVED and takedown.outcome_at
