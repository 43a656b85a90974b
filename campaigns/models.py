from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.scope import ancestor_paths


def roman(number):
    """``number`` (1–3999) in Roman numerals: 12 → "XII"."""
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class CampaignQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def running(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))


class Campaign(models.Model):
    """A communication campaign of a unit for its subtree (e.g. the Congress XII campaign)."""

    unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("tên chiến dịch"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.CharField(_("tóm tắt"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    goals = models.TextField(_("mục tiêu"), blank=True)
    # For a congress campaign: the number and term are data, not code.
    congress_number = models.PositiveSmallIntegerField(_("Đại hội lần thứ"), null=True, blank=True)
    term_start_year = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"), null=True, blank=True)
    term_end_year = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"), null=True, blank=True)
    previous_results = models.TextField(_("kết quả nhiệm kỳ trước"), blank=True)
    directions = models.TextField(_("phương hướng nhiệm kỳ mới"), blank=True)
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True, db_index=True)
    hero_image = models.ImageField(_("ảnh đại diện"), upload_to="campaigns/", blank=True)
    # 1200×630 card made from the hero image for Open Graph (Facebook, Zalo link previews).
    og_image = models.ImageField(upload_to="campaigns/og/", blank=True, editable=False)
    is_public = models.BooleanField(_("công khai"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("chiến dịch")
        verbose_name_plural = _("chiến dịch")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_valid",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("campaign_detail", args=[self.slug])

    @property
    def is_congress(self):
        return self.congress_number is not None

    @property
    def congress_roman(self):
        """The congress's number as unions write it: "XII" for the 12th."""
        return roman(self.congress_number) if self.congress_number else ""

    def is_running(self, on=None):
        """Whether today falls inside the campaign's period."""
        return _is_running(self.starts_on, self.ends_on, on or timezone.localdate())


# --- Reserved words: campaign slugs must not shadow the fixed pages under /campaigns/ ------------

RESERVED_SLUGS = frozenset({"new", "news", "kits", "proofs", "stats", "lessons", "manage", "frame"})


def _is_running(starts, ends, on):
    return (starts is None or starts <= on) and (ends is None or ends >= on)


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class NewsPost(models.Model):
    """Official news of a unit: shown to the unit's subtree and, when public, to anyone."""

    unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đơn vị đăng tin"), on_delete=models.PROTECT, related_name="news_posts"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("chiến dịch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="news_posts",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"), help_text=_("HTML đã được làm sạch."))
    is_public = models.BooleanField(_("công khai"), default=True)
    og_image = models.ImageField(upload_to="campaigns/og/", blank=True, editable=False)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin đơn vị")
        verbose_name_plural = _("tin đơn vị")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("news_detail", args=[self.pk])


class NewsImage(models.Model):
    news = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("ảnh"), upload_to="campaigns/news/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ảnh tin")
        verbose_name_plural = _("ảnh tin")
        ordering = ["position", "id"]

    def __str__(self):
        return self.image.name


class ShareKitQuerySet(models.QuerySet):
    def running(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )

    def for_unit_paths(self, paths):
        """Kits whose audience subtree contains a unit with one of ``paths``."""
        return self.filter(audience__path__in=ancestor_paths(paths))


class ShareKit(models.Model):
    """Official content ready to share: caption, hashtags, images, a target link, for a subtree."""

    audience = models.ForeignKey(
        "unions.Union", verbose_name=_("đối tượng (đơn vị và cấp dưới)"), on_delete=models.PROTECT,
        related_name="share_kits",
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("chiến dịch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="share_kits",
    )
    title = models.CharField(_("tên bộ chia sẻ"), max_length=200)
    caption = models.TextField(_("nội dung chia sẻ"), max_length=5000)
    hashtags = models.CharField(_("hashtag"), max_length=300, blank=True, help_text=_("Cách nhau bởi dấu cách, ví dụ: #DaiHoiCongDoan #CongDoanVietNam"))
    target_url = models.CharField(
        _("đường dẫn đích"), max_length=500,
        help_text=_("Bài trên Fanpage chính thức (https://…) hoặc trang của cổng (/campaigns/…)."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True, db_index=True)
    asks_for_frame = models.BooleanField(
        _("đề nghị thay khung ảnh đại diện"), default=False,
        help_text=_("Thẻ chia sẻ có thêm nút mở trang thay khung ảnh của chiến dịch."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ShareKitQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ nội dung chia sẻ")
        verbose_name_plural = _("bộ nội dung chia sẻ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="sharekit_period_valid",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("kit_detail", args=[self.pk])

    def is_running(self, on=None):
        """Whether members are asked to share the kit today (old tracked links keep working)."""
        return _is_running(self.valid_from, self.valid_to, on or timezone.localdate())

    @property
    def share_text(self):
        return f"{self.caption.strip()}\n\n{self.hashtags.strip()}".strip()


class KitImage(models.Model):
    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("ảnh"), upload_to="campaigns/kits/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ảnh chia sẻ")
        verbose_name_plural = _("ảnh chia sẻ")
        ordering = ["position", "id"]

    def __str__(self):
        return self.image.name


class TrackedLink(models.Model):
    """A member's own link to a kit, ``/s/<code>``; ``clicks`` counts unique visitors per day.

    The code is signed (``sharing.share_code``), so pages show it without a row; the row is made
    when the link is first followed. Rows made before that hold 8 random characters, which keep
    working.
    """

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_links")
    # The member's unit inside the kit's audience when the link was first followed: the clicks
    # count for it.
    unit = models.ForeignKey("unions.Union", null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=32, unique=True)
    clicks = models.PositiveIntegerField(_("lượt nhấp"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đường dẫn theo dõi")
        verbose_name_plural = _("đường dẫn theo dõi")
        constraints = [models.UniqueConstraint(fields=["kit", "user"], name="trackedlink_kit_user_unique")]

    def __str__(self):
        return self.code


class LinkClick(models.Model):
    """One unique visitor of a tracked link on one day. ``visitor`` is a salted hash of address,
    browser and day: nothing that identifies a person is kept, and it cannot be joined across days."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="click_rows")
    day = models.DateField()
    visitor = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "day", "visitor"], name="linkclick_unique_visitor_day")
        ]

    def __str__(self):
        return f"{self.link_id} {self.day}"


class ShareProof(models.Model):
    """A member's claim to have shared a kit: the URL of their post, verified by an officer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác minh")
        VERIFIED = "verified", _("Đã xác minh")
        REJECTED = "rejected", _("Không hợp lệ")

    class Network(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        ZALO = "zalo", "Zalo"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="proofs", verbose_name=_("bộ chia sẻ"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_proofs")
    unit = models.ForeignKey("unions.Union", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    post_url = models.URLField(_("đường dẫn bài đăng"), max_length=1000)
    normalized_url = models.CharField(max_length=500, unique=True)
    network = models.CharField(_("mạng xã hội"), max_length=16, choices=Network.choices)
    screenshot = models.ImageField(_("ảnh chụp màn hình"), upload_to="campaigns/proofs/", blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("minh chứng chia sẻ")
        verbose_name_plural = _("minh chứng chia sẻ")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="shareproof_unit_status_idx")]

    def __str__(self):
        return self.post_url

    def can_be_decided_by(self, user):
        """A pending proof may be verified or rejected by an officer other than its author."""
        return self.status == self.Status.PENDING and user.pk != self.user_id


class Lesson(models.Model):
    """A short "bộ lọc thông tin" (information filter) lesson; a quiz in ``contests`` ends it."""

    unit = models.ForeignKey("unions.Union", verbose_name=_("đơn vị biên soạn"), on_delete=models.PROTECT, related_name="lessons")
    title = models.CharField(_("tên bài học"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"), help_text=_("HTML đã được làm sạch."))
    image = models.ImageField(_("ảnh minh họa"), upload_to="campaigns/lessons/", blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_published = models.BooleanField(_("đã xuất bản"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bài học bộ lọc thông tin")
        verbose_name_plural = _("bài học bộ lọc thông tin")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("lesson_detail", args=[self.slug])


class LessonCompletion(models.Model):
    """A member passed a lesson's quiz. One per member and lesson, however many times they pass."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions")
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    score_percent = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(auto_now_add=True)
    certificate_code = models.CharField(max_length=16, unique=True)

    class Meta:
        verbose_name = _("hoàn thành bài học")
        verbose_name_plural = _("hoàn thành bài học")
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="lessoncompletion_unique")]

    def __str__(self):
        return f"{self.user} — {self.lesson}"


# --- Avatar frames ------------------------------------------------------------------------------

FRAME_SIZE = 1080  # every frame is stored, and every framed avatar made, at 1080×1080


class AvatarFrame(models.Model):
    """A PNG frame with a transparent window for a campaign ("khung ảnh đại diện").

    The image is stored normalised to 1080×1080 RGBA. Per-unit variants are not stored: the unit's
    name is drawn onto the frame when asked (``campaigns.frames.render_variant``) at the position
    and in the style set here, with the short name when the full one does not fit.
    """

    campaign = models.ForeignKey(Campaign, verbose_name=_("chiến dịch"), on_delete=models.CASCADE, related_name="frames")
    unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đơn vị sở hữu"), on_delete=models.PROTECT, related_name="avatar_frames"
    )
    title = models.CharField(_("tên khung"), max_length=120)
    image = models.ImageField(_("ảnh khung (PNG trong suốt)"), upload_to="campaigns/frames/")
    window_ratio = models.PositiveSmallIntegerField(_("tỉ lệ ô trong suốt (%)"), default=0, editable=False)
    label_enabled = models.BooleanField(_("ghi tên đơn vị lên khung"), default=True)
    label_x = models.PositiveSmallIntegerField(_("vị trí ngang của tên (phần trăm chiều rộng, tính từ tâm chữ)"), default=50)
    label_y = models.PositiveSmallIntegerField(_("vị trí dọc của tên (phần trăm chiều cao, tính từ tâm chữ)"), default=92)
    label_max_width = models.PositiveSmallIntegerField(_("độ rộng tối đa của tên (phần trăm chiều rộng)"), default=80)
    label_size = models.PositiveSmallIntegerField(_("cỡ chữ (điểm ảnh trên khung 1080)"), default=44)
    label_color = models.CharField(_("màu chữ"), max_length=7, default="#FFFFFF")
    label_outline = models.CharField(_("màu viền chữ"), max_length=7, blank=True, default="#8B0000")
    label_uppercase = models.BooleanField(_("viết hoa tên đơn vị"), default=False)
    is_published = models.BooleanField(_("đã công bố"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("khung ảnh đại diện")
        verbose_name_plural = _("khung ảnh đại diện")
        ordering = ["campaign", "-is_published", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(label_x__lte=100, label_y__lte=100, label_max_width__gte=10,
                                   label_max_width__lte=100, label_size__gte=12, label_size__lte=200),
                name="avatarframe_label_in_frame",
            )
        ]

    def __str__(self):
        return self.title


class FrameUse(models.Model):
    """One framed avatar made: counted once per member (or anonymous visitor), frame and day.

    ``visitor`` is a salted hash of the member's id and the day, or for anonymous visitors of
    address, browser and day: nothing that identifies a person, and it cannot be joined across days.
    Both uniqueness rules are database constraints, so double clicks and concurrent requests count once.
    """

    class Method(models.TextChoices):
        BROWSER = "browser", _("Trên trình duyệt")
        SERVER = "server", _("Trên máy chủ")

    frame = models.ForeignKey(AvatarFrame, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The member's unit when signed in: the use counts for it (anonymous uses count only overall).
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    day = models.DateField()
    visitor = models.CharField(max_length=64)
    method = models.CharField(max_length=8, choices=Method.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt thay khung ảnh")
        verbose_name_plural = _("lượt thay khung ảnh")
        constraints = [
            models.UniqueConstraint(fields=["frame", "user", "day"], condition=models.Q(user__isnull=False),
                                    name="frameuse_once_per_member_frame_day"),
            models.UniqueConstraint(fields=["frame", "visitor", "day"], name="frameuse_once_per_visitor_frame_day"),
        ]
        indexes = [models.Index(fields=["day", "frame"], name="frameuse_day_frame_idx")]

    def __str__(self):
        return f"{self.frame_id} {self.day}"
