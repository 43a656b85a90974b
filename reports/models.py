"""Report periods, versioned indicator sets, unit reports, their values and reviews.

State rules of a unit report (pure, documented model methods; services call them):

    draft ──submit──▶ submitted ──accept──▶ accepted (locked)
      ▲                  │                     │
      │               return (reason)       reopen (reason, by the parent)
      │                  ▼                     │
      └──(edit)──── returned ◀─────────────────┘
                        └──resubmit──▶ submitted

Only ``draft`` and ``returned`` reports may be edited; only the parent unit's officers (or those
above) decide on a submitted report or reopen an accepted one. A submission after the period's
due date is allowed and marked late.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uploads.storage import private_storage


class IndicatorSet(models.Model):
    """A named form (data set); its content lives in numbered versions."""

    code = models.SlugField(_("mã bộ chỉ tiêu"), max_length=50, unique=True)
    name = models.CharField(_("tên bộ chỉ tiêu"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ chỉ tiêu")
        verbose_name_plural = _("bộ chỉ tiêu")
        ordering = ["code"]

    def __str__(self):
        return gettext(self.name)


class IndicatorSetVersion(models.Model):
    """One version of a set: its indicators and its validation rules.

    ``rules`` is a list of dicts, each one of:

    * ``{"kind": "lte", "left": CODE, "right": CODE}`` — left must not exceed right (refused);
    * ``{"kind": "per_member", "code": CODE, "factor": N, "floor": M}`` — a value above
      ``M + N × member count`` is flagged: accepted only with a note confirming it.

    Every value must also be a number, not negative (unless the indicator allows it) and not
    absurdly large (:data:`MAX_VALUE`).
    """

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    rules = models.JSONField(_("quy tắc kiểm tra"), default=list, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản bộ chỉ tiêu")
        verbose_name_plural = _("phiên bản bộ chỉ tiêu")
        ordering = ["indicator_set", "number"]
        constraints = [models.UniqueConstraint(fields=["indicator_set", "number"], name="indicator_set_version_unique")]

    def __str__(self):
        return f"{self.indicator_set} v{self.number}"


class Indicator(models.Model):
    class Measure(models.TextChoices):
        COUNT = "count", _("số lượng")
        VND = "vnd", _("đồng")
        PERCENT = "percent", _("phần trăm")

    class Mode(models.TextChoices):
        COMPUTED = "computed", _("tự tính từ dữ liệu cổng")
        ENTERED = "entered", _("đơn vị nhập")

    version = models.ForeignKey(IndicatorSetVersion, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("mã chỉ tiêu"), max_length=50)
    label = models.CharField(_("tên chỉ tiêu"), max_length=300, help_text=_("Tiếng Việt; bản tiếng Anh lấy từ tệp dịch."))
    group = models.CharField(_("nhóm"), max_length=200, blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=10, choices=Measure.choices, default=Measure.COUNT)
    mode = models.CharField(_("cách lấy số liệu"), max_length=10, choices=Mode.choices, default=Mode.ENTERED)
    source = models.CharField(_("nguồn"), max_length=50, blank=True,
                              help_text=_("Mã hàm tính trong reports/indicators.py (chỉ tiêu tự tính)."))
    allow_negative = models.BooleanField(_("cho phép số âm"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["version", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="indicator_code_unique_in_version")]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        """The label in the reader's language (the English comes from the catalogue)."""
        return gettext(self.label)

    @property
    def display_group(self):
        return gettext(self.group) if self.group else ""

    @property
    def is_computed(self):
        return self.mode == self.Mode.COMPUTED


MAX_VALUE = Decimal("1000000000000000")  # 10^15: beyond any union's figures, VND prizes included


class ReportPeriod(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Cả năm")
        HALF_YEAR = "half_year", _("Sáu tháng")
        QUARTER = "quarter", _("Quý")
        AD_HOC = "ad_hoc", _("Đột xuất")

    kind = models.CharField(_("loại kỳ"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    title = models.CharField(_("tên kỳ báo cáo"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    due_on = models.DateField(_("hạn nộp"), db_index=True)
    version = models.ForeignKey(IndicatorSetVersion, verbose_name=_("bộ chỉ tiêu"), on_delete=models.PROTECT,
                                related_name="periods")
    is_open = models.BooleanField(_("đang mở"), default=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="report_period_range"),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return (today or timezone.localdate()) > self.due_on


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


FILED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)

# The six tasks of the letter: one narrative each.
NARRATIVES = (
    ("narrative_1", _("1. Gương người tốt, việc tốt; mô hình hay, cách làm sáng tạo")),
    ("narrative_2", _("2. Chia sẻ nội dung chính thống; tin của đơn vị; kỹ năng “bộ lọc thông tin”")),
    ("narrative_3", _("3. Tuyên truyền Đại hội: kết quả, mục tiêu, tâm tư nguyện vọng, thay khung ảnh đại diện")),
    ("narrative_4", _("4. Mini game, cuộc thi có thưởng")),
    ("narrative_5", _("5. Sản phẩm truyền thông gửi cấp trên")),
    ("narrative_6", _("6. Vấn đề nóng trong quan hệ lao động; phản bác thông tin sai trái")),
)
# After the six tasks: the unit's own assessment and plan (the annual document's "III. Hạn chế…",
# "PHẦN THỨ HAI – Phương hướng, nhiệm vụ" and "Đề xuất, kiến nghị").
ASSESSMENT = (
    ("limitations", _("Hạn chế, tồn tại và nguyên nhân")),
    ("next_plan", _("Phương hướng, nhiệm vụ kỳ tới")),
    ("proposals", _("Đề xuất, kiến nghị")),
)
# Every text of the report form, in the form's order.
REPORT_TEXTS = NARRATIVES + ASSESSMENT


class UnitReport(models.Model):
    unit = models.ForeignKey("unions.Union", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="unit_reports")
    period = models.ForeignKey(ReportPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT,
                               related_name="reports")
    version = models.ForeignKey(IndicatorSetVersion, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    narrative_1 = models.TextField(blank=True)
    narrative_2 = models.TextField(blank=True)
    narrative_3 = models.TextField(blank=True)
    narrative_4 = models.TextField(blank=True)
    narrative_5 = models.TextField(blank=True)
    narrative_6 = models.TextField(blank=True)
    limitations = models.TextField(_("hạn chế, tồn tại và nguyên nhân"), blank=True)
    next_plan = models.TextField(_("phương hướng, nhiệm vụ kỳ tới"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo đơn vị")
        verbose_name_plural = _("báo cáo đơn vị")
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unit_report_once_per_period")]
        indexes = [models.Index(fields=["period", "status"], name="unit_report_period_status")]

    def __str__(self):
        return f"{self.unit} — {self.period}"

    # --- State rules ---------------------------------------------------------------------------

    def can_edit(self):
        """The unit's officers may change values and text while the report is a draft or returned."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def can_submit(self):
        """A draft or a returned report may be (re)submitted."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def can_decide(self):
        """A submitted report waits for the parent's decision: accept or return."""
        return self.status == ReportStatus.SUBMITTED

    def can_reopen(self):
        """Only an accepted (locked) report is reopened, by the parent, with a reason."""
        return self.status == ReportStatus.ACCEPTED

    @property
    def is_locked(self):
        return self.status == ReportStatus.ACCEPTED

    @property
    def is_filed(self):
        return self.status in FILED

    def narratives(self):
        return [(name, label, getattr(self, name)) for name, label in REPORT_TEXTS]


class ReportValue(models.Model):
    """One figure of a report: what the portal computed, what the officer typed, and why."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    computed_value = models.DecimalField(_("giá trị tự tính"), max_digits=20, decimal_places=2, null=True, blank=True)
    entered_value = models.DecimalField(_("giá trị nhập / điều chỉnh"), max_digits=20, decimal_places=2,
                                        null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_value_once")]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"

    @property
    def value(self):
        """The reported figure: the entered (or overriding) value, else the computed one."""
        return self.entered_value if self.entered_value is not None else self.computed_value

    @property
    def is_override(self):
        return self.computed_value is not None and self.entered_value is not None and self.indicator.is_computed


class ReportReview(models.Model):
    class Decision(models.TextChoices):
        SUBMIT = "submit", _("Nộp báo cáo")
        RESUBMIT = "resubmit", _("Nộp lại")
        RETURN = "return", _("Trả lại")
        ACCEPT = "accept", _("Tiếp nhận")
        REOPEN = "reopen", _("Mở lại")

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="reviews")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    decision = models.CharField(_("quyết định"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("bước tiếp nhận báo cáo")
        verbose_name_plural = _("các bước tiếp nhận báo cáo")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.report_id}"


class ExportJob(models.Model):
    """An annual-report export of a large subtree, made by the Celery worker.

    ``queued`` → ``running`` → ``done`` (the file is in the private storage) or ``failed`` (with a
    message). Only its owner sees the job and downloads the file. The task claims the job with a
    conditional ``UPDATE … WHERE status='queued'``, so a duplicate delivery does nothing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo tệp")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE,
                              related_name="report_exports")
    unit = models.ForeignKey("unions.Union", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE,
                               related_name="export_jobs")
    fmt = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    progress_total = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    file = models.FileField(_("tệp"), upload_to="report-exports/", max_length=255, blank=True,
                            storage=private_storage)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất báo cáo")
        verbose_name_plural = _("yêu cầu xuất báo cáo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"], name="report_export_owner_status")]

    def __str__(self):
        return f"{self.period} — {self.unit} ({self.fmt})"

    @property
    def in_progress(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
