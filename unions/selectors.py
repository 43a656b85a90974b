"""Reads for the organisation tree."""

from django.db.models import Sum

from .models import Membership, Role, Union


def union_children(union):
    return Union.objects.filter(parent=union).order_by("name")


def union_members(union, query=""):
    from accounts.text import fold

    qs = Membership.objects.active().filter(union=union).select_related("user").order_by("user__full_name", "pk")
    folded = fold(query)
    if folded:
        qs = qs.filter(user__search_text__contains=folded)
    return qs


def union_pending(union):
    return Membership.objects.pending().filter(union=union).select_related("user").order_by("created_at")


def union_roles(union):
    return Role.objects.filter(union=union).select_related("user").order_by("kind", "user__full_name")


def subtree_member_total(union):
    return Union.objects.subtree_of(union).aggregate(total=Sum("member_count"))["total"] or 0


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
