from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin

from .models import User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    """Account changes (staff and superuser flags, groups, permissions) are audited; the password
    itself never goes into the audit row (only the names of the changed fields do)."""

    list_display = ("username", "full_name", "phone", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone", "email", "search_text")
    ordering = ("sort_name", "id")  # Vietnamese alphabetical order (given name first)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "phone", "email")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "phone", "email", "password1", "password2")}),
    )
