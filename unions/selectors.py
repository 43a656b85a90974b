"""Reads for the organisation tree."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Q, Sum
from django.db.models.functions import Substr

from .models import Membership, Role, Union

# People in Vietnamese alphabetical order: given name, then the whole name (``User.sort_name``).
BY_NAME = ("user__sort_name", "user_id", "pk")


def union_children(union):
    return Union.objects.filter(parent=union).order_by("name")


def union_members(union, query=""):
    from accounts.text import fold

    qs = Membership.objects.active().filter(union=union).select_related("user").order_by(*BY_NAME)
    folded = fold(query)
    if folded:
        qs = qs.filter(user__search_text__contains=folded)
    return qs


def union_pending(union):
    return Membership.objects.pending().filter(union=union).select_related("user").order_by(*BY_NAME)


def union_roles(union):
    return Role.objects.filter(union=union).select_related("user").order_by("user__sort_name", "user_id", "kind")


def subtree_member_total(union):
    """Active members of ``union`` and of every unit below it (one indexed prefix scan)."""
    return Union.objects.subtree_of(union).aggregate(total=Sum("member_count"))["total"] or 0


def subtree_member_totals(units):
    """``{unit pk: active members of the unit's whole subtree}`` for ``units`` (a page of them).

    ``Union.member_count`` counts a unit's own members only; an upper-level union has few or none
    of its own, so a list of child units shows these totals instead. One query per distinct path
    length among ``units`` (one for the children of a unit): the rows under each unit's path
    prefix, grouped by that prefix.
    """
    by_length = defaultdict(dict)
    for unit in units:
        by_length[len(unit.path)][unit.path] = unit.pk
    totals = {}
    for length, paths in by_length.items():
        rows = (
            Union.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))
            .annotate(top=Substr("path", 1, length))
            .values("top")
            .annotate(total=Sum("member_count"))
            .order_by()
        )
        found = {row["top"]: row["total"] or 0 for row in rows}
        totals.update((pk, found.get(path, 0)) for path, pk in paths.items())
    return totals


def with_subtree_totals(units):
    """The units as a list, each with ``subtree_members`` set (see :func:`subtree_member_totals`)."""
    units = list(units)
    totals = subtree_member_totals(units)
    for unit in units:
        unit.subtree_members = totals.get(unit.pk, 0)
    return units


def unit_officers(union, kinds=(Role.Kind.OFFICER, Role.Kind.ADMIN)):
    """The active accounts that act for ``union``: officers and admins of the unit itself, else of
    its nearest ancestor that has any (a new grassroots union may have no officer yet; its upper
    union approves for it). Units whose validity ended are skipped. One query."""
    from django.utils import timezone

    today = timezone.localdate()
    roles = (
        Role.objects.filter(union__path__in=union.ancestor_paths(), kind__in=kinds, user__is_active=True)
        .filter(Q(union__valid_to__isnull=True) | Q(union__valid_to__gte=today))
        .select_related("user")
        .order_by("-union__depth", "user__sort_name", "user_id")
    )
    nearest, users = None, {}
    for role in roles:
        if nearest is None:
            nearest = role.union_id
        if role.union_id != nearest:
            break
        users.setdefault(role.user_id, role.user)
    return list(users.values())


def user_role_paths(user):
    """Paths of the units where ``user`` holds any role (expired units included)."""
    return list(Role.objects.filter(user=user).values_list("union__path", flat=True))


def grassroots_units_count(unit, start, end, *, subtree=True):
    """Grassroots unions of the unit('s subtree) valid at some point of the period (for reports)."""
    from django.db.models import Q

    from .models import Level, Union

    q = Q(path__startswith=unit.path) if subtree else Q(pk=unit.pk)
    return (
        Union.objects.filter(q, level=Level.GRASSROOTS)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .count()
    )


def locked_out_user_ids(memberships):
    """Ids of the users of ``memberships`` with login failures within the lockout window (one query).

    Any recent failure on the account shows the unlock button: the officer cannot tell from here
    from which address the member is locked out, and unlocking clears them all.
    """
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    from accounts.lockout import account_key

    keys = {account_key(m.user): m.user_id for m in memberships}
    if not keys:
        return set()
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    found = AccessAttempt.objects.filter(username__in=list(keys), attempt_time__gte=since)
    return {keys[name] for name in found.values_list("username", flat=True).distinct()}
