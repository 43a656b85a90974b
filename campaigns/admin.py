from django import forms
from django.contrib import admin

from audit.admin import AuditedAdmin
from core.html import clean_rich_text
from uploads.admin import CheckedUploadsAdmin

from .models import Campaign, KitImage, Lesson, LessonCompletion, NewsImage, NewsPost, ShareKit, ShareProof, TrackedLink
from .sharing import TARGET_ERROR, is_safe_target


class CampaignsAdmin(CheckedUploadsAdmin, AuditedAdmin, admin.ModelAdmin):
    """Every admin of this app: uploads through the checks, saves and deletes audited."""

    unit_field = "unit"

    def audit_unit(self, obj):
        return getattr(obj, self.unit_field, None) if self.unit_field else None


class CreatedByAdminMixin:
    """Items created in the admin record who created them (the field may be left empty)."""

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class RichTextAdminMixin:
    """Bodies shown with ``|safe`` are sanitised here too, as the portal's own forms do."""

    def save_model(self, request, obj, form, change):
        obj.body = clean_rich_text(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Campaign)
class CampaignAdmin(CreatedByAdminMixin, CampaignsAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on", "is_public")
    list_filter = ("is_public",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "created_by")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "hero_image" in form.changed_data and obj.hero_image:
            # The share card follows the new hero, as on the portal's campaign form.
            from .services import _og_from

            card = _og_from(obj.hero_image)
            if card is not None:
                obj.og_image.save(card.name, card, save=True)


class NewsImageInline(CheckedUploadsAdmin, admin.TabularInline):
    model = NewsImage
    extra = 0


@admin.register(NewsPost)
class NewsPostAdmin(CreatedByAdminMixin, RichTextAdminMixin, CampaignsAdmin):
    list_display = ("title", "unit", "campaign", "is_public", "published_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    raw_id_fields = ("unit", "campaign", "created_by")
    inlines = [NewsImageInline]


class KitImageInline(CheckedUploadsAdmin, admin.TabularInline):
    model = KitImage
    extra = 0


class ShareKitAdminForm(forms.ModelForm):
    class Meta:
        model = ShareKit
        fields = ["audience", "campaign", "title", "caption", "hashtags", "target_url", "valid_from", "valid_to",
                  "created_by"]

    def clean_target_url(self):
        value = self.cleaned_data["target_url"].strip()
        if not is_safe_target(value):
            raise forms.ValidationError(TARGET_ERROR)
        return value


@admin.register(ShareKit)
class ShareKitAdmin(CreatedByAdminMixin, CampaignsAdmin):
    form = ShareKitAdminForm
    unit_field = "audience"
    list_display = ("title", "audience", "campaign", "valid_from", "valid_to", "created_at")
    search_fields = ("title", "caption")
    raw_id_fields = ("audience", "campaign", "created_by")
    inlines = [KitImageInline]


@admin.register(TrackedLink)
class TrackedLinkAdmin(CampaignsAdmin):
    """Links and their click counts are made by the portal: read-only here."""

    list_display = ("code", "kit", "user", "unit", "clicks")
    search_fields = ("code",)
    raw_id_fields = ("kit", "user", "unit")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ShareProof)
class ShareProofAdmin(CampaignsAdmin):
    """Read-only: proofs are verified or rejected on the review page (audited, the member told)."""

    list_display = ("post_url", "kit", "user", "unit", "network", "status", "created_at")
    list_filter = ("status", "network")
    search_fields = ("post_url",)
    readonly_fields = [f.name for f in ShareProof._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lesson)
class LessonAdmin(CreatedByAdminMixin, RichTextAdminMixin, CampaignsAdmin):
    list_display = ("title", "unit", "position", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "created_by")


@admin.register(LessonCompletion)
class LessonCompletionAdmin(CampaignsAdmin):
    """Completions come from the quiz: read-only here."""

    list_display = ("lesson", "user", "unit", "score_percent", "completed_at")
    raw_id_fields = ("lesson", "user", "unit")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
