"""Scoped access: who may see and manage which units and members.

A role on a unit covers its whole subtree. Every view looks objects up through these helpers, so an
object outside the user's subtree is a 404 (not a 403: its existence is not revealed).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Membership, Role, Union

MANAGER_KINDS = (Role.Kind.OFFICER, Role.Kind.EDITOR, Role.Kind.ADMIN)


def _role_paths(user):
    """{kind: [paths]} of the user's roles, cached on the user object for the request."""
    cached = getattr(user, "_role_paths_cache", None)
    if cached is None:
        cached = {}
        if user.is_authenticated:
            today = timezone.localdate()
            roles = Role.objects.filter(user=user).filter(
                Q(union__valid_to__isnull=True) | Q(union__valid_to__gte=today)
            )
            for kind, path in roles.values_list("kind", "union__path"):
                cached.setdefault(kind, []).append(path)
        user._role_paths_cache = cached
    return cached


def _minimal(paths):
    """Drop paths already covered by a shorter one."""
    out = []
    for path in sorted(set(paths)):
        if not out or not path.startswith(out[-1]):
            out.append(path)
    return out


def scope_paths(user, kinds=MANAGER_KINDS):
    """Paths of the subtrees the user manages with one of ``kinds``. Superusers: everything."""
    if user.is_superuser:
        return [""]
    roles = _role_paths(user)
    return _minimal(path for kind in kinds for path in roles.get(kind, []))


def scope_q(user, field="path", kinds=MANAGER_KINDS):
    """A filter on ``field`` (a unit path) for the user's subtrees; matches nothing if none."""
    paths = scope_paths(user, kinds)
    if paths == [""]:
        # Everything — and it must stay everything when OR-ed with another filter: an empty Q()
        # is dropped from ``Q(...) | Q()``, which hid every private object from superusers.
        return ~Q(pk__in=[])
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def is_officer(user):
    return user.is_authenticated and bool(scope_paths(user))


def is_admin_of(user, union):
    """Whether the user holds an admin role on ``union`` or one of its ancestors."""
    if user.is_superuser:
        return True
    return any(union.path.startswith(p) for p in _role_paths(user).get(Role.Kind.ADMIN, []))


def can_manage(user, union):
    return any(union.path.startswith(p) for p in scope_paths(user))


def managed_unions(user):
    return Union.objects.filter(scope_q(user))


def get_union_for_user(user, pk):
    """The unit with ``pk`` if the user manages it (directly or through an ancestor), else 404."""
    return get_object_or_404(managed_unions(user), pk=pk)


def get_membership_for_user(user, pk, union=None):
    """A membership in a unit the user manages, else 404."""
    qs = Membership.objects.select_related("user", "union").filter(scope_q(user, field="union__path"))
    if union is not None:
        qs = qs.filter(union=union)
    return get_object_or_404(qs, pk=pk)


def get_role_for_user(user, pk):
    """A role on a unit the user administers (admin role on it or above), else 404."""
    qs = Role.objects.select_related("user", "union").filter(
        scope_q(user, field="union__path", kinds=(Role.Kind.ADMIN,))
    )
    return get_object_or_404(qs, pk=pk)


def temp_password_refusal(user, target, target_role_paths):
    """Why ``user`` may not give ``target`` a temporary password, or ``None`` if they may.

    ``target`` is already known to be an active member of a unit ``user`` manages (the lookup is
    scoped). On top of that: not oneself; never a staff or superuser account unless ``user`` is a
    superuser; and every role ``target`` holds (``target_role_paths``: the paths of its units) must
    sit strictly inside a subtree ``user`` manages — a role on the same unit, above it or in another
    branch means the account is not the officer's to take over (an officer must not reset HQ's
    password, nor a fellow officer's). Returns a message for the user.
    """
    from django.utils.translation import gettext as _

    if target.pk == user.pk:
        return _("Bạn không thể tự cấp mật khẩu tạm cho mình; hãy dùng trang đổi mật khẩu.")
    if (target.is_superuser or target.is_staff) and not user.is_superuser:
        return _("Không thể cấp mật khẩu tạm cho tài khoản quản trị hệ thống.")
    scopes = scope_paths(user)
    for path in target_role_paths:
        if not any(path.startswith(scope) and len(path) > len(scope) for scope in scopes):
            return _(
                "Không thể cấp mật khẩu tạm cho người này: họ giữ vai trò cán bộ ngang cấp hoặc cao hơn "
                "bạn, hoặc ngoài phạm vi bạn quản lý."
            )
    if not target.is_active:
        return _("Tài khoản này đã bị khóa; không thể cấp mật khẩu tạm.")
    return None


def member_unions(user):
    """Units where the user is an active member."""
    return Union.objects.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE)


def officer_required(view):
    """Signed-in users with an officer, editor or admin role; anyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
