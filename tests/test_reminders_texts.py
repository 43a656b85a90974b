"""What reminders say: no "overdue" in a reminder before the deadline, English without Vietnamese
words from the code, dates written date first ("05/12/2026 17:00")."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.models import User
from notifications import deadlines, outbox, reminders
from notifications.models import Notification

from .test_reminders import _waiting_submission, rules, scan  # noqa: F401 - the rules fixture

pytestmark = pytest.mark.django_db


def _english(msgid):
    with translation.override("en"):
        return translation.gettext(msgid)


@pytest.fixture
def due_tomorrow(tree, member, settings):
    """A submission that arrived 6 days ago (review deadline 7 days): "due tomorrow" fires now."""
    now = timezone.now()
    arrived = now - dt.timedelta(days=settings.SUBMISSION_REVIEW_DAYS) + dt.timedelta(hours=23)
    submission = _waiting_submission(tree, member, arrived)
    return submission, now, arrived + dt.timedelta(days=settings.SUBMISSION_REVIEW_DAYS)


def test_the_review_deadline_is_named_as_a_task_not_as_overdue():
    assert str(deadlines.get("submission_review").label) == "Duyệt bài gửi"


def test_a_reminder_before_the_deadline_does_not_say_overdue(
    rules, due_tomorrow, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    _submission, now, due = due_tomorrow
    scan(django_capture_on_commit_callbacks, now)
    note = Notification.objects.get(recipient=officer)
    assert note.title == "Ngày mai đến hạn: Duyệt bài “Chị Lan cứu người bị nạn”"
    assert "quá hạn" not in note.body
    local = timezone.localtime(due)
    assert note.body == (f"Duyệt bài gửi — Công đoàn Tổng Công ty May 10: Duyệt bài “Chị Lan cứu người bị nạn”. "
                         f"Hạn: {local:%d/%m/%Y %H:%M}.")


def test_dates_are_written_date_first_in_both_languages():
    moment = timezone.make_aware(dt.datetime(2026, 12, 5, 17, 0))
    midnight = timezone.make_aware(dt.datetime(2026, 12, 5))
    for language in ("vi", "en"):
        with translation.override(language):
            assert reminders.due_text(moment) == "05/12/2026 17:00"
            assert reminders.due_text(midnight) == "05/12/2026"


def test_the_vietnamese_email_is_all_vietnamese(rules, due_tomorrow, officer, django_capture_on_commit_callbacks):  # noqa: F811
    _submission, now, _due = due_tomorrow
    scan(django_capture_on_commit_callbacks, now)
    (email,) = mail.outbox
    assert "Đổi cài đặt nhận email: " + outbox.preferences_url() in email.body
    assert "Email settings" not in email.body


def test_the_english_text_is_built_from_the_catalogue_for_title_label_and_footer(
    rules, due_tomorrow, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    """Runs with any catalogue: every piece of the English reminder is the catalogue's English
    (the submission title is the member's own text and stays as written)."""
    User.objects.filter(pk=officer.pk).update(language="en")
    _submission, now, due = due_tomorrow
    scan(django_capture_on_commit_callbacks, now)
    note = Notification.objects.get(recipient=officer)
    title = _english("Duyệt bài “%(title)s”") % {"title": "Chị Lan cứu người bị nạn"}
    assert note.title_en == f"Due tomorrow: {title}"
    local = timezone.localtime(due)
    assert note.body_en == (f"{_english('Duyệt bài gửi')} — Công đoàn Tổng Công ty May 10: {title}. "
                            f"Due: {local:%d/%m/%Y %H:%M}.")
    (email,) = mail.outbox
    assert email.subject == f"[Lan Tỏa] Due tomorrow: {title}"
    assert (_english("Đổi cài đặt nhận email: %(url)s") % {"url": outbox.preferences_url()}) in email.body


def test_the_english_email_has_no_vietnamese_words_from_the_code(
    rules, due_tomorrow, officer, django_capture_on_commit_callbacks  # noqa: F811
):
    User.objects.filter(pk=officer.pk).update(language="en")
    _submission, now, _due = due_tomorrow
    scan(django_capture_on_commit_callbacks, now)
    (email,) = mail.outbox
    assert email.subject == "[Lan Tỏa] Due tomorrow: Approve “Chị Lan cứu người bị nạn”"
    assert email.body.startswith("Submission review — Công đoàn Tổng Công ty May 10: Approve “Chị Lan cứu người bị nạn”.")
    assert "Email settings: " in email.body
    # Only the user's data (the unit's name, the story's title) and the brand stay Vietnamese.
    text = email.body.replace("Công đoàn Tổng Công ty May 10", "").replace("Chị Lan cứu người bị nạn", "")
    for word in ("Duyệt", "Hạn", "quá hạn", "Đổi cài đặt", "đến hạn"):
        assert word not in text
