import datetime as dt
import enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a notification is about; users may turn email off per category.

    Who can receive each (``CATEGORY_AUDIENCES``; the preferences page shows a user only the
    categories that can reach them — keep the table right when a feature starts notifying
    someone new):

    ========== ================================================================ ==============
    category   sent for                                                         to
    ========== ================================================================ ==============
    account    the account and its unit: a registration waiting for approval    everyone
               (to officers), notices about one's own account
    review     submissions waiting for review, their review deadline            officers
    submission decisions on one's own submissions                               members
    campaign   campaigns and share kits ending (members only see share-proof    officers
               checks in the portal, never by email)
    report     report periods and deadlines                                     officers
    contest    quizzes and contests one plays or enters, results, prizes        members
    incident   labour-relations hot issues (an officers-only feature)           officers
    reminder   reminders of other deadlines (reminder rules go to officers)     officers
    digest     the weekly digest of overdue units                               HQ: officers
                                                                                and admins of
                                                                                a root unit
    ========== ================================================================ ==============
    """

    ACCOUNT = "account", _("Tài khoản và đơn vị")
    REVIEW = "review", _("Duyệt bài")
    SUBMISSION = "submission", _("Bài gửi của tôi")
    CAMPAIGN = "campaign", _("Chiến dịch và chia sẻ")
    REPORT = "report", _("Báo cáo")
    CONTEST = "contest", _("Cuộc thi")
    INCIDENT = "incident", _("Vụ việc nóng")
    REMINDER = "reminder", _("Nhắc hạn")
    DIGEST = "digest", _("Tổng hợp hằng tuần")


class Audience(enum.StrEnum):
    """Groups of users a category can reach (a user may be in several; ``selectors.audiences_of``)."""

    EVERYONE = "everyone"  # every signed-in account
    MEMBER = "member"  # an active membership somewhere
    OFFICER = "officer"  # an officer, editor or admin role on a valid unit (or a superuser)
    HQ = "hq"  # an officer or admin role on a root unit


CATEGORY_AUDIENCES = {
    Category.ACCOUNT: {Audience.EVERYONE},
    Category.REVIEW: {Audience.OFFICER},
    Category.SUBMISSION: {Audience.MEMBER},
    Category.CAMPAIGN: {Audience.OFFICER},
    Category.REPORT: {Audience.OFFICER},
    Category.CONTEST: {Audience.MEMBER},
    Category.INCIDENT: {Audience.OFFICER},
    Category.REMINDER: {Audience.OFFICER},
    Category.DIGEST: {Audience.HQ},
}

CATEGORY_HELP = {
    Category.ACCOUNT: _("Tài khoản của bạn và đơn vị; với cán bộ: đăng ký đoàn viên mới chờ duyệt."),
    Category.REVIEW: _("Bài gửi chờ bạn duyệt và hạn duyệt bài."),
    Category.SUBMISSION: _("Kết quả duyệt bài bạn đã gửi."),
    Category.CAMPAIGN: _("Chiến dịch và bộ nội dung chia sẻ sắp kết thúc."),
    Category.REPORT: _("Kỳ báo cáo và hạn nộp báo cáo."),
    Category.CONTEST: _("Cuộc thi, trắc nghiệm bạn tham gia: kết quả, giải thưởng."),
    Category.INCIDENT: _("Vụ việc nóng về quan hệ lao động."),
    Category.REMINDER: _("Nhắc hạn các công việc khác của đơn vị."),
    Category.DIGEST: _("Bản tổng hợp các đơn vị quá hạn, gửi sáng thứ Hai hằng tuần."),
}


class EmailStatus(models.TextChoices):
    NONE = "none", _("Không gửi email")
    OPTED_OUT = "opted_out", _("Người nhận đã tắt email loại này")
    NO_ADDRESS = "no_address", _("Không có địa chỉ email")
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class EmailOutbox(models.Model):
    """The email channel of a row: sent by a task that claims it with a conditional UPDATE.

    ``pending`` → ``sending`` (claimed, with a lease) → ``sent`` or back to ``pending`` (retry
    with backoff) → ``failed`` after ``EMAIL_MAX_ATTEMPTS``. A worker killed while sending leaves
    ``sending`` with an expired lease; the periodic scan hands such rows to a worker again.
    """

    email_status = models.CharField(
        _("email"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi email"), default=0)
    email_next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    email_lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    email_sent_at = models.DateTimeField(_("gửi email lúc"), null=True, blank=True)
    email_error = models.TextField(_("lỗi email"), blank=True)

    class Meta:
        abstract = True


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(EmailOutbox):
    """An in-app notification: shown under the bell until read; optionally emailed too."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận")
    )
    category = models.CharField(_("loại"), max_length=16, choices=Category.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    # English text, when the sender had one (reminder rules do); shown to users reading in English.
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    body_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            models.Index(
                fields=["email_status", "email_next_attempt_at"],
                name="notification_email_due_idx",
                condition=models.Q(email_status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return self.title

    def title_for(self, language):
        return self.title_en if language == "en" and self.title_en else self.title

    def body_for(self, language):
        return self.body_en if language == "en" and self.body_en else self.body


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


class ReminderRule(models.Model):
    """When, whom and how to remind about a deadline kind. Edited by HQ in the admin.

    ``offset`` is relative to the deadline: negative before it, zero on it, positive overdue. An
    overdue rule may escalate: the officers of the nearest ancestor unit that has any (the parent,
    else the grandparent, …) are told too. Templates may use
    ``{title}``, ``{unit}``, ``{due}``, ``{days}`` (whole days before or after) and ``{label}``
    (the deadline kind).
    """

    PLACEHOLDERS = ("title", "unit", "due", "days", "label")

    name = models.CharField(_("tên quy tắc"), max_length=120)
    kind = models.CharField(
        _("loại hạn"), max_length=64, blank=True, db_index=True,
        help_text=_("Để trống: áp dụng cho mọi loại hạn."),
    )
    offset_days = models.SmallIntegerField(
        _("số ngày so với hạn"), default=0,
        help_text=_("Âm: trước hạn (−7 = trước 7 ngày); 0: đúng ngày; dương: quá hạn."),
    )
    offset_hours = models.SmallIntegerField(_("số giờ so với hạn"), default=0)
    notify_officers = models.BooleanField(
        _("nhắc cán bộ đơn vị"), default=True,
        help_text=_("Cán bộ của chính đơn vị (hoặc người được giao, nếu loại hạn chỉ định)."),
    )
    escalate = models.BooleanField(
        _("báo lên đơn vị cấp trên"), default=False,
        help_text=_(
            "Chỉ với quy tắc quá hạn: báo cả cán bộ của đơn vị cấp trên gần nhất có cán bộ "
            "(cấp trên trực tiếp; nếu không có ai thì cấp trên nữa…)."
        ),
    )
    in_app = models.BooleanField(_("thông báo trên cổng"), default=True)
    email = models.BooleanField(_("gửi email"), default=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    message = models.TextField(_("nội dung"))
    subject_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    message_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy tắc nhắc hạn")
        verbose_name_plural = _("quy tắc nhắc hạn")
        ordering = ["kind", "offset_days", "offset_hours", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(escalate=False) | models.Q(offset_days__gt=0)
                | models.Q(offset_days=0, offset_hours__gt=0),
                name="reminder_rule_escalate_only_overdue",
            ),
            models.CheckConstraint(
                condition=models.Q(in_app=True) | models.Q(email=True), name="reminder_rule_some_channel"
            ),
            models.CheckConstraint(
                condition=models.Q(notify_officers=True) | models.Q(escalate=True),
                name="reminder_rule_some_recipient",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def offset(self):
        return dt.timedelta(days=self.offset_days, hours=self.offset_hours)

    @property
    def is_overdue_rule(self):
        """Whether the rule fires after the deadline (only these may escalate)."""
        return self.offset > dt.timedelta(0)

    def applies_to(self, deadline_kind):
        """Whether this rule reminds about ``deadline_kind`` (a ``deadlines.DeadlineKind``).

        A blank kind means every kind that takes generic rules; overdue rules skip kinds that are ends, not tasks.
        """
        if self.kind and self.kind != deadline_kind.kind:
            return False
        if not self.kind and not deadline_kind.generic_rules:
            return False
        return deadline_kind.overdue or not self.is_overdue_rule

    def fires_at(self, due_at):
        return due_at + self.offset

    def clean(self):
        from . import deadlines, templating

        errors = {}
        if self.kind and deadlines.get(self.kind) is None:
            errors["kind"] = _("Loại hạn không tồn tại.")
        if self.escalate and not self.is_overdue_rule:
            errors["escalate"] = _("Chỉ quy tắc sau hạn (quá hạn) mới báo lên cấp trên.")
        if not (self.in_app or self.email):
            errors["email"] = _("Chọn ít nhất một kênh: trên cổng hoặc email.")
        if not (self.notify_officers or self.escalate):
            errors["notify_officers"] = _("Chọn người nhận: cán bộ đơn vị hoặc cấp trên.")
        for name in ("subject", "message", "subject_en", "message_en"):
            unknown = templating.unknown_placeholders(getattr(self, name) or "", self.PLACEHOLDERS)
            if unknown:
                errors[name] = _("Không có biến %(names)s. Dùng: %(allowed)s.") % {
                    "names": ", ".join(f"{{{n}}}" for n in unknown),
                    "allowed": ", ".join(f"{{{n}}}" for n in self.PLACEHOLDERS),
                }
        if errors:
            raise ValidationError(errors)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi")


class Delivery(EmailOutbox):
    """One reminder to one person under one rule for one deadline instance — at most once.

    The unique constraint on (deadline_key, recipient, rule) is what makes the scan safe to run
    twice, concurrently, or after a crash: the row is claimed by inserting it.
    """

    Status = DeliveryStatus

    rule = models.ForeignKey(ReminderRule, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("quy tắc"))
    deadline_key = models.CharField(_("mã hạn"), max_length=200)
    kind = models.CharField(_("loại hạn"), max_length=64)
    category = models.CharField(_("loại thông báo"), max_length=16, choices=Category.choices)
    unit = models.ForeignKey(
        "unions.Union", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    due_at = models.DateTimeField(_("hạn"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries",
        verbose_name=_("người nhận"),
    )
    escalation = models.BooleanField(_("báo lên cấp trên"), default=False)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    message = models.TextField(_("nội dung"), blank=True)
    subject_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    message_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("thông báo trên cổng"),
    )
    status = models.CharField(_("kết quả"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    claim = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lượt gửi nhắc hạn")
        verbose_name_plural = _("nhật ký gửi nhắc hạn")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline_key", "recipient", "rule"], name="delivery_once_per_rule"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="delivery_recipient_idx"),
            models.Index(
                fields=["email_status", "email_next_attempt_at"],
                name="delivery_email_due_idx",
                condition=models.Q(email_status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient_id}"


class DigestRun(models.Model):
    """One weekly digest per ISO week: inserting the row claims the week (two beats send one digest)."""

    week = models.CharField(max_length=10, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    overdue_units = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bản tổng hợp tuần")
        verbose_name_plural = _("bản tổng hợp tuần")
        ordering = ["-week"]

    def __str__(self):
        return self.week
