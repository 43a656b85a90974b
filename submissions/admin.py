from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin
from uploads.admin import CheckedUploadsAdmin

from .models import AspirationTopic, ReviewStep, Submission, SubmissionMedia


@admin.register(AspirationTopic)
class AspirationTopicAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "name_en", "position", "is_active")
    list_editable = ("name_en", "position", "is_active")
    search_fields = ("name", "name_en")


class SubmissionMediaInline(admin.TabularInline):
    model = SubmissionMedia
    extra = 0
    fields = ("kind", "file_link", "mime", "size", "status", "error", "duration", "codecs")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("tệp"))
    def file_link(self, obj):
        # The file is in the private storage: link to the access-checked view, never to a storage URL.
        if not obj.pk or not obj.file:
            return "—"
        return format_html('<a href="{}" rel="noopener" target="_blank">{}</a>', obj.original_url, obj)


class ReviewStepInline(admin.TabularInline):
    model = ReviewStep
    fk_name = "submission"
    extra = 0
    fields = ("created_at", "actor", "unit", "decision", "to_unit", "reason")
    readonly_fields = fields
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(CheckedUploadsAdmin, AuditedAdmin, admin.ModelAdmin):
    """Read-mostly: decisions are taken in the review queue, where they are recorded and notified.

    Status, review level, publication scope and the generated images are read-only; text edits
    are audited."""

    list_display = ("title", "kind", "status", "unit", "current_unit", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "search_text")
    raw_id_fields = ("author", "unit", "campaign")
    readonly_fields = (
        "status", "current_unit", "published_unit", "answered_by", "waiting_since", "submitted_at", "published_at",
        "consent_at", "answered_at", "withdrawn_at", "cover", "share_image",
    )
    inlines = [SubmissionMediaInline, ReviewStepInline]

    def save_model(self, request, obj, form, change):
        # The body is shown unescaped on the public page: sanitise it here as the member's form does.
        from core.html import clean_rich_text

        obj.body = clean_rich_text(obj.body)
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)

    def audit_unit(self, obj):
        return obj.unit
