from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from unions.scope import scope_for


class IsOfficer(BasePermission):
    """A key whose owner manages some subtree (officer, editor or admin role; or a superuser).
    An owner who has lost every role gets 403: the key still works once a role is given back."""

    message = _("Chủ khóa không còn giữ vai trò cán bộ nào.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and scope_for(user).is_officer)
