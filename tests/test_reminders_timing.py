"""When the reminder engine stays quiet (``notifications.deadlines``, "When a reminder is not sent"):
not right after an item arrives, not "N days left" after the deadline, not a stale reminder beside
a nearer one when a scan catches up."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications import deadlines
from notifications.models import Notification

from .notif_support import TEST_KIND, register_list_kind
from .test_reminders import _waiting_submission, rules, scan  # noqa: F401 - the rules fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_items():
    items = []
    register_list_kind(items)
    yield items
    deadlines.unregister(TEST_KIND)


def titles(user):
    return list(Notification.objects.filter(recipient=user).order_by("created_at", "id").values_list("title", flat=True))


def test_a_new_submission_gets_no_seven_days_left_reminder_minutes_after_it_arrives(
    rules, tree, officer, member, settings, django_capture_on_commit_callbacks  # noqa: F811
):
    """The review deadline is 7 days after arrival, so "7 days left" fell on the arrival itself and
    went out with the next scan, five minutes later. Now the first reminder is "due tomorrow"."""
    assert settings.SUBMISSION_REVIEW_DAYS == 7
    arrived = timezone.now()
    _waiting_submission(tree, member, arrived)
    for minutes in (5, 10, 60, 60 * 24, 60 * 24 * 3):
        scan(django_capture_on_commit_callbacks, arrived + dt.timedelta(minutes=minutes))
    assert titles(officer) == []
    scan(django_capture_on_commit_callbacks, arrived + dt.timedelta(days=6, minutes=5))
    assert titles(officer) == ["Ngày mai đến hạn: Duyệt bài “Chị Lan cứu người bị nạn”"]
    scan(django_capture_on_commit_callbacks, arrived + dt.timedelta(days=7, minutes=5))
    assert titles(officer)[-1] == "Hôm nay đến hạn: Duyệt bài “Chị Lan cứu người bị nạn”"


def test_a_submission_that_has_waited_long_enough_still_gets_the_seven_days_reminder(
    rules, tree, officer, member, settings, django_capture_on_commit_callbacks  # noqa: F811
):
    """With a longer review deadline, "7 days left" comes days after arrival: it is a reminder."""
    settings.SUBMISSION_REVIEW_DAYS = 10
    arrived = timezone.now()
    _waiting_submission(tree, member, arrived)
    scan(django_capture_on_commit_callbacks, arrived + dt.timedelta(days=3, minutes=5))
    assert titles(officer) == ["Còn 7 ngày đến hạn: Duyệt bài “Chị Lan cứu người bị nạn”"]


def test_an_item_with_a_short_deadline_still_gets_the_reminder_nearest_to_it(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    opened = timezone.now()
    due = opened + dt.timedelta(hours=30)
    due_items.append(deadlines.Due(key="r1", unit_id=tree.officer_unit.pk, due_at=due, title="Báo cáo nhanh",
                                   opened_at=opened))
    # "Due tomorrow" would come 6 hours after it arrived: too soon for a 30-hour task's reminder.
    scan(django_capture_on_commit_callbacks, due - dt.timedelta(days=1, minutes=-5))
    assert titles(officer) == []
    scan(django_capture_on_commit_callbacks, due + dt.timedelta(minutes=5))
    assert titles(officer) == ["Hôm nay đến hạn: Báo cáo nhanh"]


def test_a_reminder_time_before_the_item_existed_is_skipped(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    opened = timezone.now()
    due_items.append(deadlines.Due(key="r2", unit_id=tree.officer_unit.pk, due_at=opened + dt.timedelta(hours=12),
                                   title="Nộp danh sách", opened_at=opened))
    scan(django_capture_on_commit_callbacks, opened + dt.timedelta(minutes=5))  # "due tomorrow" was 12 h ago
    assert titles(officer) == []


def test_items_without_an_arrival_time_keep_the_old_behaviour(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    now = timezone.now()
    due_items.append(deadlines.Due(key="r3", unit_id=tree.officer_unit.pk, due_at=now + dt.timedelta(hours=23),
                                   title="Báo cáo quý IV"))
    scan(django_capture_on_commit_callbacks, now)
    assert titles(officer) == ["Ngày mai đến hạn: Báo cáo quý IV"]


def test_a_scan_catching_up_sends_only_the_reminder_that_is_still_true(
    rules, due_items, tree, officer, settings, django_capture_on_commit_callbacks  # noqa: F811
):
    """Beat was down for a week: "7 days left" and "due tomorrow" are both within the look-back;
    only "due tomorrow" is true."""
    settings.REMINDER_LOOKBACK_HOURS = 24 * 8
    now = timezone.now()
    due_items.append(deadlines.Due(key="r4", unit_id=tree.officer_unit.pk, due_at=now + dt.timedelta(hours=12),
                                   title="Báo cáo năm", opened_at=now - dt.timedelta(days=30)))
    scan(django_capture_on_commit_callbacks, now)
    assert titles(officer) == ["Ngày mai đến hạn: Báo cáo năm"]
    scan(django_capture_on_commit_callbacks, now + dt.timedelta(minutes=5))  # and the 7-day one never follows
    assert titles(officer) == ["Ngày mai đến hạn: Báo cáo năm"]


def test_no_days_left_reminder_after_the_deadline(
    rules, due_items, tree, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    now = timezone.now()
    due_items.append(deadlines.Due(key="r5", unit_id=tree.officer_unit.pk, due_at=now - dt.timedelta(hours=2),
                                   title="Báo cáo tháng", opened_at=now - dt.timedelta(days=30)))
    scan(django_capture_on_commit_callbacks, now)  # "due tomorrow" fired 26 h ago, within the look-back
    assert titles(officer) == ["Hôm nay đến hạn: Báo cáo tháng"]


def test_a_campaign_created_six_days_before_its_end_gets_no_seven_days_reminder(
    rules, tree, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    from campaigns.models import Campaign

    today = timezone.localdate()
    Campaign.objects.create(unit=tree.officer_unit, title="Tuần lễ áo dài", slug="tuan-le-ao-dai",
                            starts_on=today, ends_on=today + dt.timedelta(days=6))
    scan(django_capture_on_commit_callbacks)
    assert titles(officer) == []
