"""Celery tasks: each takes IDs, is safe to run twice, and is enqueued on commit (or by beat)."""

from celery import shared_task

from . import digest, outbox, reminders
from .models import Delivery, DeliveryStatus, Notification


@shared_task(ignore_result=True)
def scan_reminders():
    """Beat, every REMINDER_SCAN_MINUTES: claim and send the reminders that are due."""
    return reminders.scan()


@shared_task(ignore_result=True)
def send_weekly_digest():
    """Beat, weekly: the overdue units by level, to HQ officers. Once per week, however often it runs."""
    digest.send()


def _retry_later(task, delay):
    """Retry after ``delay`` seconds (short countdowns only). Eager mode has no worker to come back:
    the row stays ``pending`` with its retry time, and the next scan hands it on — as it also does
    when a worker dies before the countdown ends."""
    if not task.request.is_eager:
        raise task.retry(countdown=delay)


def _delivery_content(d):
    return outbox.compose(title=d.subject, body=d.message, url=d.url, title_en=d.subject_en, body_en=d.message_en,
                          language=d.recipient.language)


def _notification_content(n):
    return outbox.compose(title=n.title, body=n.body, url=n.url, title_en=n.title_en, body_en=n.body_en,
                          language=n.recipient.language)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_delivery_email(self, delivery_id):
    """Email one reminder delivery; retried with backoff up to EMAIL_MAX_ATTEMPTS, then recorded as failed."""
    delay = outbox.deliver(
        Delivery, delivery_id, content=_delivery_content, category_of=lambda d: d.category,
        done_fields={"status": DeliveryStatus.SENT}, failed_fields={"status": DeliveryStatus.FAILED},
    )
    if delay is not None:
        _retry_later(self, delay)


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_notification_email(self, notification_id):
    """Email one in-app notification; same claim, retry and failure rules as reminders."""
    delay = outbox.deliver(
        Notification, notification_id, content=_notification_content, category_of=lambda n: n.category
    )
    if delay is not None:
        _retry_later(self, delay)
