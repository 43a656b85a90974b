from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a notification is about; users may turn email off per category."""

    ACCOUNT = "account", _("Tài khoản và đơn vị")
    REVIEW = "review", _("Duyệt bài")
    SUBMISSION = "submission", _("Bài gửi của tôi")
    CAMPAIGN = "campaign", _("Chiến dịch và chia sẻ")
    REPORT = "report", _("Báo cáo")
    CONTEST = "contest", _("Cuộc thi")
    INCIDENT = "incident", _("Vụ việc nóng")
    REMINDER = "reminder", _("Nhắc hạn")
    DIGEST = "digest", _("Tổng hợp hằng tuần")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification: shown under the bell until read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận")
    )
    category = models.CharField(_("loại"), max_length=16, choices=Category.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class EmailOptOut(models.Model):
    """A user who does not want emails of one category (in-app notifications still come)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs")
    category = models.CharField(max_length=16, choices=Category.choices)

    class Meta:
        verbose_name = _("từ chối email")
        verbose_name_plural = _("từ chối email")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="email_opt_out_unique")]

    def __str__(self):
        return f"{self.user} — {self.category}"
