"""Labour-relations hot issues and counter-misinformation (task 6 of the letter).

Hot issues are sensitive: only officers of the reporting unit and of its ancestors see them
(``incidents.access``). The state rules below are pure model methods; the services apply them.

Hot issue states::

    reported ──acknowledge──▶ acknowledged ──handle──▶ being handled ──resolve──▶ resolved
       │                          │                        │                         │
       └──────────── close (with a reason) ───────────────┴─────────────────────────┘──▶ closed

* ``escalate`` (by an officer, or automatically when the issue is not acknowledged within
  ``INCIDENT_ACK_HOURS[severity]``) moves the issue to the parent of its assigned unit. The new
  level must acknowledge it in its turn: the status goes back to ``reported`` with a new
  acknowledgement deadline. Only open issues (not resolved, not closed) escalate, and never above
  the root.
* The actions on the issue's state are for officers covering the *assigned* unit (that level or
  above); officers of lower units on the chain still see the issue and add updates.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import fold
from uploads.storage import private_storage


class Kind(models.TextChoices):
    WORK_STOPPAGE = "work_stoppage", _("Ngừng việc tập thể")
    WAGE_ARREARS = "wage_arrears", _("Nợ lương")
    SOCIAL_INSURANCE = "social_insurance", _("Nợ bảo hiểm xã hội")
    MASS_LAYOFF = "mass_layoff", _("Cắt giảm lao động hàng loạt")
    UNSAFE = "unsafe", _("Điều kiện làm việc không an toàn")
    ABSCONDING_OWNER = "absconding_owner", _("Chủ doanh nghiệp bỏ trốn")
    TET_BONUS = "tet_bonus", _("Tranh chấp thưởng Tết")
    OTHER = "other", _("Khác")


class Severity(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")
    CRITICAL = "critical", _("Đặc biệt nghiêm trọng")


SEVERITY_ORDER = [Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class Ownership(models.TextChoices):
    FDI = "fdi", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    PRIVATE = "private", _("Doanh nghiệp tư nhân")
    STATE = "state", _("Doanh nghiệp nhà nước")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    REPORTED = "reported", _("Mới báo cáo")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    HANDLING = "handling", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã giải quyết")
    CLOSED = "closed", _("Đã đóng")


OPEN_STATUSES = (Status.REPORTED, Status.ACKNOWLEDGED, Status.HANDLING)

# action -> (statuses it starts from, status it leads to); escalate is handled apart.
TRANSITIONS = {
    "acknowledge": ((Status.REPORTED,), Status.ACKNOWLEDGED),
    "handle": ((Status.ACKNOWLEDGED,), Status.HANDLING),
    "resolve": ((Status.ACKNOWLEDGED, Status.HANDLING), Status.RESOLVED),
    "close": ((Status.REPORTED, Status.ACKNOWLEDGED, Status.HANDLING, Status.RESOLVED), Status.CLOSED),
}
ACTION_LABELS = {
    "acknowledge": _("Tiếp nhận"),
    "handle": _("Bắt đầu xử lý"),
    "resolve": _("Đã giải quyết xong"),
    "close": _("Đóng vụ việc"),
    "escalate": _("Chuyển lên cấp trên"),
}
REASON_REQUIRED = ("resolve", "close", "escalate")


def ack_hours(severity):
    """Hours a level has to acknowledge an issue of ``severity`` before it goes up by itself."""
    return settings.INCIDENT_ACK_HOURS[str(severity)]


class HotIssueQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class HotIssue(models.Model):
    unit = models.ForeignKey("unions.Union", on_delete=models.PROTECT, related_name="hot_issues",
                             verbose_name=_("đơn vị báo cáo"))
    assigned_unit = models.ForeignKey("unions.Union", on_delete=models.PROTECT, related_name="assigned_hot_issues",
                                      verbose_name=_("cấp đang xử lý"))
    title = models.CharField(_("tiêu đề"), max_length=200)
    kind = models.CharField(_("loại vụ việc"), max_length=24, choices=Kind.choices, db_index=True)
    employer = models.CharField(_("doanh nghiệp, người sử dụng lao động"), max_length=255)
    ownership = models.CharField(_("loại hình doanh nghiệp"), max_length=16, choices=Ownership.choices,
                                 default=Ownership.PRIVATE)
    workplace = models.CharField(_("nơi làm việc (nhà máy, khu công nghiệp)"), max_length=255, blank=True)
    province = models.CharField(_("tỉnh, thành phố"), max_length=100)
    workers_involved = models.PositiveIntegerField(_("số người lao động liên quan"), default=0)
    started_at = models.DateTimeField(_("bắt đầu từ"))
    severity = models.CharField(_("mức độ"), max_length=16, choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("diễn biến"))
    source_links = models.TextField(_("nguồn tin (mỗi dòng một liên kết)"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.REPORTED,
                              db_index=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("người báo cáo"))
    reported_at = models.DateTimeField(_("báo cáo lúc"), default=timezone.now)
    ack_due_at = models.DateTimeField(_("hạn tiếp nhận"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("người tiếp nhận"))
    resolved_at = models.DateTimeField(_("giải quyết lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả"), blank=True)
    escalation_count = models.PositiveSmallIntegerField(_("số lần chuyển cấp trên"), default=0)
    search_text = models.CharField(max_length=800, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HotIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("vụ việc nóng")
        verbose_name_plural = _("vụ việc nóng")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["status", "ack_due_at"], name="hotissue_ack_due_idx"),
            models.Index(fields=["reported_at"], name="hotissue_reported_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=[s.value for s in Status]),
                                   name="hotissue_status_valid"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.employer, self.workplace, self.province]))[:800]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("incident_detail", kwargs={"pk": self.pk})

    # --- state rules ---------------------------------------------------------------------------

    @property
    def is_open(self):
        """Not yet resolved or closed."""
        return self.status in OPEN_STATUSES

    def may(self, action):
        """Whether ``action`` may be taken from the current status (ignoring who asks)."""
        if action == "escalate":
            return self.is_open and self.assigned_unit.parent_id is not None
        allowed = TRANSITIONS.get(action)
        return bool(allowed) and self.status in allowed[0]

    def target_status(self, action):
        """The status ``action`` leads to (``escalate``: back to ``reported`` at the new level)."""
        return Status.REPORTED if action == "escalate" else TRANSITIONS[action][1]

    def allowed_actions(self, scope):
        """The actions ``scope`` (a :class:`unions.scope.Scope`) may take now, in display order.

        State actions belong to officers covering the assigned level (on it or above it).
        """
        if not scope.covers(self.assigned_unit):
            return []
        return [a for a in ("acknowledge", "handle", "resolve", "escalate", "close") if self.may(a)]

    def is_overdue(self, now=None):
        """Not acknowledged and past the acknowledgement deadline."""
        now = now or timezone.now()
        return self.status == Status.REPORTED and self.ack_due_at is not None and self.ack_due_at <= now

    def age_days(self, now=None):
        return max(((now or timezone.now()) - self.reported_at).days, 0)

    def links(self):
        return [line.strip() for line in self.source_links.splitlines() if line.strip()]

    @staticmethod
    def ack_deadline(severity, start=None):
        return (start or timezone.now()) + dt.timedelta(hours=ack_hours(severity))


class UpdateKind(models.TextChoices):
    NOTE = "note", _("Cập nhật")
    STATUS = "status", _("Chuyển trạng thái")
    ESCALATION = "escalation", _("Chuyển lên cấp trên")
    AUTO_ESCALATION = "auto_escalation", _("Tự động chuyển lên cấp trên (quá hạn tiếp nhận)")


class HotIssueUpdate(models.Model):
    """One entry of an issue's timeline: who, when, what (and the files that came with it)."""

    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=16, choices=UpdateKind.choices, default=UpdateKind.NOTE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("người cập nhật"))
    body = models.TextField(_("nội dung"), blank=True)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_unit = models.ForeignKey("unions.Union", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("diễn biến vụ việc")
        verbose_name_plural = _("diễn biến vụ việc")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.issue_id} · {self.get_kind_display()}"


class HotIssueAttachment(models.Model):
    """A photo or document of an issue, in the private storage (served after the access check)."""

    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="attachments")
    update = models.ForeignKey(HotIssueUpdate, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attachments")
    file = models.FileField(upload_to="incidents/%Y/%m/", max_length=255, storage=private_storage)
    kind = models.CharField(max_length=16)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm vụ việc")
        verbose_name_plural = _("tệp đính kèm vụ việc")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name or self.file.name

    def get_absolute_url(self):
        return reverse("incident_file", kwargs={"pk": self.issue_id, "file_pk": self.pk})

    @property
    def is_image(self):
        return self.kind == "image"


class HotIssueView(models.Model):
    """An officer opened the issue (the audit log has the same fact; this one is shown on the page)."""

    issue = models.ForeignKey(HotIssue, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lượt xem vụ việc")
        verbose_name_plural = _("lượt xem vụ việc")
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["issue", "user"], name="hotissueview_issue_user_idx")]

    def __str__(self):
        return f"{self.issue_id} · {self.user_id}"


# --- Misinformation ---------------------------------------------------------------------------


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    TIKTOK = "tiktok", _("TikTok")
    YOUTUBE = "youtube", _("YouTube")
    ZALO = "zalo", _("Zalo")
    FORUM = "forum", _("Diễn đàn")
    WEBSITE = "website", _("Trang tin, blog")
    OTHER = "other", _("Khác")


class Rating(models.TextChoices):
    FALSE = "false", _("Sai sự thật")
    DISTORTED = "distorted", _("Xuyên tạc")
    MISLEADING = "misleading", _("Gây hiểu lầm")
    MISSING_CONTEXT = "missing_context", _("Thiếu bối cảnh")
    SATIRE = "satire", _("Châm biếm")
    UNVERIFIED = "unverified", _("Chưa kiểm chứng")


# ClaimReview ratingValue: 1 (false) … 5 (true); satire and unverified carry no scale value.
RATING_VALUES = {"false": 1, "distorted": 1, "misleading": 2, "missing_context": 3}


class MisinfoStatus(models.TextChoices):
    NEW = "new", _("Mới phát hiện")
    VERIFYING = "verifying", _("Đang xác minh")
    REBUTTED = "rebutted", _("Đã phản bác")
    TAKEDOWN = "takedown", _("Đã đề nghị gỡ")
    CLOSED = "closed", _("Đã xử lý xong")


class Misinformation(models.Model):
    unit = models.ForeignKey("unions.Union", on_delete=models.PROTECT, related_name="misinformation",
                             verbose_name=_("đơn vị phát hiện"))
    source_url = models.URLField(_("đường dẫn nguồn"), max_length=1000)
    normalized_url = models.CharField(max_length=1000, db_index=True, editable=False)
    platform = models.CharField(_("nền tảng"), max_length=16, choices=Platform.choices, default=Platform.FACEBOOK)
    claim = models.TextField(_("nội dung thông tin sai"))
    claim_folded = models.TextField(blank=True, editable=False)
    rating = models.CharField(_("đánh giá"), max_length=16, choices=Rating.choices, default=Rating.FALSE)
    status = models.CharField(_("trạng thái"), max_length=16, choices=MisinfoStatus.choices,
                              default=MisinfoStatus.NEW, db_index=True)
    screenshot = models.FileField(_("ảnh chụp màn hình"), upload_to="misinformation/%Y/%m/", max_length=255,
                                  blank=True, storage=private_storage)
    found_at = models.DateTimeField(_("phát hiện lúc"), default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("người ghi nhận"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông tin xấu, độc")
        verbose_name_plural = _("thông tin xấu, độc")
        ordering = ["-found_at", "-id"]

    def __str__(self):
        return self.claim[:80]

    def save(self, *args, **kwargs):
        from .matching import normalize_url

        self.normalized_url = normalize_url(self.source_url)
        self.claim_folded = fold(self.claim)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("misinfo_detail", kwargs={"pk": self.pk})


class RebuttalStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")
    RETURNED = "returned", _("Trả lại để sửa")


class RebuttalQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RebuttalStatus.PUBLISHED, published_at__isnull=False)


class Rebuttal(models.Model):
    """The answer to a piece of misinformation; public once an editor approves it.

    Rules: the author writes it (draft/returned) and sends it for approval (pending); an editor
    covering the misinformation's unit publishes it or returns it with a reason. Published is
    final (the public page and its shares must not vanish).
    """

    misinformation = models.OneToOneField(Misinformation, on_delete=models.CASCADE, related_name="rebuttal")
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("tiêu đề bài phản bác"), max_length=200)
    summary = models.CharField(_("kết luận ngắn"), max_length=300,
                               help_text=_("Một câu nêu sự thật, hiện trên thẻ chia sẻ."))
    body = models.TextField(_("nội dung"))
    sources = models.TextField(_("nguồn chính thống (mỗi dòng một liên kết)"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=RebuttalStatus.choices,
                              default=RebuttalStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("người viết"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người duyệt"))
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    # Made when the rebuttal is published: members below the unit find it among their share kits,
    # each with a personal tracked link, like any official content.
    share_kit = models.OneToOneField("campaigns.ShareKit", verbose_name=_("bộ chia sẻ"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="rebuttal")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RebuttalQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài phản bác")
        verbose_name_plural = _("bài phản bác")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("rebuttal_detail", kwargs={"slug": self.slug})

    @property
    def is_editable(self):
        return self.status in (RebuttalStatus.DRAFT, RebuttalStatus.RETURNED)

    @property
    def is_published(self):
        return self.status == RebuttalStatus.PUBLISHED

    def may_decide(self, scope):
        """An editor (or admin) covering the misinformation's unit decides on a pending rebuttal."""
        from unions.models import Role

        return self.status == RebuttalStatus.PENDING and scope.covers(
            self.misinformation.unit, kinds=(Role.Kind.EDITOR, Role.Kind.ADMIN)
        )

    def source_list(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


class TakedownOutcome(models.TextChoices):
    PENDING = "pending", _("Chờ phản hồi")
    REMOVED = "removed", _("Đã gỡ")
    RESTRICTED = "restricted", _("Đã hạn chế hiển thị")
    REFUSED = "refused", _("Nền tảng từ chối")
    NO_RESPONSE = "no_response", _("Không phản hồi")


class TakedownRequest(models.Model):
    """A request to a platform to remove an item. Decree 147/2024: the platform acts within 24 hours;
    a request still without an outcome after that is a deadline (``takedown_followup``)."""

    FOLLOW_UP_HOURS = 24

    misinformation = models.ForeignKey(Misinformation, on_delete=models.CASCADE, related_name="takedowns")
    platform = models.CharField(_("gửi tới nền tảng"), max_length=16, choices=Platform.choices)
    channel = models.CharField(_("kênh gửi (biểu mẫu, email, công văn)"), max_length=255, blank=True)
    reference = models.CharField(_("số hiệu, mã yêu cầu"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    due_at = models.DateTimeField(_("hạn xử lý"), db_index=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("người gửi"))
    outcome = models.CharField(_("kết quả"), max_length=16, choices=TakedownOutcome.choices,
                               default=TakedownOutcome.PENDING, db_index=True)
    outcome_at = models.DateTimeField(_("ghi nhận kết quả lúc"), null=True, blank=True)
    outcome_note = models.TextField(_("ghi chú kết quả"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gỡ bỏ")
        verbose_name_plural = _("đề nghị gỡ bỏ")
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"{self.get_platform_display()} · {self.misinformation_id}"

    @property
    def is_pending(self):
        return self.outcome == TakedownOutcome.PENDING

    def is_overdue(self, now=None):
        return self.is_pending and self.due_at <= (now or timezone.now())
