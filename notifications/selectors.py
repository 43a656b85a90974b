"""Reads for notifications: which categories can reach a user (the email preferences page)."""

from unions.models import PATH_STEP, Role
from unions.scope import scope_for

from .models import CATEGORY_AUDIENCES, Audience, Category

HQ_KINDS = (Role.Kind.OFFICER, Role.Kind.ADMIN)  # the weekly digest's recipients (digest.send)


def audiences_of(user):
    """The ``Audience`` groups ``user`` belongs to, from the request's scope (no extra query
    once the scope has read the user's roles and memberships)."""
    scope = scope_for(user)
    out = {Audience.EVERYONE}
    if scope.member_units:
        out.add(Audience.MEMBER)
    if scope.is_officer:
        out.add(Audience.OFFICER)
    if any(kind in HQ_KINDS and len(path) == PATH_STEP for kind, _pk, path in scope.roles):
        out.add(Audience.HQ)
    return out


def categories_for(user):
    """The categories that can reach ``user``, in the order of ``Category``."""
    audiences = audiences_of(user)
    return [category for category in Category if CATEGORY_AUDIENCES[category] & audiences]
