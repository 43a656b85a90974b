from django.contrib import admin

from .models import EmailOptOut, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "category", "title", "read_at")
    list_filter = ("category",)
    search_fields = ("title", "recipient__full_name", "recipient__username")
    raw_id_fields = ("recipient",)
    list_select_related = ("recipient",)


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "category")
    raw_id_fields = ("user",)
