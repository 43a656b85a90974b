"""Retention (privacy/retention.py, run nightly by beat): tracked-link click rows, notifications,
audit rows of page views and stale registrations older than RETENTION_DAYS are deleted."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from campaigns.models import LinkClick, TrackedLink
from notifications.models import Category, Notification
from privacy.tasks import apply_retention
from unions.models import Membership

from .factories import MembershipFactory, ShareKitFactory

pytestmark = pytest.mark.django_db


def _aged(model, pk, days, field="created_at"):
    model.objects.filter(pk=pk).update(**{field: timezone.now() - dt.timedelta(days=days)})


def test_old_rows_go_and_recent_ones_stay(personas, tree, settings):
    settings.RETENTION_DAYS = {"link_clicks": 180, "notifications": 365, "audit_views": 90, "invitations": 30}
    today = timezone.localdate()
    link = TrackedLink.objects.create(kit=ShareKitFactory(audience=tree.officer_unit), user=personas.member,
                                      unit=tree.officer_unit, code="giulai01", clicks=2)
    old_click = LinkClick.objects.create(link=link, day=today - dt.timedelta(days=200), visitor="a")
    new_click = LinkClick.objects.create(link=link, day=today - dt.timedelta(days=10), visitor="b")
    read_old = Notification.objects.create(recipient=personas.member, category=Category.SUBMISSION, title="Cũ, đã đọc",
                                           read_at=timezone.now())
    unread_old = Notification.objects.create(recipient=personas.member, category=Category.SUBMISSION, title="Cũ, chưa đọc")
    _aged(Notification, read_old.pk, 400)
    _aged(Notification, unread_old.pk, 400)  # unread: kept twice as long
    view = AuditEvent.objects.create(verb="incidents.hot_issue_view", object_type="incidents.hotissue", object_id="1")
    action = AuditEvent.objects.create(verb="incidents.hot_issue_report", object_type="incidents.hotissue", object_id="1")
    _aged(AuditEvent, view.pk, 100)
    _aged(AuditEvent, action.pk, 100)
    stale = MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    fresh = MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    _aged(Membership, stale.pk, 45)

    done = apply_retention()
    assert done == {"audit_views": 1, "invitations": 1, "link_clicks": 1, "notifications": 1}
    assert list(LinkClick.objects.values_list("pk", flat=True)) == [new_click.pk]
    link.refresh_from_db()
    assert link.clicks == 2  # the link's total stays
    assert not LinkClick.objects.filter(pk=old_click.pk).exists()
    assert list(Notification.objects.values_list("pk", flat=True)) == [unread_old.pk]
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [action.pk]  # actions are kept
    assert not Membership.objects.filter(pk=stale.pk).exists() and Membership.objects.filter(pk=fresh.pk).exists()
    assert Membership.objects.filter(user=personas.member, status=Membership.Status.ACTIVE).exists()
    assert apply_retention() == {"audit_views": 0, "invitations": 0, "link_clicks": 0, "notifications": 0}


def test_retention_is_in_beat_and_settings_come_from_the_environment(settings):
    assert settings.CELERY_BEAT_SCHEDULE["privacy-apply-retention"]["task"] == "privacy.tasks.apply_retention"
    assert set(settings.RETENTION_DAYS) == {"link_clicks", "notifications", "audit_views", "invitations"}
