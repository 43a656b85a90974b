"""Reads for campaigns, news, share kits, proofs, lessons and their statistics.

Every list here runs a constant number of queries whatever the number of rows; subtree roll-ups
group by a prefix of the materialised unit path (one indexed range scan per metric).

Who may see what is decided in :mod:`campaigns.access`; these functions read within it.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from unions.models import PATH_STEP, Union
from unions.scope import scope_for

from .access import kits_reaching_member
from .models import LessonCompletion, ShareKit, ShareProof, TrackedLink

# --- Campaigns ----------------------------------------------------------------------------------


def shares_count(campaign, unit=None):
    """Verified share proofs of the campaign's kits, in ``unit``'s subtree or overall."""
    qs = ShareProof.objects.filter(kit__campaign=campaign, status=ShareProof.Status.VERIFIED)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.count()


# --- Share kits ---------------------------------------------------------------------------------


def kits_for_member(user, campaign=None):
    """Running kits whose audience includes one of the user's units, newest first."""
    qs = kits_reaching_member(user).running()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.select_related("campaign", "audience").prefetch_related("images").order_by("-created_at", "-id")


def kits_in_view_of(unit):
    """Kits that reach into ``unit``'s subtree: addressed to it, an ancestor, or a descendant."""
    return ShareKit.objects.filter(
        Q(audience__path__in=unit.ancestor_paths()) | Q(audience__path__startswith=unit.path)
    ).select_related("audience", "campaign")


def member_proofs(user, kit):
    return ShareProof.objects.filter(user=user, kit=kit).order_by("-created_at")


# --- Lessons ------------------------------------------------------------------------------------


def completed_lesson_ids(user):
    if not user.is_authenticated:
        return set()
    return set(LessonCompletion.objects.filter(user=user).values_list("lesson_id", flat=True))


# --- Statistics ---------------------------------------------------------------------------------


def default_stats_unit(user):
    return scope_for(user).top_units().first()


def _by_branch(qs, field, parent, **aggregates):
    """{branch path: {name: value}} over ``parent``'s subtree, one row per child branch.

    Rows of ``parent`` itself come under ``parent.path``.
    """
    length = len(parent.path) + PATH_STEP
    rows = (
        qs.filter(**{f"{field}__startswith": parent.path})
        .annotate(branch=Substr(field, 1, length))
        .values("branch")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("branch"): row for row in rows}


def unit_stats(parent, *, kit=None, lesson=None, children=None):
    """Per-branch figures under ``parent``: members, reached (members whose link was followed at
    least once: links are made at the first visit), claimed, verified, clicks, lessons.

    ``children`` (a page of child units) limits the rows; the parent's own row comes first.
    Five queries whatever the number of rows.
    """
    children = list(children if children is not None else Union.objects.filter(parent=parent).order_by("name"))
    links = TrackedLink.objects.all()
    proofs = ShareProof.objects.all()
    if kit is not None:
        links, proofs = links.filter(kit=kit), proofs.filter(kit=kit)
    completions = LessonCompletion.objects.all()
    if lesson is not None:
        completions = completions.filter(lesson=lesson)
    members = _by_branch(Union.objects.all(), "path", parent, n=Sum("member_count"))
    reached = _by_branch(links, "unit__path", parent, n=Count("user", distinct=True), clicks=Sum("clicks"))
    claimed = _by_branch(
        proofs, "unit__path", parent,
        n=Count("pk"), verified=Count("pk", filter=Q(status=ShareProof.Status.VERIFIED)),
    )
    done = _by_branch(completions, "unit__path", parent, n=Count("user", distinct=True))

    def row(unit, key, own=False):
        member_total = members.get(key, {}).get("n") or 0
        completed = done.get(key, {}).get("n") or 0
        return {
            "unit": unit,
            "own": own,
            "members": member_total,
            "reached": reached.get(key, {}).get("n") or 0,
            "clicks": reached.get(key, {}).get("clicks") or 0,
            "claimed": claimed.get(key, {}).get("n") or 0,
            "verified": claimed.get(key, {}).get("verified") or 0,
            "completed": completed,
            "completion_rate": round(100 * completed / member_total) if member_total else 0,
        }

    rows = [row(parent, parent.path, own=True)]
    rows += [row(child, child.path) for child in children]
    return rows


def subtree_totals(parent, *, kit=None, lesson=None):
    links = TrackedLink.objects.filter(unit__path__startswith=parent.path)
    proofs = ShareProof.objects.filter(unit__path__startswith=parent.path)
    if kit is not None:
        links, proofs = links.filter(kit=kit), proofs.filter(kit=kit)
    completions = LessonCompletion.objects.filter(unit__path__startswith=parent.path)
    if lesson is not None:
        completions = completions.filter(lesson=lesson)
    link_totals = links.aggregate(reached=Count("user", distinct=True), clicks=Sum("clicks"))
    proof_totals = proofs.aggregate(
        claimed=Count("pk"), verified=Count("pk", filter=Q(status=ShareProof.Status.VERIFIED))
    )
    members = Union.objects.filter(path__startswith=parent.path).aggregate(n=Sum("member_count"))["n"] or 0
    completed = completions.aggregate(n=Count("user", distinct=True))["n"] or 0
    return {
        "members": members,
        "reached": link_totals["reached"] or 0,
        "clicks": link_totals["clicks"] or 0,
        "claimed": proof_totals["claimed"] or 0,
        "verified": proof_totals["verified"] or 0,
        "completed": completed,
        "completion_rate": round(100 * completed / members) if members else 0,
    }


def kit_stats(parent, kits):
    """Per-kit figures within ``parent``'s subtree for the given kits (a page): two queries."""
    kits = list(kits)
    ids = [k.pk for k in kits]
    links = {
        r["kit_id"]: r
        for r in TrackedLink.objects.filter(kit_id__in=ids, unit__path__startswith=parent.path)
        .values("kit_id").annotate(reached=Count("user", distinct=True), clicks=Sum("clicks")).order_by()
    }
    proofs = {
        r["kit_id"]: r
        for r in ShareProof.objects.filter(kit_id__in=ids, unit__path__startswith=parent.path)
        .values("kit_id")
        .annotate(claimed=Count("pk"), verified=Count("pk", filter=Q(status=ShareProof.Status.VERIFIED)))
        .order_by()
    }
    return [
        {
            "kit": kit,
            "reached": links.get(kit.pk, {}).get("reached") or 0,
            "clicks": links.get(kit.pk, {}).get("clicks") or 0,
            "claimed": proofs.get(kit.pk, {}).get("claimed") or 0,
            "verified": proofs.get(kit.pk, {}).get("verified") or 0,
        }
        for kit in kits
    ]


def bar_chart(rows, metrics, *, label=lambda r: str(r["unit"])):
    """Geometry of a server-rendered SVG bar chart: per row, one bar per metric, scaled to the peak."""
    row_h, bar_h, label_w, bar_w = 40, 9, 130, 210
    peak = max([r[m] for r in rows for m, _ in metrics] + [1])
    items = []
    for i, r in enumerate(rows):
        y = i * row_h
        bars = [
            {
                "metric": m, "title": t, "value": r[m], "x": label_w, "y": y + 4 + k * (bar_h + 2),
                "width": round(bar_w * r[m] / peak, 1), "height": bar_h,
                "text_x": label_w + round(bar_w * r[m] / peak, 1) + 4, "text_y": y + 4 + k * (bar_h + 2) + bar_h - 1,
            }
            for k, (m, t) in enumerate(metrics)
        ]
        items.append({"label": label(r), "y": y + 20, "bars": bars})
    return {"width": label_w + bar_w + 30, "height": max(len(rows), 1) * row_h, "rows": items}




# --- Counts for reports (``reports.indicators``) -----------------------------------------------
# Each takes ``(unit, start, end)``: the unit's subtree (or the unit alone with ``subtree=False``)
# and a date range, both ends included. One query each.


def _unit_q(unit, subtree):
    return Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)


def _day_range(start, end):
    import datetime as dt

    from notifications.deadlines import start_of_day

    return start_of_day(start), start_of_day(end + dt.timedelta(days=1))


def verified_proofs_count(unit, start, end, *, subtree=True):
    """Share proofs of official content sent in the period and verified by an officer."""
    since, until = _day_range(start, end)
    return ShareProof.objects.filter(
        _unit_q(unit, subtree), status=ShareProof.Status.VERIFIED, created_at__gte=since, created_at__lt=until,
    ).count()


def tracked_clicks_count(unit, start, end, *, subtree=True):
    """Unique visitors per day on the members' tracked links, days within the period."""
    from .models import LinkClick

    q = Q(link__unit__path__startswith=unit.path) if subtree else Q(link__unit_id=unit.pk)
    return LinkClick.objects.filter(q, day__gte=start, day__lte=end).count()


def lesson_completions_count(unit, start, end, *, subtree=True):
    """Distinct members who completed an information-filter lesson in the period."""
    since, until = _day_range(start, end)
    return (
        LessonCompletion.objects.filter(_unit_q(unit, subtree), completed_at__gte=since, completed_at__lt=until)
        .aggregate(n=Count("user", distinct=True))["n"]
    )


# --- Avatar frames ------------------------------------------------------------------------------


def _frame_uses(campaign=None, unit=None, start=None, end=None, frame=None, subtree=True):
    from .models import FrameUse

    qs = FrameUse.objects.all()
    if campaign is not None:
        qs = qs.filter(frame__campaign=campaign)
    if frame is not None:
        qs = qs.filter(frame=frame)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path) if subtree else qs.filter(unit=unit)
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    return qs


def frame_uses_count(campaign=None, unit=None, start=None, end=None, *, subtree=True):
    """Avatar frames used ("lượt thay khung ảnh"): one per member (or anonymous visitor), frame and
    day, in ``unit``'s subtree (signed-in members only; ``subtree=False``: members of ``unit``
    itself) or overall, between ``start`` and ``end`` (days, both included). One query. Feeds the
    hub's counter and the annual report's indicator 15."""
    return _frame_uses(campaign, unit, start, end, subtree=subtree).count()


def frame_hub_count(campaign, unit):
    return frame_uses_count(campaign=campaign, unit=unit)


def frame_stats_by_frame(campaign, unit, *, start=None, end=None):
    """``[{"frame", "uses", "members"}]`` for the campaign's frames within ``unit``'s subtree: two queries."""
    from .models import AvatarFrame

    frames = list(AvatarFrame.objects.filter(campaign=campaign).select_related("unit").order_by("title", "pk"))
    counts = {
        r["frame_id"]: r
        for r in _frame_uses(campaign, unit, start, end).values("frame_id")
        .annotate(uses=Count("pk"), members=Count("user", distinct=True)).order_by()
    }
    return [{"frame": f, "uses": counts.get(f.pk, {}).get("uses", 0), "members": counts.get(f.pk, {}).get("members", 0)}
            for f in frames]


def frame_stats_by_unit(campaign, parent, *, frame=None, start=None, end=None, children=None):
    """Per-branch uses under ``parent`` (the parent's own row first): two queries."""
    children = list(children if children is not None else Union.objects.filter(parent=parent).order_by("name"))
    uses = _by_branch(_frame_uses(campaign, None, start, end, frame), "unit__path", parent,
                      uses=Count("pk"), members=Count("user", distinct=True))
    members = _by_branch(Union.objects.all(), "path", parent, n=Sum("member_count"))

    def row(unit, own=False):
        got = uses.get(unit.path, {})
        return {"unit": unit, "own": own, "uses": got.get("uses", 0), "members_used": got.get("members", 0),
                "members": members.get(unit.path, {}).get("n") or 0}

    return [row(parent, own=True)] + [row(child) for child in children]


def frame_stats_by_day(campaign, unit, *, frame=None, start, end):
    """``[{"day", "uses"}]`` for every day from ``start`` to ``end`` (days without use count 0): one query."""
    import datetime

    found = dict(
        _frame_uses(campaign, unit, start, end, frame).values("day").annotate(n=Count("pk")).order_by()
        .values_list("day", "n")
    )
    days = (end - start).days + 1
    return [{"day": start + datetime.timedelta(days=i), "uses": found.get(start + datetime.timedelta(days=i), 0)}
            for i in range(max(days, 0))]


def column_chart(rows, *, value="uses", label=lambda r: str(r["day"])):
    """Geometry of a server-rendered SVG column chart (one column per row, scaled to the peak)."""
    col_w, gap, chart_h, label_h = 14, 4, 120, 30
    peak = max([r[value] for r in rows] + [1])
    cols = []
    for i, r in enumerate(rows):
        h = round(chart_h * r[value] / peak, 1)
        x = i * (col_w + gap)
        cols.append({"x": x, "y": round(chart_h - h, 1), "width": col_w, "height": h, "value": r[value],
                     "label": label(r), "label_x": x + col_w / 2, "show_label": i % 7 == 0 or i == len(rows) - 1})
    return {"width": max(len(rows), 1) * (col_w + gap), "height": chart_h + label_h, "chart_h": chart_h, "cols": cols}
