"""Whatever the email backend raises, the row ends ``sent``, back to ``pending`` with the real
error and a retry time, or ``failed`` with it — never stuck in ``sending`` until it is "worker lost"."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend
from django.utils import timezone

from notifications import outbox
from notifications.models import Category, EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import _notification_content, send_notification_email


class ProviderAPIError(Exception):
    """What an HTTP email API's client raises (not an OSError)."""


class ApiErrorBackend(LocmemEmailBackend):
    calls = 0

    def send_messages(self, email_messages):
        ApiErrorBackend.calls += 1
        raise ProviderAPIError("API trả về 503: dịch vụ tạm ngừng (test)")


class RecipientRefusedBackend(LocmemEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"officer@example.org": (550, b"5.1.1 mailbox unavailable")})


class FlakyApiBackend(LocmemEmailBackend):
    failures = 1

    def send_messages(self, email_messages):
        if FlakyApiBackend.failures:
            FlakyApiBackend.failures -= 1
            raise ProviderAPIError("rate limited (test)")
        return super().send_messages(email_messages)


def notify_officer(officer, capture):
    with capture(execute=True):
        (note,) = notify(recipients=[officer], category=Category.ACCOUNT, title="Có đăng ký mới", url="/units/")
    note.refresh_from_db()
    return note


def deliver(pk):
    return outbox.deliver(Notification, pk, content=_notification_content, category_of=lambda n: n.category)


def requeue(now):
    return outbox.requeue_due(Notification, send_notification_email, now)


@pytest.mark.django_db
def test_a_backend_s_own_exception_is_recorded_retried_then_failed(
    officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_outbox_errors.ApiErrorBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    ApiErrorBackend.calls = 0
    start = timezone.now()
    note = notify_officer(officer, django_capture_on_commit_callbacks)  # the on-commit task's attempt

    assert (note.email_status, note.email_attempts) == (EmailStatus.PENDING, 1)
    assert note.email_error == "ProviderAPIError: API trả về 503: dịch vụ tạm ngừng (test)"
    assert note.email_lease_until is None and note.email_next_attempt_at >= start + dt.timedelta(seconds=59)

    for minutes in (2, 6, 15, 40):
        with django_capture_on_commit_callbacks(execute=True):
            requeue(timezone.now() + dt.timedelta(minutes=minutes))
    note.refresh_from_db()
    assert ApiErrorBackend.calls == 3
    assert (note.email_status, note.email_attempts) == (EmailStatus.FAILED, 3)
    assert note.email_error.startswith("ProviderAPIError: API trả về 503")
    assert "worker lost" not in note.email_error


@pytest.mark.django_db
def test_an_smtp_refusal_is_recorded_and_retried(officer, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_outbox_errors.RecipientRefusedBackend"
    note = notify_officer(officer, django_capture_on_commit_callbacks)
    assert note.email_status == EmailStatus.PENDING and note.email_attempts == 1
    assert note.email_error.startswith("SMTPRecipientsRefused:") and "mailbox unavailable" in note.email_error


@pytest.mark.django_db
def test_a_backend_error_then_success_sends_once(officer, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_outbox_errors.FlakyApiBackend"
    FlakyApiBackend.failures = 1
    note = notify_officer(officer, django_capture_on_commit_callbacks)
    assert note.email_status == EmailStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        requeue(timezone.now() + dt.timedelta(minutes=2))
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, note.email_error) == (EmailStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_message_that_cannot_be_sent_as_it_is_fails_at_once_with_the_reason(officer, django_capture_on_commit_callbacks):
    """An address with a line break (written past the form's checks) is a header injection: Django
    refuses it with BadHeaderError (a ValueError). Retrying would fail the same way."""
    officer.email = "officer@example.org\nBcc: spy@example.org"
    type(officer).objects.filter(pk=officer.pk).update(email=officer.email)
    note = notify_officer(officer, django_capture_on_commit_callbacks)
    assert (note.email_status, note.email_attempts) == (EmailStatus.FAILED, 1)
    assert note.email_error.startswith("BadHeaderError:")
    assert mail.outbox == []
    assert requeue(timezone.now() + dt.timedelta(hours=1)) == 0


@pytest.mark.django_db
def test_a_bug_while_composing_is_raised_and_the_row_stays_retryable(officer, settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    note = notify(recipients=[officer], category=Category.ACCOUNT, title="Có đăng ký mới")[0]

    def broken(_n):
        return {}["subject"]

    with pytest.raises(KeyError):
        outbox.deliver(Notification, note.pk, content=broken, category_of=lambda n: n.category)
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, note.email_error) == (EmailStatus.PENDING, 1, "KeyError: 'subject'")
    assert note.email_lease_until is None
    Notification.objects.filter(pk=note.pk).update(email_next_attempt_at=timezone.now())
    with pytest.raises(KeyError):
        outbox.deliver(Notification, note.pk, content=broken, category_of=lambda n: n.category)
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts) == (EmailStatus.FAILED, 2)
    # With content that works, the next row goes out as usual.
    other = notify(recipients=[officer], category=Category.ACCOUNT, title="Lần sau")[0]
    assert deliver(other.pk) is None
    other.refresh_from_db()
    assert other.email_status == EmailStatus.SENT
