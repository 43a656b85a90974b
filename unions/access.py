"""Access to units, memberships, roles and import batches, built on the user's :class:`Scope`.

A role on a unit covers its whole subtree. Every view looks objects up through these helpers, so an
object outside the user's subtree is a 404 (not a 403: its existence is not revealed). The rules
themselves live in :mod:`unions.scope`; this module only applies them to this app's models.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import ImportBatch, Membership, Role, Union
from .scope import ADMIN_KINDS, MANAGER_KINDS, scope_for

__all__ = [
    "ADMIN_KINDS",
    "MANAGER_KINDS",
    "admin_required_for",
    "get_import_batch_for_user",
    "get_membership_for_user",
    "get_role_for_user",
    "get_union_for_user",
    "managed_unions",
    "member_unions",
    "officer_or_404",
    "officer_required",
    "scope_for",
    "temp_password_refusal",
]


def managed_unions(user, kinds=MANAGER_KINDS):
    return scope_for(user).managed_unions(kinds)


def get_union_for_user(user, pk):
    """The unit with ``pk`` if the user manages it (directly or through an ancestor), else 404."""
    return get_object_or_404(managed_unions(user), pk=pk)


def get_membership_for_user(user, pk, union=None):
    """A membership in a unit the user manages, else 404."""
    qs = Membership.objects.select_related("user", "union").filter(scope_for(user).filter("union__path"))
    if union is not None:
        qs = qs.filter(union=union)
    return get_object_or_404(qs, pk=pk)


def get_role_for_user(user, pk):
    """A role on a unit the user administers (admin role on it or above), else 404."""
    qs = Role.objects.select_related("user", "union").filter(scope_for(user).filter("union__path", ADMIN_KINDS))
    return get_object_or_404(qs, pk=pk)


def get_import_batch_for_user(user, union, pk, *, light=False):
    """An import batch the user started on ``union`` (a unit already looked up through the scope),
    else 404. ``light`` leaves out the stored rows (for the progress poll)."""
    qs = ImportBatch.objects.filter(union=union, created_by=user)
    if light:
        qs = qs.defer("rows", "errors")
    return get_object_or_404(qs, pk=pk)


def admin_required_for(user, union):
    """403 unless the user administers ``union`` (admin role on it or above)."""
    if not scope_for(user).is_admin_of(union):
        raise PermissionDenied


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
    scope = scope_for(user)
    if (target.is_superuser or target.is_staff) and not scope.sees_everything:
        return _("Không thể cấp mật khẩu tạm cho tài khoản quản trị hệ thống.")
    for path in target_role_paths:
        if not (scope.sees_everything or scope.covers_strictly(path)):
            return _(
                "Không thể cấp mật khẩu tạm cho người này: họ giữ vai trò cán bộ ngang cấp hoặc cao hơn "
                "bạn, hoặc ngoài phạm vi bạn quản lý."
            )
    if not target.is_active:
        return _("Tài khoản này đã bị khóa; không thể cấp mật khẩu tạm.")
    return None


def login_unlock_refusal(user, target, target_role_paths):
    """Why ``user`` may not lift ``target``'s login lockout, or ``None`` if they may.

    The same reach as :func:`temp_password_refusal`: a member of a unit ``user`` manages (the
    lookup is scoped), not oneself, no staff account unless ``user`` sees everything, and no one
    holding a role on the same level or above ``user``'s.
    """
    from django.utils.translation import gettext as _

    if target.pk == user.pk:
        return _("Bạn không thể tự mở khóa đăng nhập cho mình.")
    scope = scope_for(user)
    if (target.is_superuser or target.is_staff) and not scope.sees_everything:
        return _("Không thể mở khóa đăng nhập cho tài khoản quản trị hệ thống.")
    for path in target_role_paths:
        if not (scope.sees_everything or scope.covers_strictly(path)):
            return _("Không thể mở khóa cho người này: họ giữ vai trò cán bộ ngang cấp hoặc cao hơn bạn, "
                     "hoặc ngoài phạm vi bạn quản lý.")
    return None


def member_unions(user):
    """Units where the user is an active member."""
    return Union.objects.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE)


def _scoped_view(refusal, allowed):
    """A view decorator: anonymous visitors go to the sign-in page; a signed-in user whose scope is
    not ``allowed(scope)`` gets ``refusal``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not allowed(scope_for(request.user)):
                raise refusal
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


#: Signed-in users with an officer, editor or admin role; anyone else signed in gets 403.
officer_required = _scoped_view(PermissionDenied, lambda scope: scope.is_officer)
#: The same, but anyone else signed in gets 404: pages whose very existence is not shown to
#: members (the hot-issue register, the annual report downloads).
officer_or_404 = _scoped_view(Http404, lambda scope: scope.is_officer)
#: HQ communication admins only (an admin role, or a superuser): the federation's own settings,
#: such as the indicator sets. Anyone else signed in gets 403.
hq_admin_required = _scoped_view(PermissionDenied, lambda scope: scope.is_admin)
