"""The reminder engine: what is due now, to whom, claimed once in the database, then sent.

``scan()`` runs from Celery beat every ``REMINDER_SCAN_MINUTES``:

1. one query for the active rules; for each registered deadline kind, one finder call for the
   window the rules need — ``(now - lookback - largest offset, now - smallest offset]``;
2. a rule fires for an item when ``due_at + offset`` lies in ``(now - lookback, now]``
   (``REMINDER_LOOKBACK_HOURS``: a beat that was down for a while catches up, but a reminder
   that is days stale is not sent) — except the before-deadline reminders that would be noise or
   wrong (too soon after the item arrived, the deadline already passed, a nearer rule firing at
   the same time: "When a reminder is not sent" in :mod:`notifications.deadlines`);
3. recipients: the unit's officers (or the item's explicit recipients), and on escalating rules
   the officers of the nearest ancestor that has any (the parent, else the grandparent, …) —
   three queries for the whole batch;
4. claiming, in transactions of ``CHUNK`` reminders: insert the ``Delivery`` rows with
   ``ON CONFLICT DO NOTHING`` (unique per deadline, recipient and rule), read back the rows this
   run inserted (by its claim token), create their in-app notifications in the same transaction,
   and enqueue their emails on commit;
5. hand emails whose retry time has come, or whose worker died, to a worker again.

Two beats, two workers, a retried scan or a scan killed half-way: every reminder is claimed by
exactly one insert, so it is shown and emailed once.
"""

import dataclasses
import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation

from accounts.models import User
from unions.models import Role, Union

from . import deadlines, outbox, templating
from .models import Delivery, DeliveryStatus, EmailOptOut, EmailStatus, Notification, ReminderRule

CHUNK = 200
OFFICER_KINDS = (Role.Kind.OFFICER, Role.Kind.ADMIN)


@dataclass(frozen=True)
class Reminder:
    kind: deadlines.DeadlineKind
    item: deadlines.Due
    rule: ReminderRule
    unit: Union | None
    user_id: int
    email: str
    escalation: bool


def _batched(iterable, size):
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def _lookback():
    return dt.timedelta(hours=settings.REMINDER_LOOKBACK_HOURS)


def _fires(rule, item, now, lookback):
    """Whether ``rule`` fires for ``item`` at ``now`` (the rules of ``notifications.deadlines``)."""
    at = rule.fires_at(item.due_at)
    if not now - lookback < at <= now:
        return False
    if rule.is_overdue_rule:
        return True
    if rule.offset < dt.timedelta(0) and now >= item.due_at:
        return False  # "N days left" after the deadline
    quiet = deadlines.quiet_until(item)
    return quiet is None or at >= quiet


def _nearest_rules(rules):
    """Of the rules firing together for one item (a scan catching up), the ones that are still
    true: every overdue rule if there is one (then "due today" is stale), else the before-deadline
    rules nearest the deadline ("due tomorrow", not "7 days left" as well)."""
    overdue = [rule for rule in rules if rule.is_overdue_rule]
    if overdue or not rules:
        return overdue
    nearest = max(rule.offset for rule in rules)
    return [rule for rule in rules if rule.offset == nearest]


def firing(now, rules=None):
    """(kind, item, rule) for every rule that fires now.

    One finder call per kind, under Vietnamese; a second one under English for the kinds that have
    something to send, for the English titles (``Due.title_en``).
    """
    rules = list(ReminderRule.objects.filter(is_active=True)) if rules is None else rules
    lookback = _lookback()
    out = []
    for kind in deadlines.kinds():
        kind_rules = [rule for rule in rules if rule.applies_to(kind)]
        if not kind_rules:
            continue
        offsets = [rule.offset for rule in kind_rules]
        start = now - lookback - max(offsets)
        end = now - min(offsets) + dt.timedelta(microseconds=1)
        with translation.override("vi"):
            items = list(kind.find(start, end))
        fired = []
        for item in items:
            fired += [(item, rule) for rule in
                      _nearest_rules([rule for rule in kind_rules if _fires(rule, item, now, lookback)])]
        if not fired:
            continue
        with translation.override("en"):
            english = {i.key: str(i.title) for i in kind.find(start, end)}
        for item, rule in fired:
            title_en = english.get(item.key, "")
            out.append((kind, dataclasses.replace(item, title_en="" if title_en == item.title else title_en), rule))
    return out


def due_reminders(now, rules=None):
    """Every (deadline, recipient, rule) that should have been sent by ``now`` (sent or not yet)."""
    fired = firing(now, rules)
    if not fired:
        return []
    units = {u.pk: u for u in Union.objects.filter(pk__in={item.unit_id for _k, item, _r in fired})
             .only("pk", "parent_id", "path", "name", "short_name")}
    officer_unit_ids = {item.unit_id for _k, item, rule in fired if rule.notify_officers and item.recipient_ids is None}
    officers = defaultdict(list)
    if officer_unit_ids:
        roles = (Role.objects.filter(union_id__in=officer_unit_ids, kind__in=OFFICER_KINDS)
                 .values_list("union_id", "user_id").distinct())
        for union_id, user_id in roles:
            officers[union_id].append(user_id)
    escalate_to = _escalation_officers(
        {units[item.unit_id] for _k, item, rule in fired if rule.escalate and item.unit_id in units}, now
    )
    wanted = {uid for ids in officers.values() for uid in ids}
    wanted |= {uid for ids in escalate_to.values() for uid in ids}
    wanted |= {uid for _k, item, _r in fired if item.recipient_ids for uid in item.recipient_ids}
    emails = dict(User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", "email")) if wanted else {}

    out, seen = [], set()
    for kind, item, rule in fired:
        unit = units.get(item.unit_id)
        targets = []
        if rule.notify_officers:
            direct = item.recipient_ids if item.recipient_ids is not None else officers.get(item.unit_id, [])
            targets += [(uid, False) for uid in direct]
        if rule.escalate and unit is not None:
            targets += [(uid, True) for uid in escalate_to.get(unit.pk, [])]
        for uid, escalation in targets:
            if uid not in emails or (item.key, uid, rule.pk) in seen:
                continue
            seen.add((item.key, uid, rule.pk))
            out.append(Reminder(kind, item, rule, unit, uid, emails[uid] or "", escalation))
    return out


def _escalation_officers(units, now):
    """{unit id: officer user ids of its nearest ancestor that has officers} — one query for all.

    The parent when someone holds an officer or admin role there, else the grandparent, and so on
    up to the root: the role that covers a unit may sit several levels up, and an overdue unit
    must still reach someone. Ancestors whose validity has ended (merged, dissolved) are skipped.
    A unit with no officer anywhere above it is left out.
    """
    ancestors = {unit.pk: unit.ancestor_paths()[:-1] for unit in units}
    paths = {path for chain in ancestors.values() for path in chain}
    if not paths:
        return {}
    today = timezone.localdate(now)
    by_path = defaultdict(list)
    roles = (
        Role.objects.filter(union__path__in=paths, kind__in=OFFICER_KINDS)
        .filter(Q(union__valid_to__isnull=True) | Q(union__valid_to__gte=today))
        .values_list("union__path", "user_id").distinct().order_by("union__path", "user_id")
    )
    for path, user_id in roles:
        by_path[path].append(user_id)
    out = {}
    for unit_id, chain in ancestors.items():
        nearest = next((path for path in reversed(chain) if by_path.get(path)), None)
        if nearest is not None:
            out[unit_id] = by_path[nearest]
    return out


def due_text(due_at):
    """A deadline as the texts write it, date first like every page of the portal:
    "05/12/2026" for a day (local midnight), "05/12/2026 17:00" for a time of day."""
    local = timezone.localtime(due_at)
    return formats.date_format(local, "d/m/Y" if local.time() == dt.time.min else "d/m/Y H:i")


def _text(reminder, language):
    rule, item, unit = reminder.rule, reminder.item, reminder.unit
    subject_template = rule.subject_en if language == "en" else rule.subject
    message_template = rule.message_en if language == "en" else rule.message
    if not subject_template:
        return "", ""
    with translation.override(language):
        values = {
            "title": (item.title_en or item.title) if language == "en" else item.title,
            "unit": unit.name if unit else "",
            "due": due_text(item.due_at),
            "days": abs(rule.offset_days),
            "label": str(reminder.kind.label),
        }
        return (templating.render(subject_template, values)[:255], templating.render(message_template, values))


def _enqueue(ids):
    from .tasks import send_delivery_email

    for pk in ids:
        send_delivery_email.delay(pk)


@transaction.atomic
def claim(reminders, now):
    """Insert the deliveries of ``reminders`` that do not exist yet; notify in-app; email on commit.

    Returns the deliveries this call inserted (a concurrent scan's rows are not among them).
    """
    token = uuid.uuid4().hex
    keys = {r.item.key for r in reminders}
    existing = set(Delivery.objects.filter(deadline_key__in=keys).values_list("deadline_key", "recipient_id", "rule_id"))
    fresh = [r for r in reminders if (r.item.key, r.user_id, r.rule.pk) not in existing]
    if not fresh:
        return []
    opted_out = set(
        EmailOptOut.objects.filter(user_id__in={r.user_id for r in fresh}, category__in={r.kind.category for r in fresh})
        .values_list("user_id", "category")
    )
    rows = []
    for r in fresh:
        subject, message = _text(r, "vi")
        subject_en, message_en = _text(r, "en")
        email_status, next_at = outbox.initial_state(
            wanted=r.rule.email, address=r.email, opted_out=(r.user_id, r.kind.category) in opted_out, now=now
        )
        rows.append(Delivery(
            rule=r.rule, deadline_key=r.item.key, kind=r.kind.kind, category=r.kind.category, unit=r.unit,
            due_at=r.item.due_at, recipient_id=r.user_id, escalation=r.escalation,
            subject=subject, message=message, subject_en=subject_en, message_en=message_en, url=r.item.url,
            email_status=email_status, email_next_attempt_at=next_at,
            status=DeliveryStatus.PENDING if email_status == EmailStatus.PENDING else DeliveryStatus.SENT,
            claim=token,
        ))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    mine = list(Delivery.objects.filter(deadline_key__in=keys, claim=token).select_related("rule").order_by("pk"))
    in_app = [d for d in mine if d.rule.in_app]
    if in_app:
        notes = Notification.objects.bulk_create([
            Notification(recipient_id=d.recipient_id, category=d.category, title=d.subject, body=d.message,
                         title_en=d.subject_en, body_en=d.message_en, url=d.url)
            for d in in_app
        ])
        for delivery, note in zip(in_app, notes, strict=True):
            delivery.notification = note
        Delivery.objects.bulk_update(in_app, ["notification"])
    ids = [d.pk for d in mine if d.email_status == EmailStatus.PENDING]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return mine


def scan(now=None):
    """Find what is due and send it. Safe to run at any time, concurrently, and again."""
    from .tasks import send_delivery_email, send_notification_email

    now = now or timezone.now()
    claimed = 0
    for chunk in _batched(due_reminders(now), CHUNK):
        claimed += len(claim(chunk, now))
    requeued = outbox.requeue_due(Delivery, send_delivery_email, now)
    requeued += outbox.requeue_due(Notification, send_notification_email, now)
    return {"claimed": claimed, "requeued": requeued}

