from django.contrib import admin

from .models import ConsentRecord, ErasureRequest


class _ReadOnly(admin.ModelAdmin):
    """Read-only: consents are given and requests handled on the portal's pages (audited services)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(_ReadOnly):
    list_display = ("created_at", "user", "purpose", "notice_version", "object_type", "object_id")
    list_filter = ("purpose", "notice_version")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__full_name")


@admin.register(ErasureRequest)
class ErasureRequestAdmin(_ReadOnly):
    list_display = ("pk", "unit", "status", "requested_at", "due_at", "decided_by")
    list_filter = ("status",)
    list_select_related = ("unit", "decided_by")
