from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import deadlines
from .models import Delivery, DigestRun, EmailOptOut, Notification, ReminderRule


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "category", "title", "read_at", "email_status")
    list_filter = ("category", "email_status")
    search_fields = ("title", "recipient__full_name", "recipient__username", "recipient__email")
    raw_id_fields = ("recipient",)
    list_select_related = ("recipient",)
    readonly_fields = ("email_status", "email_attempts", "email_next_attempt_at", "email_sent_at", "email_error")


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "category")
    list_filter = ("category",)
    search_fields = ("user__full_name", "user__username", "user__email")
    raw_id_fields = ("user",)
    list_select_related = ("user",)


def _kind_choices():
    return [("", _("Mọi loại hạn")), *deadlines.choices()]


class ReminderRuleForm(forms.ModelForm):
    kind = forms.TypedChoiceField(label=_("loại hạn"), choices=_kind_choices, required=False, empty_value="")

    class Meta:
        model = ReminderRule
        fields = ("name", "kind", "is_active", "offset_days", "offset_hours", "notify_officers", "escalate", "in_app",
                  "email", "subject", "message", "subject_en", "message_en")


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    form = ReminderRuleForm
    list_display = ("name", "kind_label", "offset_days", "offset_hours", "notify_officers", "escalate", "in_app",
                    "email", "is_active")
    list_filter = ("is_active", "escalate", "email", "in_app")
    search_fields = ("name", "subject", "kind")
    fieldsets = (
        (None, {"fields": ("name", "kind", "is_active")}),
        (_("Thời điểm"), {"fields": ("offset_days", "offset_hours")}),
        (_("Người nhận và kênh"), {"fields": ("notify_officers", "escalate", "in_app", "email")}),
        (_("Nội dung"), {
            "fields": ("subject", "message", "subject_en", "message_en"),
            "description": _("Biến dùng được: {title} (tên việc), {unit} (đơn vị), {due} (hạn), "
                             "{days} (số ngày trước/sau hạn), {label} (loại hạn)."),
        }),
    )

    @admin.display(description=_("loại hạn"), ordering="kind")
    def kind_label(self, rule):
        if not rule.kind:
            return _("Mọi loại hạn")
        kind = deadlines.get(rule.kind)
        return kind.label if kind else rule.kind


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: who was reminded of what, when, on which channel, with what result."""

    list_display = ("created_at", "recipient", "subject", "unit", "rule", "escalation", "in_app_result",
                    "email_status", "email_attempts", "status")
    list_filter = ("status", "email_status", "escalation", "kind", "rule")
    search_fields = ("recipient__full_name", "recipient__username", "recipient__email", "subject", "deadline_key",
                     "unit__name", "unit__code", "email_error")
    date_hierarchy = "created_at"
    list_select_related = ("recipient", "unit", "rule")
    raw_id_fields = ("recipient", "unit", "notification")
    readonly_fields = [f.name for f in Delivery._meta.fields if f.name != "id"]

    @admin.display(description=_("trên cổng"), boolean=True)
    def in_app_result(self, delivery):
        return delivery.notification_id is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ("week", "created_at", "overdue_units", "recipients")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
