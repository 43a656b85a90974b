from django import forms
from django.contrib import admin

from core.html import clean_rich_text

from .models import Campaign, KitImage, Lesson, LessonCompletion, NewsImage, NewsPost, ShareKit, ShareProof, TrackedLink
from .sharing import TARGET_ERROR, is_safe_target


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
class CampaignAdmin(CreatedByAdminMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on", "is_public")
    list_filter = ("is_public",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "created_by")


class NewsImageInline(admin.TabularInline):
    model = NewsImage
    extra = 0


@admin.register(NewsPost)
class NewsPostAdmin(CreatedByAdminMixin, RichTextAdminMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "campaign", "is_public", "published_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    raw_id_fields = ("unit", "campaign", "created_by")
    inlines = [NewsImageInline]


class KitImageInline(admin.TabularInline):
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
class ShareKitAdmin(CreatedByAdminMixin, admin.ModelAdmin):
    form = ShareKitAdminForm
    list_display = ("title", "audience", "campaign", "valid_from", "valid_to", "created_at")
    search_fields = ("title", "caption")
    raw_id_fields = ("audience", "campaign", "created_by")
    inlines = [KitImageInline]


@admin.register(TrackedLink)
class TrackedLinkAdmin(admin.ModelAdmin):
    list_display = ("code", "kit", "user", "unit", "clicks")
    search_fields = ("code",)
    raw_id_fields = ("kit", "user", "unit")


@admin.register(ShareProof)
class ShareProofAdmin(admin.ModelAdmin):
    list_display = ("post_url", "kit", "user", "unit", "network", "status", "created_at")
    list_filter = ("status", "network")
    search_fields = ("post_url",)
    raw_id_fields = ("kit", "user", "unit", "decided_by")


@admin.register(Lesson)
class LessonAdmin(CreatedByAdminMixin, RichTextAdminMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "position", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "created_by")


@admin.register(LessonCompletion)
class LessonCompletionAdmin(admin.ModelAdmin):
    list_display = ("lesson", "user", "unit", "score_percent", "completed_at")
    raw_id_fields = ("lesson", "user", "unit")
