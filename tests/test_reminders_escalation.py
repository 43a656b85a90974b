"""Overdue escalation reaches the officers of the nearest ancestor that has any — the covering
role may sit several levels up — in a constant number of queries for a whole batch."""

import datetime as dt
import importlib

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import deadlines, reminders
from notifications.models import Delivery, Notification, ReminderRule
from unions.models import Level, Role

from .factories import RoleFactory, UnionFactory, UserFactory
from .notif_support import TEST_KIND, register_list_kind

DEFAULT_RULES = importlib.import_module("notifications.migrations.0003_default_reminder_rules")
OVERDUE_1 = "Quá hạn 1 ngày: Báo cáo quý IV"


@pytest.fixture
def rules(db):
    from django.apps import apps

    DEFAULT_RULES.create_rules(apps, None)
    return list(ReminderRule.objects.all())


@pytest.fixture
def due_items():
    items = []
    register_list_kind(items)
    yield items
    deadlines.unregister(TEST_KIND)


def overdue(unit, now, key="1"):
    return deadlines.Due(key=key, unit_id=unit.pk, due_at=now - dt.timedelta(days=1, hours=1),
                         title="Báo cáo quý IV", url="/reports/")


def scan(capture, now):
    with capture(execute=True):
        return reminders.scan(now)


def escalated_to(user):
    return list(Delivery.objects.filter(recipient=user, escalation=True).values_list("subject", flat=True))


@pytest.mark.django_db
def test_parent_without_officers_escalates_to_the_grandparent(
    rules, due_items, tree, hq, upper, officer, sibling, django_capture_on_commit_callbacks
):
    """upper (officer: upper) > branch (nobody) > factory (its own officer): upper is told."""
    branch = UnionFactory(parent=tree.upper, name="Công đoàn Công ty Dệt Nam Định", level=Level.GRASSROOTS)
    factory = UnionFactory(parent=branch, name="Tổ công đoàn Phân xưởng Sợi", level=Level.BELOW_GRASSROOTS)
    own = RoleFactory(union=factory, kind=Role.Kind.OFFICER).user
    now = timezone.now()
    due_items.append(overdue(factory, now))

    for _ in range(2):
        scan(django_capture_on_commit_callbacks, now)

    assert escalated_to(upper) == [OVERDUE_1]
    assert Notification.objects.filter(recipient=upper, title=OVERDUE_1).count() == 1
    assert "Tổ công đoàn Phân xưởng Sợi" in Notification.objects.get(recipient=upper).body
    assert sum(1 for m in mail.outbox if m.to == [upper.email]) == 1
    assert not escalated_to(own)  # the unit's own officer is reminded, not escalated to
    assert Delivery.objects.filter(recipient=own, escalation=False).exists()
    # Only the nearest level: HQ above upper hears nothing, nor does the sibling unit.
    assert not Delivery.objects.filter(recipient__in=[hq, sibling, officer]).exists()


@pytest.mark.django_db
def test_the_parent_s_officers_alone_when_the_parent_has_some(
    rules, due_items, tree, hq, upper, django_capture_on_commit_callbacks
):
    factory = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    parent_officer = RoleFactory(union=tree.officer_unit, kind=Role.Kind.ADMIN).user
    now = timezone.now()
    due_items.append(overdue(factory, now))
    scan(django_capture_on_commit_callbacks, now)
    assert escalated_to(parent_officer) == [OVERDUE_1]
    assert not Delivery.objects.filter(recipient__in=[upper, hq]).exists()


@pytest.mark.django_db
def test_nobody_below_the_root_reaches_the_root_s_admins_and_editors_do_not_count(
    rules, due_items, tree, hq, django_capture_on_commit_callbacks
):
    """No officer on upper or the parent (an editor is no officer): the escalation climbs to HQ."""
    RoleFactory(union=tree.upper, kind=Role.Kind.EDITOR)
    now = timezone.now()
    due_items.append(overdue(tree.officer_unit, now))
    scan(django_capture_on_commit_callbacks, now)
    assert escalated_to(hq) == [OVERDUE_1]
    assert Delivery.objects.filter(escalation=True).count() == 1


@pytest.mark.django_db
def test_a_dissolved_parent_s_officers_are_skipped(rules, due_items, tree, upper, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    old = UnionFactory(parent=tree.upper, level=Level.GRASSROOTS, valid_from=today - dt.timedelta(days=400),
                       valid_to=today - dt.timedelta(days=30))
    gone = RoleFactory(union=old, kind=Role.Kind.OFFICER).user
    unit = UnionFactory(parent=old, level=Level.BELOW_GRASSROOTS)
    now = timezone.now()
    due_items.append(overdue(unit, now))
    scan(django_capture_on_commit_callbacks, now)
    assert not escalated_to(gone)
    assert escalated_to(upper) == [OVERDUE_1]


@pytest.mark.django_db
def test_a_root_unit_has_nobody_to_escalate_to(rules, due_items, tree, hq, django_capture_on_commit_callbacks):
    now = timezone.now()
    due_items.append(overdue(tree.root, now))
    scan(django_capture_on_commit_callbacks, now)
    assert not Delivery.objects.filter(escalation=True).exists()
    assert Delivery.objects.filter(recipient=hq, escalation=False).exists()  # reminded as the unit's own admin


@pytest.mark.django_db
def test_escalation_query_count_does_not_grow_with_units_or_depth(
    rules, due_items, tree, upper, django_capture_on_commit_callbacks
):
    """Units at depths 2 to 5 whose parents have no officers: the same queries for 2 units or 12."""

    def units(n):
        out = []
        for i in range(n):
            parent = tree.upper
            for _ in range(i % 3):  # chains of officer-less units between the unit and upper
                parent = UnionFactory(parent=parent, level=Level.GRASSROOTS)
            unit = UnionFactory(parent=parent, level=Level.BELOW_GRASSROOTS)
            RoleFactory(union=unit, kind=Role.Kind.OFFICER, user=UserFactory())
            out.append(unit)
        return out

    def count(batch, prefix):
        now = timezone.now()
        due_items[:] = [overdue(u, now, key=f"{prefix}{u.pk}") for u in batch]
        with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False):
            reminders.scan(now)
        return len(ctx.captured_queries)

    few = count(units(2), "a")
    assert Delivery.objects.filter(recipient=upper, escalation=True).count() == 2
    many = count(units(12), "b")
    assert Delivery.objects.filter(recipient=upper, escalation=True).count() == 14
    assert many == few
    assert few <= 23  # one query per registered deadline kind among them
