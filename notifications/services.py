"""The one way to tell a user something: an in-app notification, and an email unless opted out."""

from django.db import transaction
from django.utils import timezone, translation

from audit.services import audit_record

from . import outbox
from .models import EmailOptOut, EmailStatus, Notification


def in_both_languages(build):
    """The ``title``/``body``/``title_en``/``body_en`` arguments of :func:`notify` from one builder.

    ``build()`` returns ``(title, body)`` made with gettext; it is called once under Vietnamese and
    once under English, so the English comes from the catalogue (no English literals in code) and
    the stored Vietnamese stays Vietnamese whatever language the acting user reads in. An English
    text equal to the Vietnamese one (not translated yet, or only user text) is left blank.
    """
    with translation.override("vi"):
        title, body = build()
    with translation.override("en"):
        title_en, body_en = build()
    return {
        "title": str(title), "body": str(body),
        "title_en": "" if title_en == title else str(title_en),
        "body_en": "" if body_en == body else str(body_en),
    }


def notify(*, recipients, category, title, body="", url="", email=True, title_en="", body_en=""):
    """Notify each recipient in the portal; email those who did not opt out of ``category``.

    Runs inside the caller's transaction: emails are enqueued only when it commits, so a rollback
    sends nothing. ``title_en``/``body_en`` (optional) are shown to users reading in English and
    added to the email. Returns the created notifications.
    """
    recipients = list({u.pk: u for u in recipients if u is not None}.values())
    if not recipients:
        return []
    now = timezone.now()
    opted_out = set()
    if email:
        opted_out = set(
            EmailOptOut.objects.filter(user__in=recipients, category=category).values_list("user_id", flat=True)
        )
    rows = []
    for user in recipients:
        status, next_at = outbox.initial_state(
            wanted=email, address=user.email, opted_out=user.pk in opted_out, now=now
        )
        rows.append(Notification(
            recipient=user, category=category, title=title[:255], body=body, url=url,
            title_en=title_en[:255], body_en=body_en, email_status=status, email_next_attempt_at=next_at,
        ))
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if ids:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: [send_notification_email.delay(pk) for pk in ids], robust=True)
    return created


def notifications_mark_read(*, user, ids=None):
    """Mark the user's unread notifications (all, or those in ``ids``) read. Returns how many."""
    qs = Notification.objects.unread().filter(recipient=user)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def email_preferences_set(*, user, opted_out_categories, categories=None):
    """Turn email off for ``opted_out_categories`` and on for the other ``categories`` (every
    category by default; the preferences page passes those it showed, so the choices kept for
    the others — a member who later becomes an officer — stay as they were)."""
    opted_out_categories = sorted(set(opted_out_categories))
    turned_on = EmailOptOut.objects.filter(user=user).exclude(category__in=opted_out_categories)
    if categories is not None:
        turned_on = turned_on.filter(category__in=list(categories))
    turned_on.delete()
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, category=category) for category in opted_out_categories], ignore_conflicts=True
    )
    audit_record(actor=user, verb="notifications.email_preferences_set", obj=user,
                 data={"email_off": opted_out_categories})
