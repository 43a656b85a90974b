"""Retention: what is deleted once it is older than ``settings.RETENTION_DAYS`` says.

Run nightly by ``privacy.tasks.apply_retention`` (beat). Each rule is one bulk DELETE on an indexed
date column, so running it twice, or late, changes nothing more. The content apps add their own
rules with :func:`register` (``campaigns`` removes tracked-link click rows).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

_rules = {}


def register(key, setting, purge):
    """``purge(cutoff)`` deletes rows older than ``cutoff`` and returns how many; ``setting`` is the
    key of ``RETENTION_DAYS`` giving the number of days."""
    _rules[key] = (setting, purge)


def _cutoff(setting, now):
    return now - dt.timedelta(days=settings.RETENTION_DAYS[setting])


def purge_notifications(cutoff):
    """Read notifications past the cutoff; unread ones get twice as long."""
    from notifications.models import Notification

    unread_cutoff = cutoff - (timezone.now() - cutoff)
    deleted, _ = Notification.objects.filter(
        Q(read_at__isnull=False, created_at__lt=cutoff) | Q(read_at__isnull=True, created_at__lt=unread_cutoff)
    ).delete()
    return deleted


def purge_audit_views(cutoff):
    """Audit rows that only record that someone looked at a page (verbs ending in ``_view``)."""
    from audit.models import AuditEvent

    deleted, _ = AuditEvent.objects.filter(verb__endswith="_view", created_at__lt=cutoff).delete()
    return deleted


def purge_invitations(cutoff):
    """Registrations through a unit's invitation link never approved (pending) or refused, past the cutoff."""
    from unions.models import Membership

    deleted, _ = Membership.objects.filter(
        status__in=[Membership.Status.PENDING, Membership.Status.REJECTED], created_at__lt=cutoff
    ).delete()
    return deleted


register("notifications", "notifications", purge_notifications)
register("audit_views", "audit_views", purge_audit_views)
register("invitations", "invitations", purge_invitations)


def apply(now=None):
    """Apply every rule; returns ``{rule: rows deleted}``."""
    now = now or timezone.now()
    done = {}
    for key in sorted(_rules):
        setting, purge = _rules[key]
        done[key] = purge(_cutoff(setting, now))
    if any(done.values()):
        logger.info("retention: %s", done)
    return done
