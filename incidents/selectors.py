"""Reads of the incidents app: the register's filters, the dashboard, the deadline finders and the
counts the reports app reads (each ``(unit, start, end)`` over the unit's whole subtree).

The counting selectors take aware datetimes ``start`` (included) and ``end`` (excluded).
"""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import fold
from notifications import deadlines

from . import access
from .models import (
    OPEN_STATUSES,
    SEVERITY_ORDER,
    HotIssue,
    Kind,
    Misinformation,
    Rebuttal,
    Severity,
    Status,
    TakedownOutcome,
    TakedownRequest,
)

AGE_BUCKETS = [(0, 1, _("Dưới 1 ngày")), (1, 3, _("Từ 1 đến 3 ngày")), (3, 7, _("Từ 3 đến 7 ngày")),
               (7, 30, _("Từ 7 đến 30 ngày")), (30, None, _("Trên 30 ngày"))]


def personal_share_url(user, rebuttal):
    """The signed-in member's tracked link to a published rebuttal (``/s/<code>``, absolute) while
    its share kit reaches one of their units and runs; None otherwise (anonymous, outside)."""
    if not user.is_authenticated or rebuttal.share_kit_id is None:
        return None
    from campaigns import home
    from campaigns import selectors as campaigns_selectors

    kit = campaigns_selectors.kits_reaching_member(user).running().filter(pk=rebuttal.share_kit_id).first()
    return home.attach_links(user, [kit])[0].share_url if kit else None


def hot_issue_list(user, *, status="", kind="", severity="", unit=None, query="", open_only=False):
    qs = access.hot_issues_visible_to(user).select_related("unit", "assigned_unit")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if severity:
        qs = qs.filter(severity=severity)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    for word in fold(query).split()[:6]:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("-reported_at", "-id")


def misinformation_list(user, *, status="", rating="", query=""):
    qs = access.misinformation_visible_to(user).select_related("unit", "rebuttal")
    if status:
        qs = qs.filter(status=status)
    if rating:
        qs = qs.filter(rating=rating)
    for word in fold(query).split()[:6]:
        qs = qs.filter(claim_folded__contains=word)
    return qs.order_by("-found_at", "-id")


def viewers(issue, limit=20):
    """Who viewed the issue: ``[(user, times, last)]``, most recent first."""
    rows = {}
    for view in issue.views.select_related("user").order_by("-viewed_at")[:500]:
        entry = rows.setdefault(view.user_id, [view.user, 0, view.viewed_at])
        entry[1] += 1
    return [tuple(r) for r in list(rows.values())[:limit]]


def _bars(rows):
    """Rows ``[(label, value)]`` with the bar width in percent of the largest value."""
    top = max((v for _l, v in rows), default=0) or 1
    return [{"label": label, "value": value, "pct": round(100 * value / top)} for label, value in rows]


def dashboard(user, now=None):
    """Open issues of the user's subtree by kind, severity, assigned unit and age; workers involved."""
    now = now or timezone.now()
    qs = access.hot_issues_visible_to(user).filter(status__in=OPEN_STATUSES)
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")).order_by())
    workers_by_kind = dict(qs.values_list("kind").annotate(n=Sum("workers_involved")).order_by())
    by_severity = dict(qs.values_list("severity").annotate(n=Count("id")).order_by())
    by_unit = list(qs.values("assigned_unit__name").annotate(n=Count("id"), workers=Sum("workers_involved"))
                   .order_by("-n", "assigned_unit__name")[:20])
    age_counts = qs.aggregate(**{
        f"age{i}": Count("id", filter=Q(reported_at__lte=now - dt.timedelta(days=lo))
                         & (Q() if hi is None else Q(reported_at__gt=now - dt.timedelta(days=hi))))
        for i, (lo, hi, _label) in enumerate(AGE_BUCKETS)
    })
    totals = qs.aggregate(n=Count("id"), workers=Sum("workers_involved"),
                          overdue=Count("id", filter=Q(status=Status.REPORTED, ack_due_at__lte=now)))
    return {
        "total": totals["n"] or 0,
        "workers": totals["workers"] or 0,
        "overdue": totals["overdue"] or 0,
        "by_kind": _bars([(label, by_kind.get(value, 0)) for value, label in Kind.choices]),
        "workers_by_kind": _bars([(label, workers_by_kind.get(value) or 0) for value, label in Kind.choices]),
        "by_severity": _bars([(Severity(s).label, by_severity.get(s, 0)) for s in reversed(SEVERITY_ORDER)]),
        "by_unit": [{"label": r["assigned_unit__name"], "value": r["n"], "workers": r["workers"] or 0}
                    for r in by_unit],
        "by_age": _bars([(label, age_counts[f"age{i}"]) for i, (_lo, _hi, label) in enumerate(AGE_BUCKETS)]),
    }


# --- deadlines (registered in apps.py) -------------------------------------------------------


def acknowledgement_deadlines(start, end):
    """Issues not yet acknowledged at their level, due in ``[start, end)``; the assigned unit's officers
    are reminded. The key includes the level and the deadline, so an escalated issue is a new deadline."""
    rows = (HotIssue.objects.filter(status=Status.REPORTED, ack_due_at__gte=start, ack_due_at__lt=end)
            .values_list("pk", "assigned_unit_id", "ack_due_at", "title"))
    for pk, unit_id, due_at, title in rows.iterator(chunk_size=500):
        yield deadlines.Due(key=f"{pk}:{unit_id}:{due_at.timestamp():.0f}", unit_id=unit_id, due_at=due_at,
                            title=title, url=reverse("incident_detail", kwargs={"pk": pk}))


def takedown_deadlines(start, end):
    """Takedown requests still without an outcome, due (24 hours after sending) in ``[start, end)``."""
    rows = (TakedownRequest.objects.filter(outcome=TakedownOutcome.PENDING, due_at__gte=start, due_at__lt=end)
            .values_list("pk", "misinformation__unit_id", "due_at", "misinformation__claim", "misinformation_id"))
    for pk, unit_id, due_at, claim, item_id in rows.iterator(chunk_size=500):
        title = claim if len(claim) <= 80 else claim[:79].rstrip() + "…"
        yield deadlines.Due(key=str(pk), unit_id=unit_id, due_at=due_at, title=title,
                            url=reverse("misinfo_detail", kwargs={"pk": item_id}))


# --- counts for the reports app ---------------------------------------------------------------


def _subtree(field, unit, subtree=True):
    """``unit``'s whole subtree, or (``subtree=False``) the unit's own rows only."""
    return Q(**{f"{field}__startswith": unit.path}) if subtree else Q(**{field: unit.path})


def hot_issues_found(unit, start, end, *, subtree=True):
    """Hot issues reported in the period by the unit or any unit below it."""
    return HotIssue.objects.filter(_subtree("unit__path", unit, subtree), reported_at__gte=start, reported_at__lt=end).count()


def hot_issues_resolved(unit, start, end, *, subtree=True):
    """Hot issues of the subtree resolved in the period."""
    return HotIssue.objects.filter(_subtree("unit__path", unit, subtree), resolved_at__gte=start, resolved_at__lt=end).count()


def work_stoppages(unit, start, end, *, subtree=True):
    """Collective work stoppages ("ngừng việc tập thể") that started in the period."""
    return HotIssue.objects.filter(_subtree("unit__path", unit, subtree), kind=Kind.WORK_STOPPAGE,
                                   started_at__gte=start, started_at__lt=end).count()


def toxic_items_found(unit, start, end, *, subtree=True):
    return Misinformation.objects.filter(_subtree("unit__path", unit, subtree), found_at__gte=start, found_at__lt=end).count()


def takedowns_requested(unit, start, end, *, subtree=True):
    return TakedownRequest.objects.filter(_subtree("misinformation__unit__path", unit, subtree),
                                          sent_at__gte=start, sent_at__lt=end).count()


def rebuttals_published(unit, start, end, *, subtree=True):
    return Rebuttal.objects.published().filter(_subtree("misinformation__unit__path", unit, subtree),
                                               published_at__gte=start, published_at__lt=end).count()


def indicator_counts(unit, start, end):
    """Indicators 17 and 18 of the annual report for ``unit``'s subtree."""
    return {
        "hot_issues_found": hot_issues_found(unit, start, end),
        "hot_issues_resolved": hot_issues_resolved(unit, start, end),
        "work_stoppages": work_stoppages(unit, start, end),
        "toxic_items_found": toxic_items_found(unit, start, end),
        "takedowns_requested": takedowns_requested(unit, start, end),
        "rebuttals_published": rebuttals_published(unit, start, end),
    }


def period_bounds(year):
    """``(start, end)`` of a calendar year in the portal's time zone."""
    return deadlines.start_of_day(dt.date(year, 1, 1)), deadlines.start_of_day(dt.date(year + 1, 1, 1))
