"""The one way to tell a user something: an in-app notification, and an email unless opted out."""

from django.db import transaction
from django.utils import timezone

from .models import EmailOptOut, Notification


def notify(*, recipients, category, title, body="", url="", email=True):
    """Notify each recipient in the portal; email those who did not opt out of ``category``.

    Runs inside the caller's transaction: emails are enqueued only when it commits.
    Returns the created notifications.
    """
    recipients = [user for user in {u.pk: u for u in recipients if u is not None}.values()]
    if not recipients:
        return []
    created = Notification.objects.bulk_create(
        [
            Notification(recipient=user, category=category, title=title[:255], body=body, url=url)
            for user in recipients
        ]
    )
    if email:
        opted_out = set(
            EmailOptOut.objects.filter(user__in=recipients, category=category).values_list("user_id", flat=True)
        )
        ids = [n.pk for n in created if n.recipient.email and n.recipient_id not in opted_out and n.pk]
        if ids:
            from .tasks import send_notification_email

            transaction.on_commit(lambda: [send_notification_email.delay(pk) for pk in ids])
    return created


def notifications_mark_read(*, user, ids=None):
    qs = Notification.objects.unread().filter(recipient=user)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def email_preferences_set(*, user, opted_out_categories):
    EmailOptOut.objects.filter(user=user).exclude(category__in=opted_out_categories).delete()
    for category in opted_out_categories:
        EmailOptOut.objects.get_or_create(user=user, category=category)
