"""Sending the email of a ``Notification`` or a ``Delivery`` exactly once, from a Celery task.

A task claims the row with a conditional UPDATE (``pending`` → ``sending``, or a ``sending`` row
whose lease has expired because its worker died) and checks the row count: a second task for the
same row — a duplicate enqueue, a retry, a second worker — finds nothing to claim and returns. The
lease (``EMAIL_SEND_LEASE_SECONDS``) must be longer than one SMTP exchange (``EMAIL_TIMEOUT``).

Failures go back to ``pending`` with a backoff and are retried (by the task, and by the periodic
scan as a safety net) up to ``EMAIL_MAX_ATTEMPTS``; then the row is ``failed`` with the error.
That covers network and SMTP errors (OSError), any other error of the email backend, and a bug
while composing the message (which is re-raised too). A message that cannot be sent as it is
(ValueError: a header with a line break, an address that cannot be encoded) fails at once.
The one window left is a crash after the mail server accepted the message and before the row is
marked sent: that email may go out twice, which no SMTP client can rule out.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .models import EmailOptOut, EmailStatus

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 900


def lease():
    return dt.timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS)


def backoff_seconds(attempts):
    """60 s, 120 s, 240 s… capped at 15 minutes: retries are short countdowns, never long ETAs."""
    return min(60 * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def initial_state(*, wanted, address, opted_out, now):
    """``email_status`` and ``email_next_attempt_at`` for a new row."""
    if not wanted:
        return EmailStatus.NONE, None
    if not address:
        return EmailStatus.NO_ADDRESS, None
    if opted_out:
        return EmailStatus.OPTED_OUT, None
    # The on-commit task normally sends it at once; the scan takes over if that enqueue is lost.
    return EmailStatus.PENDING, now + lease()


def claim(model, pk, now):
    """Take the row for sending; ``None`` if it is not ours to send (sent, failed, or being sent)."""
    taken = (
        model.objects.filter(pk=pk)
        .filter(Q(email_status=EmailStatus.PENDING) | Q(email_status=EmailStatus.SENDING, email_lease_until__lt=now))
        .update(
            email_status=EmailStatus.SENDING,
            email_lease_until=now + lease(),
            email_attempts=F("email_attempts") + 1,
        )
    )
    if taken != 1:
        return None
    return model.objects.select_related("recipient").get(pk=pk)


def _finish(model, pk, **fields):
    """Leave ``sending`` (only if still ours: the row count tells)."""
    return model.objects.filter(pk=pk, email_status=EmailStatus.SENDING).update(email_lease_until=None, **fields)


def preferences_url():
    return settings.SITE_URL + reverse("notification_preferences")


def absolute(url):
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def compose(*, title, body, url, title_en="", body_en="", language=""):
    """Subject and plain-text body in the recipient's ``language`` (``User.language``), then the settings link.

    English readers get the English text where the sender gave one (title and body each fall back
    to the Vietnamese) and the settings line in English; everyone else gets the Vietnamese.
    """
    from django.utils import translation
    from django.utils.translation import gettext

    if language == "en":
        title, body = title_en or title, body_en or body
    parts = [body or title]
    if url:
        parts.append(absolute(url))
    with translation.override("en" if language == "en" else "vi"):
        settings_line = gettext("Đổi cài đặt nhận email: %(url)s") % {"url": preferences_url()}
    parts.append(f"— {settings.SITE_NAME}\n{settings_line}")
    # A subject is one line (titles may carry users' line breaks, which EmailMessage refuses).
    return f"[{settings.SITE_NAME}] {' '.join(title.split())}", "\n\n".join(parts)


def deliver(model, pk, *, content, category_of, done_fields=None, failed_fields=None):
    """Send the email of row ``pk`` once. Returns a retry delay in seconds, or ``None`` when finished.

    ``content(obj)`` → (subject, body); ``category_of(obj)`` → the category the user may opt out of;
    ``done_fields``/``failed_fields``: extra columns to set when the email is finished or has failed.
    """
    done_fields = done_fields or {}
    failed_fields = failed_fields or {}
    now = timezone.now()
    obj = claim(model, pk, now)
    if obj is None:
        return None
    limit = settings.EMAIL_MAX_ATTEMPTS
    if obj.email_attempts > limit:  # leases expired again and again: workers die on this one
        _finish(model, pk, email_status=EmailStatus.FAILED, email_error="worker lost while sending", **failed_fields)
        return None
    user = obj.recipient
    if not (user.email and user.is_active):
        _finish(model, pk, email_status=EmailStatus.NO_ADDRESS, **done_fields)
        return None
    if EmailOptOut.objects.filter(user=user, category=category_of(obj)).exists():  # changed their mind since
        _finish(model, pk, email_status=EmailStatus.OPTED_OUT, **done_fields)
        return None
    try:
        subject, body = content(obj)
    except Exception as exc:
        # A bug in our own code, not the mail server: keep the row retryable (a fix deployed in time
        # still sends it; bounded by the attempt limit) and let the task fail loudly.
        _failed_attempt(model, pk, obj, now, _error_text(exc), failed_fields)
        raise
    try:
        EmailMessage(subject, body, None, [user.email]).send()
    except OSError as exc:  # smtplib errors are OSErrors, and so are socket errors, timeouts and TLS errors
        return _failed_attempt(model, pk, obj, now, _error_text(exc), failed_fields)
    except ValueError as exc:
        # BadHeaderError (a line break in a header), an address that cannot be encoded: the same
        # message would fail the same way again, so it fails now.
        error = _error_text(exc)
        logger.warning("email for %s %s cannot be sent: %s", model.__name__, pk, error)
        _finish(model, pk, email_status=EmailStatus.FAILED, email_error=error, **failed_fields)
        return None
    except Exception as exc:
        # Another backend's own errors (an HTTP email API's client raises its own classes): recorded
        # and retried like a network error, never left "sending" until the lease runs out.
        logger.exception("email backend error for %s %s", model.__name__, pk)
        return _failed_attempt(model, pk, obj, now, _error_text(exc), failed_fields)
    _finish(model, pk, email_status=EmailStatus.SENT, email_sent_at=timezone.now(), email_error="", **done_fields)
    return None


def _error_text(exc):
    return f"{type(exc).__name__}: {exc}"[:2000]


def _failed_attempt(model, pk, obj, now, error, failed_fields):
    """Back to ``pending`` with a backoff, or ``failed`` once the attempts are used up.
    Returns the retry delay in seconds, or ``None`` when it has failed for good."""
    if obj.email_attempts >= settings.EMAIL_MAX_ATTEMPTS:
        logger.warning("email for %s %s failed for good after %s attempts: %s",
                       model.__name__, pk, obj.email_attempts, error)
        _finish(model, pk, email_status=EmailStatus.FAILED, email_error=error, **failed_fields)
        return None
    delay = backoff_seconds(obj.email_attempts)
    _finish(model, pk, email_status=EmailStatus.PENDING, email_error=error,
            email_next_attempt_at=now + dt.timedelta(seconds=delay))
    return delay


def requeue_due(model, task, now, limit=1000):
    """Hand rows whose email is due again (retry time reached, or lease expired) to a worker."""
    due = Q(email_status=EmailStatus.PENDING, email_next_attempt_at__lte=now) | Q(
        email_status=EmailStatus.SENDING, email_lease_until__lt=now
    )
    ids = list(model.objects.filter(due).order_by().values_list("pk", flat=True)[:limit])
    if ids:
        # Not again at the next scan while this task waits in the queue.
        model.objects.filter(pk__in=ids, email_status=EmailStatus.PENDING).update(email_next_attempt_at=now + lease())
        for pk in ids:
            task.delay(pk)
    return len(ids)
