"""Personal-data rights (Vietnam's Law on Personal Data Protection, 2025): consent records with the
privacy notice's version, and members' requests to erase their data.

State rules of an erasure request: it is ``pending`` from the member's request until an officer
of the member's unit (or above) carries it out (``done``) or declines it with a reason
(``declined``: e.g. the data must be kept by law, or the requester is an officer whose roles must
be handed over first). Only a pending request can be decided; its deadline (``due_at``,
``PRIVACY_ERASURE_DAYS`` after the request) is in the notifications deadline registry, so the
unit's officers are reminded and the level above is told when it passes.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    class Purpose(models.TextChoices):
        NOTICE = "notice", _("Đã đọc và đồng ý với thông báo xử lý dữ liệu cá nhân")
        SUBMISSION = "submission", _("Đồng ý cho đăng bài gửi")
        SHARE_PROOF = "share_proof", _("Gửi minh chứng chia sẻ")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents",
                             verbose_name=_("người dùng"))
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    notice_version = models.CharField(_("phiên bản thông báo"), max_length=20)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản ghi đồng ý")
        verbose_name_plural = _("bản ghi đồng ý")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="consent_user_idx")]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.notice_version})"


class ErasureRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        DONE = "done", _("Đã xoá dữ liệu")
        DECLINED = "declined", _("Không thực hiện")

    # Who asked: kept after erasure (the account stays, anonymised) so the request itself is on record.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests",
                             verbose_name=_("người yêu cầu"))
    unit = models.ForeignKey("unions.Union", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    requester_name = models.CharField(_("họ và tên"), max_length=150, blank=True)  # cleared on erasure
    reason = models.TextField(_("lý do"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    due_at = models.DateTimeField(_("hạn xử lý"), db_index=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("người xử lý"))
    answer = models.TextField(_("trả lời"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu xoá dữ liệu")
        verbose_name_plural = _("yêu cầu xoá dữ liệu")
        ordering = ["due_at", "id"]
        constraints = [
            # One open request per member: asking twice does not make two.
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="pending"),
                                    name="erasure_one_pending_per_user"),
        ]

    def __str__(self):
        return f"{self.requester_name or self.user_id} — {self.get_status_display()}"

    def is_pending(self):
        return self.status == self.Status.PENDING

    def is_overdue(self, now=None):
        return self.is_pending() and (now or timezone.now()) > self.due_at
