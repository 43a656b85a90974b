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
