"""Reads for campaigns, news, share kits, proofs, lessons and their statistics.

Every list here runs a constant number of queries whatever the number of rows; subtree roll-ups
group by a prefix of the materialised unit path (one indexed range scan per metric).
"""

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from unions.access import is_admin_of, scope_paths, scope_q
from unions.models import PATH_STEP, Membership, Role, Union

from .models import Campaign, Lesson, LessonCompletion, NewsPost, ShareKit, ShareProof, TrackedLink, ancestor_paths

# --- The visitor's units ------------------------------------------------------------------------


def member_units(user):
    """The user's active member units (cached on the user for the request), oldest membership first."""
    cached = getattr(user, "_campaign_member_units", None)
    if cached is None:
        cached = []
        if user.is_authenticated:
            cached = [
                m.union
                for m in Membership.objects.active().filter(user=user).select_related("union").order_by("created_at", "pk")
            ]
        user._campaign_member_units = cached
    return cached


def primary_unit(user):
    units = member_units(user)
    return units[0] if units else None


def within_member_units_q(user, field):
    """Objects whose unit (``field`` is its path) is the user's member unit or one of its ancestors."""
    paths = ancestor_paths(u.path for u in member_units(user))
    return Q(**{f"{field}__in": paths}) if paths else Q(pk__in=[])


def _above_roles_q(user, field):
    """Objects of the units above the user's roles: an officer sees what is addressed to their unit's
    ancestors (the campaign they carry out) even without a membership of their own."""
    roles = [p for p in scope_paths(user) if p]
    paths = ancestor_paths(roles)
    return Q(**{f"{field}__in": paths}) if paths else Q(pk__in=[])


def role_units(user, kinds=None):
    """The units the user's roles sit on (the tops of their subtrees); roots for superusers."""
    paths = scope_paths(user) if kinds is None else scope_paths(user, kinds)
    if paths == [""]:
        return Union.objects.filter(parent__isnull=True).order_by("name")
    return Union.objects.filter(path__in=paths).order_by("path")


def admin_units(user):
    return role_units(user, kinds=(Role.Kind.ADMIN,))


def can_write_lessons(user):
    return user.is_authenticated and (user.is_superuser or bool(scope_paths(user, (Role.Kind.ADMIN,))))


# --- Campaigns ----------------------------------------------------------------------------------


def campaigns_visible_to(user):
    qs = Campaign.objects.select_related("unit")
    if not user.is_authenticated:
        return qs.public()
    return qs.filter(
        Q(is_public=True) | within_member_units_q(user, "unit__path") | _above_roles_q(user, "unit__path") | scope_q(user, "unit__path")
    )


def get_campaign_for_user(user, slug):
    return get_object_or_404(campaigns_visible_to(user), slug=slug)


def campaigns_managed(user):
    return Campaign.objects.filter(scope_q(user, "unit__path")).select_related("unit")


def campaigns_attachable(user):
    """Campaigns an officer may attach their news and kits to: those of their subtrees, and those
    organised above them for a subtree that includes theirs (the national Congress campaign)."""
    paths = scope_paths(user)
    if paths == [""]:
        return Campaign.objects.select_related("unit")
    above = ancestor_paths(paths)
    return Campaign.objects.filter(scope_q(user, "unit__path") | Q(unit__path__in=above)).select_related("unit")


def get_campaign_for_manager(user, slug):
    return get_object_or_404(campaigns_managed(user), slug=slug)


def shares_count(campaign, unit=None):
    """Verified share proofs of the campaign's kits, in ``unit``'s subtree or overall."""
    qs = ShareProof.objects.filter(kit__campaign=campaign, status=ShareProof.Status.VERIFIED)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.count()


# --- News ---------------------------------------------------------------------------------------


def news_visible_to(user):
    qs = NewsPost.objects.published().select_related("unit")
    if not user.is_authenticated:
        return qs.filter(is_public=True)
    return qs.filter(
        Q(is_public=True) | within_member_units_q(user, "unit__path") | _above_roles_q(user, "unit__path") | scope_q(user, "unit__path")
    )


def news_for_member(user):
    """News of the user's own units and their ancestors (what "my subtree" publishes to me)."""
    return NewsPost.objects.published().filter(within_member_units_q(user, "unit__path")).select_related("unit")


def get_news_for_user(user, pk):
    return get_object_or_404(news_visible_to(user).prefetch_related("images"), pk=pk)


def news_managed(user):
    return NewsPost.objects.filter(scope_q(user, "unit__path")).select_related("unit")


def get_news_for_manager(user, pk):
    return get_object_or_404(news_managed(user), pk=pk)


# --- Share kits ---------------------------------------------------------------------------------


def kits_for_member(user, campaign=None):
    """Running kits whose audience includes one of the user's units, newest first."""
    paths = [u.path for u in member_units(user)]
    if not paths:
        return ShareKit.objects.none()
    qs = ShareKit.objects.running().for_unit_paths(paths)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.select_related("campaign", "audience").prefetch_related("images").order_by("-created_at", "-id")


def get_kit_for_member(user, pk):
    paths = [u.path for u in member_units(user)]
    qs = ShareKit.objects.for_unit_paths(paths) if paths else ShareKit.objects.none()
    return get_object_or_404(qs.select_related("campaign", "audience").prefetch_related("images"), pk=pk)


def kits_managed(user):
    return ShareKit.objects.filter(scope_q(user, "audience__path")).select_related("audience", "campaign")


def get_kit_for_manager(user, pk):
    return get_object_or_404(kits_managed(user), pk=pk)


def kits_in_view_of(unit):
    """Kits that reach into ``unit``'s subtree: addressed to it, an ancestor, or a descendant."""
    return ShareKit.objects.filter(
        Q(audience__path__in=unit.ancestor_paths()) | Q(audience__path__startswith=unit.path)
    ).select_related("audience", "campaign")


def link_by_code(code):
    return get_object_or_404(TrackedLink.objects.select_related("kit"), code=code)


def member_proofs(user, kit):
    return ShareProof.objects.filter(user=user, kit=kit).order_by("-created_at")


# --- Share proofs -------------------------------------------------------------------------------


def proofs_for_officer(user, status=ShareProof.Status.PENDING):
    qs = ShareProof.objects.filter(scope_q(user, "unit__path")).select_related("user", "unit", "kit")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


def get_proof_for_officer(user, pk):
    return get_object_or_404(proofs_for_officer(user, status=None), pk=pk)


# --- Lessons ------------------------------------------------------------------------------------


def lessons_published():
    return Lesson.objects.filter(is_published=True).order_by("position", "pk")


def lessons_visible_to(user):
    if can_write_lessons(user):
        return Lesson.objects.filter(Q(is_published=True) | scope_q(user, "unit__path", kinds=(Role.Kind.ADMIN,)))
    return lessons_published()


def get_lesson_for_user(user, slug):
    # The quiz model lives in ``contests`` (above this app): reached through the relation, not imported.
    quizzes = Lesson._meta.get_field("quizzes").related_model.objects.filter(is_published=True)
    return get_object_or_404(lessons_visible_to(user).prefetch_related(Prefetch("quizzes", queryset=quizzes)), slug=slug)


def get_lesson_for_author(user, slug):
    qs = Lesson.objects.filter(scope_q(user, "unit__path", kinds=(Role.Kind.ADMIN,)))
    return get_object_or_404(qs, slug=slug)


def completed_lesson_ids(user):
    if not user.is_authenticated:
        return set()
    return set(LessonCompletion.objects.filter(user=user).values_list("lesson_id", flat=True))


def get_completion_for_user(user, lesson):
    return get_object_or_404(LessonCompletion.objects.select_related("lesson", "unit", "user"), user=user, lesson=lesson)


# --- Statistics ---------------------------------------------------------------------------------


def default_stats_unit(user):
    return role_units(user).first()


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
    """Per-branch figures under ``parent``: members, reached, claimed, verified, clicks, lessons.

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


def can_manage_lessons(user, unit):
    return is_admin_of(user, unit)
