"""Read-only admin: writes go through the services (state rules, audit rows, notifications)."""

from django.contrib import admin

from uploads.admin import CheckedUploadsAdmin

from .models import HotIssue, HotIssueUpdate, Misinformation, Rebuttal, TakedownRequest


class ReadOnlyAdmin(CheckedUploadsAdmin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HotIssue)
class HotIssueAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "severity", "status", "unit", "assigned_unit", "workers_involved", "reported_at")
    list_filter = ("status", "kind", "severity")
    search_fields = ("title", "employer")


@admin.register(HotIssueUpdate)
class HotIssueUpdateAdmin(ReadOnlyAdmin):
    list_display = ("issue", "kind", "author", "created_at")


@admin.register(Misinformation)
class MisinformationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "platform", "rating", "status", "unit", "found_at")
    list_filter = ("status", "rating", "platform")


@admin.register(Rebuttal)
class RebuttalAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "published_at")


@admin.register(TakedownRequest)
class TakedownRequestAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "outcome", "sent_at", "due_at")
