"""The period's due date registered with the deadline engine: one deadline per unit still to file,
reminders before, escalation to the parent when overdue."""

import datetime as dt
import importlib

import pytest

from notifications import deadlines, reminders
from notifications.models import Delivery
from reports import services

from .helpers import open_period

DEFAULT_RULES = importlib.import_module("notifications.migrations.0003_default_reminder_rules")
SIGNED = {"signer_name": "Nguyễn Văn A", "signer_title": "Chủ tịch", "document_number": "01/BC"}


@pytest.fixture
def rules(db):
    from django.apps import apps

    DEFAULT_RULES.create_rules(apps, None)


def test_finder_yields_every_unit_still_to_file(personas, tree):
    period = open_period(due_on=dt.date(2026, 12, 15))
    kind = deadlines.get("report_due")
    window = (deadlines.start_of_day(dt.date(2026, 12, 14)), deadlines.start_of_day(dt.date(2026, 12, 16)))
    assert {d.unit_id for d in kind.find(*window)} == {tree.upper.pk, tree.officer_unit.pk, tree.sibling_unit.pk}
    services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer, values={}, notes={},
                         submit=True, **SIGNED)
    items = list(kind.find(*window))
    assert {d.unit_id for d in items} == {tree.upper.pk, tree.sibling_unit.pk}
    assert all(d.key.startswith(f"report_due:{period.pk}:") for d in items)
    period.is_open = False
    period.save()
    assert not list(kind.find(*window))


def test_reminder_before_and_escalation_when_overdue(rules, personas, tree, django_capture_on_commit_callbacks):
    open_period(due_on=dt.date(2026, 12, 15))
    week_before = deadlines.start_of_day(dt.date(2026, 12, 8)) + dt.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.scan(week_before)
    assert Delivery.objects.filter(recipient=personas.sibling, escalation=False).exists()
    day_after = deadlines.start_of_day(dt.date(2026, 12, 16)) + dt.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.scan(day_after)
    assert Delivery.objects.filter(recipient=personas.upper, escalation=True).exists()
