"""The reminder engine in-process: rules, exactly-once deliveries, escalation, opt-out, rollback.

Tasks run eagerly here; ``django_capture_on_commit_callbacks(execute=True)`` plays the commit, so
emails are sent only when (and if) the scan's transaction commits. The real worker and broker are
in test_notif_worker.py.
"""

import datetime as dt
import importlib

import pytest
from django.core import mail
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import deadlines, digest, reminders
from notifications.models import (
    Category,
    Delivery,
    DeliveryStatus,
    DigestRun,
    EmailOptOut,
    EmailStatus,
    Notification,
    ReminderRule,
)
from notifications.services import notify
from unions.models import Level, Role

from .factories import RoleFactory, UnionFactory, UserFactory
from .notif_support import TEST_KIND, FailingEmailBackend, FlakyEmailBackend, register_list_kind

DEFAULT_RULES = importlib.import_module("notifications.migrations.0003_default_reminder_rules")


@pytest.fixture
def rules(db):
    """The default rules of the data migration (re-created: a transactional test may have flushed them)."""
    from django.apps import apps

    DEFAULT_RULES.create_rules(apps, None)
    return {rule.offset_days: rule for rule in ReminderRule.objects.all()}


@pytest.fixture
def due_items():
    items = []
    register_list_kind(items)
    yield items
    deadlines.unregister(TEST_KIND)


def item(unit, due_at, key="1", title="Báo cáo quý IV"):
    return deadlines.Due(key=key, unit_id=unit.pk, due_at=due_at, title=title, url="/reports/")


def scan(capture, now=None):
    with capture(execute=True):
        return reminders.scan(now)


def test_due_tomorrow_officer_gets_one_notification_and_one_email_however_often_the_scan_runs(
    rules, due_items, tree, officer, upper, sibling, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23)))

    for minutes in (0, 0, 5, 10, 60):
        scan(django_capture_on_commit_callbacks, now + dt.timedelta(minutes=minutes))

    notes = Notification.objects.filter(recipient=officer)
    assert [n.title for n in notes] == ["Ngày mai đến hạn: Báo cáo quý IV"]
    assert notes[0].title_en == "Due tomorrow: Báo cáo quý IV"
    assert notes[0].url == "/reports/"
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Ngày mai đến hạn: Báo cáo quý IV" in mail.outbox[0].subject
    assert "/notifications/preferences/" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/reports/" in mail.outbox[0].body or "/reports/" in mail.outbox[0].body
    delivery = Delivery.objects.get()
    assert (delivery.rule, delivery.recipient, delivery.status, delivery.email_status, delivery.email_attempts) == (
        rules[-1], officer, DeliveryStatus.SENT, EmailStatus.SENT, 1
    )
    # Nobody else: the upper unit hears nothing before the deadline, the sibling never.
    assert not Notification.objects.exclude(recipient=officer).exists()


def test_next_rule_fires_on_the_day_once(rules, due_items, tree, officer, django_capture_on_commit_callbacks):
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23)))
    scan(django_capture_on_commit_callbacks, now)
    scan(django_capture_on_commit_callbacks, now + dt.timedelta(hours=23, minutes=5))
    scan(django_capture_on_commit_callbacks, now + dt.timedelta(hours=23, minutes=10))
    assert sorted(Notification.objects.filter(recipient=officer).values_list("title", flat=True)) == [
        "Hôm nay đến hạn: Báo cáo quý IV", "Ngày mai đến hạn: Báo cáo quý IV"
    ]
    assert len(mail.outbox) == 2


def test_overdue_escalates_to_the_parent_units_officers_once(
    rules, due_items, tree, hq, officer, upper, sibling, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now - dt.timedelta(days=1, hours=1)))

    for _ in range(3):
        scan(django_capture_on_commit_callbacks, now)

    escalations = Notification.objects.filter(recipient=upper)
    assert [n.title for n in escalations] == ["Quá hạn 1 ngày: Báo cáo quý IV"]
    assert "Công đoàn Tổng Công ty May 10" in escalations[0].body
    assert Delivery.objects.get(recipient=upper).escalation is True
    assert sum(1 for m in mail.outbox if m.to == [upper.email]) == 1
    # The officer is told too — that it is overdue; the "due today" still within the look-back
    # is stale by now and not sent.
    assert set(Notification.objects.filter(recipient=officer).values_list("title", flat=True)) == {
        "Quá hạn 1 ngày: Báo cáo quý IV"
    }
    # HQ gets the weekly digest, not every escalation; the sibling unit nothing.
    assert not Notification.objects.filter(recipient__in=[hq, sibling]).exists()


def test_item_done_before_the_overdue_rule_gets_no_escalation(
    rules, due_items, tree, officer, upper, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now - dt.timedelta(hours=1)))
    scan(django_capture_on_commit_callbacks, now)
    due_items.clear()  # the report was filed: the finder no longer yields it
    scan(django_capture_on_commit_callbacks, now + dt.timedelta(days=1))
    assert not Notification.objects.filter(recipient=upper).exists()
    # What fired before it was done (within the look-back) and is still true was sent — "due
    # today", not "due tomorrow" after the deadline; nothing after it was done.
    assert set(Notification.objects.filter(recipient=officer).values_list("title", flat=True)) == {
        "Hôm nay đến hạn: Báo cáo quý IV"
    }


def test_user_who_opted_out_of_email_gets_in_app_only(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=officer, category=Category.REMINDER)
    colleague = UserFactory(username="colleague")
    RoleFactory(user=colleague, union=tree.officer_unit, kind=Role.Kind.OFFICER)
    due_items.append(item(tree.officer_unit, timezone.now() + dt.timedelta(hours=23)))

    scan(django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=officer).count() == 1
    assert Notification.objects.filter(recipient=colleague).count() == 1
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    delivery = Delivery.objects.get(recipient=officer)
    assert (delivery.email_status, delivery.status) == (EmailStatus.OPTED_OUT, DeliveryStatus.SENT)


def test_opt_out_after_the_reminder_was_queued_is_still_honoured(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks
):
    due_items.append(item(tree.officer_unit, timezone.now() + dt.timedelta(hours=23)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminders.scan()
    EmailOptOut.objects.create(user=officer, category=Category.REMINDER)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Delivery.objects.get().email_status == EmailStatus.OPTED_OUT


def test_a_transaction_that_rolls_back_enqueues_nothing(
    rules, due_items, tree, officer, member, django_capture_on_commit_callbacks
):
    due_items.append(item(tree.officer_unit, timezone.now() + dt.timedelta(hours=23)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            reminders.claim(reminders.due_reminders(timezone.now()), timezone.now())
            notify(recipients=[member], category=Category.SUBMISSION, title="Bài của bạn đã được duyệt")
            assert Delivery.objects.count() == 1  # it was there, inside the transaction
            raise RuntimeError("the caller's action failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Delivery.objects.exists()
    assert not Notification.objects.exists()
    # The same, committed, does enqueue: the test above can fail.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(recipients=[member], category=Category.SUBMISSION, title="Bài của bạn đã được duyệt")
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_email_failures_are_retried_with_backoff_then_recorded(
    rules, due_items, tree, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notif_support.FailingEmailBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    FailingEmailBackend.attempts = 0
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23)))

    scan(django_capture_on_commit_callbacks, now)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.email_status, delivery.email_attempts) == (
        DeliveryStatus.PENDING, EmailStatus.PENDING, 1
    )
    assert delivery.email_next_attempt_at >= now + dt.timedelta(seconds=59)  # backoff, not at once
    scan(django_capture_on_commit_callbacks, now + dt.timedelta(seconds=30))  # too early: nothing
    assert FailingEmailBackend.attempts == 1
    for minutes in (2, 6, 15, 40):
        scan(django_capture_on_commit_callbacks, now + dt.timedelta(minutes=minutes))

    delivery = Delivery.objects.get()
    assert FailingEmailBackend.attempts == 3  # bounded
    assert (delivery.status, delivery.email_status, delivery.email_attempts) == (
        DeliveryStatus.FAILED, EmailStatus.FAILED, 3
    )
    assert "SMTP server unreachable" in delivery.email_error
    assert Notification.objects.filter(recipient=officer).count() == 1  # the in-app one still arrived
    # A later scan does not try a failed email again.
    scan(django_capture_on_commit_callbacks, timezone.now() + dt.timedelta(hours=2))
    assert FailingEmailBackend.attempts == 3


def test_a_failure_then_success_sends_one_email(
    rules, due_items, tree, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notif_support.FlakyEmailBackend"
    FlakyEmailBackend.failures = 2
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23)))
    for minutes in (0, 2, 6, 15, 40):
        scan(django_capture_on_commit_callbacks, now + dt.timedelta(minutes=minutes))
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.email_attempts, delivery.email_error) == (DeliveryStatus.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_backoff_is_short_and_bounded():
    from notifications.outbox import backoff_seconds

    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 5, 10)] == [60, 120, 240, 480, 900, 900]


def test_a_stale_sending_row_is_taken_over_after_its_lease_and_sent_once(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks
):
    """A worker died while sending: the row stays 'sending'; after the lease the scan hands it on."""
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23)))
    with django_capture_on_commit_callbacks(execute=False):
        reminders.scan(now)  # the on-commit enqueue is lost
    Delivery.objects.update(email_status=EmailStatus.SENDING, email_attempts=1,
                            email_lease_until=timezone.now() + dt.timedelta(minutes=5))
    scan(django_capture_on_commit_callbacks)  # the lease is still held: hands off
    assert mail.outbox == []
    Delivery.objects.update(email_lease_until=timezone.now() - dt.timedelta(seconds=1))  # time passes
    scan(django_capture_on_commit_callbacks)
    scan(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.email_attempts) == (DeliveryStatus.SENT, 2)


def test_lost_enqueue_is_recovered_by_the_next_scan(
    rules, due_items, tree, officer, settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23)))
    with django_capture_on_commit_callbacks(execute=False):
        reminders.scan(now)
    scan(django_capture_on_commit_callbacks, now + dt.timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS + 1))
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_stale_reminders_beyond_the_lookback_are_not_sent(
    rules, due_items, tree, officer, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_LOOKBACK_HOURS = 12
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now - dt.timedelta(hours=20)))  # "on the day" fired 20 h ago
    scan(django_capture_on_commit_callbacks, now)
    assert not Delivery.objects.exists()


def test_inactive_rules_and_rules_of_other_kinds_do_not_fire(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks
):
    rules[-1].is_active = False
    rules[-1].save()
    ReminderRule.objects.create(name="Chỉ cho chiến dịch", kind="campaign_ending", offset_days=-1,
                                subject="Chiến dịch sắp kết thúc: {title}", message="{unit}")
    due_items.append(item(tree.officer_unit, timezone.now() + dt.timedelta(hours=23)))
    scan(django_capture_on_commit_callbacks)
    assert not Delivery.objects.exists()


def test_explicit_recipients_replace_the_units_officers(
    rules, due_items, tree, officer, member, django_capture_on_commit_callbacks
):
    due_items.append(deadlines.Due(key="9", unit_id=tree.officer_unit.pk, title="Bài chờ duyệt",
                                   due_at=timezone.now() + dt.timedelta(hours=23), recipient_ids=(member.pk,)))
    scan(django_capture_on_commit_callbacks)
    assert list(Delivery.objects.values_list("recipient__username", flat=True)) == ["member"]


def test_scan_query_count_does_not_grow_with_items(rules, due_items, tree, django_capture_on_commit_callbacks):
    from django.db import connection

    def units_with_officers(n):
        out = []
        for _ in range(n):
            unit = UnionFactory(parent=tree.upper)
            RoleFactory(union=unit, kind=Role.Kind.OFFICER)
            out.append(unit)
        return out

    def count_queries(units, key_prefix):
        now = timezone.now()
        due_items[:] = [item(u, now + dt.timedelta(hours=23), key=f"{key_prefix}{u.pk}") for u in units]
        with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False):
            result = reminders.scan(now)
        assert result["claimed"] == len(units)
        return len(ctx.captured_queries)

    few = count_queries(units_with_officers(2), "a")
    many = count_queries(units_with_officers(12), "b")
    assert many == few
    assert few <= 22  # one finder query per registered deadline kind (contest_closing and privacy_erasure the latest)


def test_campaign_ending_kind_reminds_before_but_never_escalates(
    rules, tree, hq, officer, upper, django_capture_on_commit_callbacks
):
    from campaigns.models import Campaign

    kind = deadlines.get("campaign_ending")
    assert kind is not None and kind.overdue is False
    today = timezone.localdate()
    Campaign.objects.create(unit=tree.officer_unit, title="Chào mừng Đại hội XIII", slug="dai-hoi-xiii",
                            starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=1))
    Campaign.objects.create(unit=tree.officer_unit, title="Tháng Công nhân", slug="thang-cong-nhan",
                            starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=2))
    # Created a month ago (a campaign created today gets no reminder for the day before its end:
    # that time lies before it existed).
    Campaign.objects.update(created_at=timezone.now() - dt.timedelta(days=30))
    scan(django_capture_on_commit_callbacks)
    assert list(Notification.objects.filter(recipient=officer).values_list("title", flat=True)) == [
        "Ngày mai đến hạn: Chào mừng Đại hội XIII"
    ]
    assert Notification.objects.get(recipient=officer).url == "/campaigns/dai-hoi-xiii/"
    assert not Notification.objects.filter(recipient=upper).exists()


def test_share_kit_kind_is_registered():
    assert deadlines.get("share_kit_ending") is not None


def test_rule_validation_rejects_escalation_before_the_deadline_and_unknown_placeholders(rules):
    from django.core.exceptions import ValidationError

    rule = ReminderRule(name="Sai", offset_days=-1, escalate=True, subject="{title.__class__} {oops}",
                        message="{unit}")
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert {"escalate", "subject"} <= set(exc.value.message_dict)


def test_templates_only_substitute_known_names():
    from notifications.templating import render

    assert render("{title} {title.__class__} {x}", {"title": "A"}) == "A {title.__class__} {x}"


def test_deliveries_are_unique_in_the_database(rules, tree, officer):
    from django.db import IntegrityError

    fields = {"rule": rules[-1], "deadline_key": "test_due:1", "kind": TEST_KIND, "category": "reminder",
              "due_at": timezone.now(), "recipient": officer, "subject": "x", "claim": "a"}
    Delivery.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(**{**fields, "claim": "b"})


# --- Weekly digest ----------------------------------------------------------------------------


def test_weekly_digest_tells_hq_which_units_are_overdue_by_level_once_a_week(
    rules, due_items, tree, hq, upper, officer, django_capture_on_commit_callbacks
):
    now = timezone.now()
    late_upper_child = UnionFactory(parent=tree.upper, name="Công đoàn Công ty Dệt Nam Định", level=Level.GRASSROOTS)
    due_items[:] = [
        item(tree.officer_unit, now - dt.timedelta(days=3), key="a"),
        item(late_upper_child, now - dt.timedelta(days=40), key="b"),
        item(tree.upper, now - dt.timedelta(days=1), key="c"),
        item(tree.sibling_unit, now + dt.timedelta(days=2), key="d"),  # not yet due
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run = digest.send(now)
    assert run.overdue_units == 3
    note = Notification.objects.get(recipient=hq, category=Category.DIGEST)
    assert "3 đơn vị quá hạn" in note.title
    assert "- Công đoàn cơ sở: 2 đơn vị — Công đoàn Công ty Dệt Nam Định, Công đoàn Tổng Công ty May 10" in note.body
    assert "- Cấp trên trực tiếp cơ sở: 1 đơn vị — Công đoàn Tập đoàn Dệt May Việt Nam" in note.body
    assert "Việt Tiến" not in note.body
    assert [m.to for m in mail.outbox] == [[hq.email]]
    assert not Notification.objects.filter(recipient__in=[upper, officer]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send(now + dt.timedelta(hours=1)) is None  # a second beat, same week
    assert Notification.objects.filter(category=Category.DIGEST).count() == 1
    assert DigestRun.objects.count() == 1


def test_digest_task_is_scheduled_weekly_and_scan_every_few_minutes(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["notifications-scan-reminders"]["schedule"] == dt.timedelta(minutes=settings.REMINDER_SCAN_MINUTES)
    assert schedule["notifications-weekly-digest"]["task"] == "notifications.tasks.send_weekly_digest"


# --- The submissions app's deadline: review pending for more than SUBMISSION_REVIEW_DAYS -------


def _waiting_submission(tree, member, since):
    from submissions.models import Kind, Status, Submission

    return Submission.objects.create(
        kind=Kind.GOOD_DEED, title="Chị Lan cứu người bị nạn", author=member, unit=tree.officer_unit,
        current_unit=tree.officer_unit, status=Status.PENDING, submitted_at=since, waiting_since=since,
    )


def test_submission_waiting_for_review_reminds_the_officer_then_escalates_to_upper_once(
    rules, tree, hq, officer, upper, sibling, member, settings, django_capture_on_commit_callbacks
):
    assert deadlines.get("submission_review") is not None
    wait = dt.timedelta(days=settings.SUBMISSION_REVIEW_DAYS)
    now = timezone.now()
    submission = _waiting_submission(tree, member, now - wait + dt.timedelta(hours=23))  # limit tomorrow

    scan(django_capture_on_commit_callbacks, now)
    scan(django_capture_on_commit_callbacks, now)
    assert list(Notification.objects.values_list("recipient__username", "title")) == [
        ("officer", "Ngày mai đến hạn: Duyệt bài “Chị Lan cứu người bị nạn”")
    ]
    from django.urls import reverse

    assert Notification.objects.get().url == reverse("submission_detail", args=[submission.pk])

    # Two days later it still waits: one day past the limit, the upper unit's officers are told once.
    for minutes in (0, 5, 10):
        scan(django_capture_on_commit_callbacks, now + dt.timedelta(days=2, minutes=minutes))
    escalated = Notification.objects.filter(recipient=upper)
    assert [n.title for n in escalated] == ["Quá hạn 1 ngày: Duyệt bài “Chị Lan cứu người bị nạn”"]
    assert sum(1 for m in mail.outbox if m.to == [upper.email]) == 1
    assert not Notification.objects.filter(recipient__in=[hq, sibling, member]).exists()


@pytest.mark.parametrize(("env", "message"), [
    ({"REMINDER_SCAN_MINUTES": "0"}, "REMINDER_SCAN_MINUTES: must be at least 1"),
    ({"EMAIL_MAX_ATTEMPTS": "many"}, "EMAIL_MAX_ATTEMPTS: expected a whole number"),
    ({"EMAIL_SEND_LEASE_SECONDS": "20", "EMAIL_TIMEOUT_SECONDS": "30"}, "EMAIL_SEND_LEASE_SECONDS: must be longer"),
])
def test_bad_reminder_settings_stop_start_up(env, message):
    import os
    import subprocess
    import sys
    from pathlib import Path

    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    result = subprocess.run(
        [sys.executable, "-c", "import campaign_portal.settings"], cwd=Path(__file__).resolve().parent.parent,
        env={**keep, "DEBUG": "true", **env}, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_a_title_with_a_line_break_is_still_emailed_on_one_subject_line(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks
):
    """Titles come from users (a member's submission title may hold a line break, sent by hand in
    the POST): an email subject cannot, and the reminder must not die on it."""
    now = timezone.now()
    due_items.append(item(tree.officer_unit, now + dt.timedelta(hours=23), title="Báo cáo\r\nquý IV"))
    scan(django_capture_on_commit_callbacks, now)
    (message,) = mail.outbox
    assert message.subject == "[Lan Tỏa] Ngày mai đến hạn: Báo cáo quý IV"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.email_status) == (DeliveryStatus.SENT, EmailStatus.SENT)
