from django.contrib import admin

from .models import Campaign, KitImage, Lesson, LessonCompletion, NewsImage, NewsPost, ShareKit, ShareProof, TrackedLink


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on", "is_public")
    list_filter = ("is_public",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "created_by")


class NewsImageInline(admin.TabularInline):
    model = NewsImage
    extra = 0


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "campaign", "is_public", "published_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    raw_id_fields = ("unit", "campaign", "created_by")
    inlines = [NewsImageInline]


class KitImageInline(admin.TabularInline):
    model = KitImage
    extra = 0


@admin.register(ShareKit)
class ShareKitAdmin(admin.ModelAdmin):
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
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "position", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit", "created_by")


@admin.register(LessonCompletion)
class LessonCompletionAdmin(admin.ModelAdmin):
    list_display = ("lesson", "user", "unit", "score_percent", "completed_at")
    raw_id_fields = ("lesson", "user", "unit")
