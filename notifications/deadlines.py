"""The deadline registry: how any app tells the reminder engine what is due, for which unit, when.

The engine (``notifications.reminders.scan``) runs every ``REMINDER_SCAN_MINUTES`` from Celery
beat. For each registered deadline kind it asks the kind's *finder* for the items due in a time
window, applies the active ``ReminderRule`` rows (e.g. 7 days and 1 day before, on the day, 1 and
3 days overdue with escalation to the nearest ancestor unit's officers) and claims one ``Delivery`` per
(deadline, recipient, rule) — a database constraint, so a reminder is sent once however often the
scan runs.

Declaring a deadline kind: a few lines in the owning app's ``AppConfig.ready()``::

    from django.utils.translation import gettext_lazy as _

    class SubmissionsConfig(AppConfig):
        name = "submissions"

        def ready(self):
            from notifications import deadlines
            from notifications.models import Category

            from . import selectors

            deadlines.register(
                kind="submission_review",                 # stable: stored in rules and deliveries
                label=_("Duyệt bài gửi"),                  # shown in the admin and the messages
                category=Category.REVIEW,                  # users may turn email off per category
                finder=selectors.review_deadlines,         # see below
            )

The ``label`` names the task or the end (“Duyệt bài gửi”, “Chiến dịch kết thúc”), never a state:
the same label goes into the reminders 7 days before, on the day and after the deadline
(``{label}`` in the rules' texts), so “… quá hạn” would contradict “Còn 7 ngày đến hạn”. Make it
lazy (``gettext_lazy``): each reader's text is rendered in their language.

The finder is ``finder(start, end)`` → iterable of ``deadlines.Due``, one per *open* deadline
instance whose ``due_at`` satisfies ``start <= due_at < end`` (``start``/``end`` are aware
datetimes). Rules:

- One or two indexed queries for the whole window (filter on the indexed due column, use
  ``values_list``/``only``); never a Python loop over every row of the table. The engine asks for
  a window of a few days only (the rules' offsets plus ``REMINDER_LOOKBACK_HOURS``).
- Yield only deadlines still to be met (a report not yet filed, a submission still waiting):
  an item that is done must stop appearing, so no further reminder or escalation is sent.
- ``key`` identifies the deadline *instance* and must be stable across scans: include whatever
  makes a new instance when the deadline moves, e.g. ``f"{report.pk}:{report.due_on}"``. The
  engine prefixes it with the kind, so it only needs to be unique within the kind.
- ``unit_id`` is the unit the deadline concerns: its officers (officer and admin roles on that
  very unit) are reminded, and on an escalating rule the officers of the nearest ancestor that
  has any (the parent, else the grandparent, …) too.
  ``recipient_ids`` (optional) replaces the unit's officers, e.g. the assigned reviewer.
- ``due_at`` is an aware datetime. For a date, use ``deadlines.start_of_day(date)`` (local
  midnight of that day; "1 day overdue" then fires at the start of the following day) and
  ``deadlines.date_window(start, end)`` to turn the window into a date range.
- ``opened_at`` (optional but wanted) is when the item arrived or the deadline was set: a
  submission's arrival at its current level, a campaign's creation. See "When a reminder is not
  sent" below.
- ``title`` is made with plain ``gettext``: the engine calls the finder under Vietnamese for the
  stored text and — only for kinds that have something to send — once more under English for the
  English text, matching the two by ``key``. (A finder is one or two indexed queries, so that
  costs one or two more, per kind and scan, and only when a reminder fires.)

When a reminder is not sent
---------------------------

A reminder reminds: the people concerned were told when the item arrived (the new submission, the
campaign they created). Repeating that within minutes is noise, and a "7 days left" sent for an
item that had six days from the start is wrong. So a rule that fires *before* or *on* the
deadline is skipped for an item when

- it would come less than ``QUIET_AFTER_ARRIVAL`` (one day — officers look at the portal about
  once a day) after ``opened_at``; for an item given less than two days, less than half of its
  time after ``opened_at`` (so a short deadline still gets the reminder nearest to it). This covers
  a reminder time that lies before the item existed: with the default rules and a 7-day review
  deadline, "Còn 7 ngày đến hạn" never fires; "Ngày mai đến hạn" and "Hôm nay đến hạn" do;
- it is a rule before the deadline and the deadline has passed (a "N days left" caught up late
  by a beat that was down);
- a rule nearer to the deadline, or an overdue rule, fires for the same item in the same scan
  (after an outage, only "Ngày mai đến hạn" goes out, not "Còn 7 ngày" as well; only "Quá hạn 1
  ngày", not a stale "Hôm nay đến hạn").

Rules after the deadline (overdue, escalation) are never skipped for these reasons: the item is
late, whenever it arrived.

Dates in the texts (``{due}``) are written date first, as everywhere else in the portal:
"05/12/2026" for a day, "05/12/2026 17:00" for a time of day (in both languages).

A kind with a clock in hours rather than days (a hot issue to acknowledge within 4 hours, a
takedown request to follow up after 24 hours) registers with ``generic_rules=False``: the rules
with a blank kind ("7 days before", "1 day overdue"…) leave it alone, and only rules naming the
kind apply (the owning app adds them in a data migration).

A kind that is an end rather than a task (a campaign ending) registers with ``overdue=False``: it
gets the reminders before and on the day, but no overdue reminders, no escalation and no place
in the weekly digest.

``deadlines.dated(...)`` builds a finder for the common case "a model with a date column and a
unit" (see ``campaigns/apps.py``).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

__all__ = ["Due", "DeadlineKind", "register", "unregister", "get", "kinds", "choices", "start_of_day", "date_window",
           "dated", "overdue_items", "QUIET_AFTER_ARRIVAL", "quiet_until"]

QUIET_AFTER_ARRIVAL = dt.timedelta(days=1)


def quiet_until(item):
    """Before this moment no before-deadline reminder of ``item`` is sent (see the module's doc)."""
    if item.opened_at is None:
        return None
    return item.opened_at + min(QUIET_AFTER_ARRIVAL, (item.due_at - item.opened_at) / 2)


@dataclass(frozen=True)
class Due:
    """One deadline instance, as a finder yields it."""

    key: str
    unit_id: int
    due_at: dt.datetime
    title: str
    url: str = ""
    recipient_ids: tuple[int, ...] | None = None
    opened_at: dt.datetime | None = None
    title_en: str = ""  # filled in by the engine (see "title" above); finders leave it blank


@dataclass(frozen=True)
class DeadlineKind:
    kind: str
    label: str
    category: str
    finder: Callable[[dt.datetime, dt.datetime], Iterable[Due]]
    overdue: bool = True
    generic_rules: bool = True
    extra: dict = field(default_factory=dict)

    def find(self, start, end):
        """The kind's open items due in ``[start, end)``, keys prefixed with the kind."""
        for item in self.finder(start, end):
            if start <= item.due_at < end:
                yield Due(
                    key=f"{self.kind}:{item.key}",
                    unit_id=item.unit_id,
                    due_at=item.due_at,
                    title=item.title,
                    url=item.url,
                    recipient_ids=tuple(item.recipient_ids) if item.recipient_ids is not None else None,
                    opened_at=getattr(item, "opened_at", None),
                )


_registry: dict[str, DeadlineKind] = {}


def register(*, kind, label, category, finder, overdue=True, generic_rules=True):
    """Declare a deadline kind (call from ``AppConfig.ready()``). Registering a kind again replaces it."""
    if not kind or len(kind) > 64 or ":" in kind:
        raise ValueError(f"deadline kind {kind!r}: 1-64 characters, no ':'")
    if not callable(finder):
        raise TypeError(f"deadline kind {kind!r}: finder must be callable")
    _registry[kind] = DeadlineKind(kind=kind, label=label, category=str(category), finder=finder, overdue=overdue,
                                   generic_rules=generic_rules)
    return _registry[kind]


def unregister(kind):
    """Remove a kind (tests use it to clean up their own kinds)."""
    _registry.pop(kind, None)


def get(kind):
    return _registry.get(kind)


def kinds():
    return list(_registry.values())


def choices():
    """(kind, label) pairs for forms, sorted by kind."""
    return [(k.kind, k.label) for k in sorted(_registry.values(), key=lambda k: k.kind)]


# --- Helpers for finders ---------------------------------------------------------------------


def start_of_day(day):
    """Local midnight at the start of ``day`` (an aware datetime in the portal's time zone)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def date_window(start, end):
    """The dates ``d`` with ``start <= start_of_day(d) < end``, as ``(first, last)`` (inclusive)."""
    first = timezone.localtime(start).date()
    if start_of_day(first) < start:
        first += dt.timedelta(days=1)
    last = timezone.localtime(end).date()
    if start_of_day(last) >= end:
        last -= dt.timedelta(days=1)
    return first, last


def _as_moment(value):
    if isinstance(value, dt.datetime) or value is None:
        return value
    return start_of_day(value) if isinstance(value, dt.date) else None


def dated(queryset, date_field, *, unit_field="unit_id", title=str, url=None, opened_field="created_at"):
    """A finder for "a row with a date column and a unit": one indexed query on ``date_field``.

    ``queryset`` is a callable returning the open rows (called at each scan, e.g.
    ``lambda: Campaign.objects.all()``); ``title(obj)`` and ``url(obj)`` build the text and link
    (``get_absolute_url`` by default). The key is ``"<pk>:<date>"``: moving the date makes a new
    deadline instance with its own reminders. ``opened_field`` (the row's ``created_at`` by
    default, when the model has one) gives ``opened_at``.
    """

    def finder(start, end):
        first, last = date_window(start, end)
        if first > last:
            return
        rows = queryset().filter(**{f"{date_field}__gte": first, f"{date_field}__lte": last})
        for obj in rows.iterator(chunk_size=500):
            day = getattr(obj, date_field)
            link = url(obj) if url is not None else (obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "")
            yield Due(
                key=f"{obj.pk}:{day.isoformat()}",
                unit_id=getattr(obj, unit_field),
                due_at=start_of_day(day),
                title=str(title(obj)),
                url=link,
                opened_at=_as_moment(getattr(obj, opened_field, None)) if opened_field else None,
            )

    return finder


def overdue_items(now=None, *, since=None):
    """Open items of every overdue-capable kind that were due before ``now`` (default: the last year).

    Used by the weekly digest. Yields ``(DeadlineKind, Due)``.
    """
    now = now or timezone.now()
    since = since or now - dt.timedelta(days=365)
    for kind in kinds():
        if kind.overdue:
            for item in kind.find(since, now):
                yield kind, item
