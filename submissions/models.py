"""Member submissions (stories, media products, aspirations to the Congress) and their review.

Review levels
-------------
A submission belongs to its author's grassroots union (``unit``) and sits, while under review, at
one unit of the tree (``current_unit``): first ``unit`` itself, then — each time a reviewer
forwards it — the parent of the unit where it sat, up to the top of the tree (HQ).

Who reviews what (see :meth:`Submission.allowed_decisions`):

* A reviewer is a user holding an officer, editor or admin role on ``current_unit`` or on one of
  its ancestors (a role covers its subtree). Only reviewers may act on a pending item.
* Anyone who manages the author's unit (a role on ``unit`` or an ancestor) — "officers along the
  chain" — may *see* the item and its history, and always sees the author's name.
* Approving for publication at a level needs the editor or admin role covering ``current_unit``,
  or the officer role when ``current_unit`` is a grassroots (or lower) union: a grassroots officer
  may publish in the unit's own scope; above grassroots, plain officers can only forward, request
  changes or reject.

Until a decision is taken, the author may withdraw the item ("Rút bài"), then edit and send it
again or delete it (see :meth:`Submission.is_withdrawable` and :meth:`Submission.is_deletable`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import fold
from unions.models import Level, Role
from unions.scope import MANAGER_KINDS, scope_for
from uploads.storage import private_storage

MAX_PHOTOS = 10


class Kind(models.TextChoices):
    GOOD_DEED = "good_deed", _("Gương người tốt, việc tốt")
    CREATIVE = "creative", _("Mô hình hay, cách làm sáng tạo")
    WORKER_LIFE = "worker_life", _("Đời sống người lao động")
    UNION_ACTIVITY = "union_activity", _("Hoạt động công đoàn")
    ARTICLE = "article", _("Tin, bài viết")
    PHOTO_SET = "photo_set", _("Bộ ảnh")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Âm thanh (audio)")
    ASPIRATION = "aspiration", _("Tâm tư, nguyện vọng gửi Đại hội")


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    CHANGES_REQUESTED = "changes_requested", _("Cần chỉnh sửa")
    PUBLISHED = "published", _("Đã duyệt đăng")
    REJECTED = "rejected", _("Bị từ chối")
    ANSWERED = "answered", _("Đã trả lời")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Decision(models.TextChoices):
    SUBMIT = "submit", _("Gửi duyệt")
    RESUBMIT = "resubmit", _("Gửi lại sau khi chỉnh sửa")
    PUBLISH = "publish", _("Duyệt đăng")
    FORWARD = "forward", _("Duyệt, chuyển cấp trên")
    REQUEST_CHANGES = "request_changes", _("Yêu cầu chỉnh sửa")
    REJECT = "reject", _("Từ chối")
    ANSWER = "answer", _("Trả lời")
    MEDIA_FAILED = "media_failed", _("Tệp đính kèm bị lỗi")
    FANPAGE = "fanpage", _("Đã đăng lên Fanpage")
    WITHDRAW = "withdraw", _("Tác giả rút bài")


# What the author may still withdraw ("Rút bài"): nothing has been decided on it yet.
WITHDRAWABLE = (Status.DRAFT, Status.PENDING, Status.CHANGES_REQUESTED)
REVIEW_DECISIONS = (Decision.PUBLISH, Decision.FORWARD, Decision.REQUEST_CHANGES, Decision.REJECT, Decision.ANSWER)
REASON_REQUIRED = (Decision.REQUEST_CHANGES, Decision.REJECT, Decision.ANSWER)
# What a member chooses a kind for: which media it takes.
MEDIA_KINDS = {
    Kind.PHOTO_SET: ("image",),
    Kind.VIDEO: ("video",),
    Kind.AUDIO: ("audio",),
    Kind.ASPIRATION: (),
}
DEFAULT_MEDIA_KINDS = ("image", "video", "audio")


def allowed_media(kind):
    """The media types a submission of ``kind`` may carry."""
    return MEDIA_KINDS.get(kind, DEFAULT_MEDIA_KINDS)


def media_rule_errors(kind, *, images, videos, audios, submitting):
    """Messages for a media combination that breaks the rules (empty list: fine).

    Up to 10 photos and at most one video, alone or together (a story with its photos and a short
    clip); or one audio file, alone. Audio stays alone because a Fanpage post takes photos and a
    video but no audio file: an audio product is posted on its own (usually as a clip over a still
    picture), so it is reviewed and packaged on its own too. A photo set needs a photo, a video
    submission its video, an audio submission its audio file (checked when submitting, so a draft
    may be saved without them); those kinds take only their own type. Aspirations carry no files.
    """
    # ``gettext`` by name (not ``_``, the lazy one of this module): makemessages extracts it.
    from django.utils.translation import gettext

    errors = []
    allowed = allowed_media(kind)
    if not allowed and (images or videos or audios):
        errors.append(gettext("Tâm tư, nguyện vọng chỉ gồm nội dung chữ, không kèm tệp."))
        return errors
    if images and "image" not in allowed or videos and "video" not in allowed or audios and "audio" not in allowed:
        errors.append(gettext("Loại bài này không nhận loại tệp đã chọn."))
    if audios and (images or videos):
        errors.append(gettext("Tệp âm thanh được gửi riêng, không kèm ảnh hay video."))
    if images > MAX_PHOTOS:
        errors.append(gettext("Tối đa %(n)s ảnh cho một bài.") % {"n": MAX_PHOTOS})
    if videos > 1 or audios > 1:
        errors.append(gettext("Mỗi bài chỉ kèm một video hoặc một tệp âm thanh."))
    if submitting:
        if kind == Kind.PHOTO_SET and not images:
            errors.append(gettext("Bộ ảnh cần ít nhất một ảnh."))
        if kind == Kind.VIDEO and not videos:
            errors.append(gettext("Hãy chọn tệp video."))
        if kind == Kind.AUDIO and not audios:
            errors.append(gettext("Hãy chọn tệp âm thanh."))
    return errors


def _covers(user, unit, kinds=MANAGER_KINDS):
    return scope_for(user).covers(unit, kinds)


def topic_name_for(name, name_en, language=None):
    """A topic's name for a reader of ``language`` (default: the active one): the English name
    when reading in English and one is set, else the Vietnamese name."""
    from django.utils.translation import get_language

    language = (language or get_language() or "").split("-")[0]
    return name_en if language == "en" and name_en else name


class AspirationTopic(models.Model):
    """A topic aspirations are grouped by (wages, working conditions…); edited in the admin.

    Topics are data, not code, so gettext cannot translate them: each has an English name
    (``name_en``), shown to readers in English; a topic without one shows its Vietnamese name.
    """

    name = models.CharField(_("chủ đề"), max_length=120, unique=True)
    name_en = models.CharField(
        _("chủ đề (tiếng Anh)"), max_length=120, blank=True,
        help_text=_("Hiện cho người đọc bằng tiếng Anh; để trống thì dùng tên tiếng Việt."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chủ đề tâm tư, nguyện vọng")
        verbose_name_plural = _("chủ đề tâm tư, nguyện vọng")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    def name_for(self, language):
        return topic_name_for(self.name, self.name_en, language)

    @property
    def display_name(self):
        """The name in the active language (form choices, pages, exports)."""
        return topic_name_for(self.name, self.name_en)


class SubmissionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED).exclude(kind=Kind.ASPIRATION)

    def visible_to(self, user):
        """The author's own items, and items of units the user manages (officers along the chain)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(author=user) | scope_for(user).filter("unit__path"))

    def reviewable_by(self, user):
        """Pending items whose current unit is inside one of the user's subtrees (never their own)."""
        return (
            self.filter(status=Status.PENDING)
            .filter(scope_for(user).filter("current_unit__path"))
            .exclude(author_id=user.pk)
        )

    def search(self, query):
        folded = fold(query)
        return self.filter(search_text__contains=folded) if folded else self


class Submission(models.Model):
    kind = models.CharField(_("loại bài"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), blank=True)  # sanitised HTML, see core.html.clean_rich_text
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="submissions"
    )
    current_unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đang chờ duyệt tại"), on_delete=models.PROTECT, related_name="+"
    )
    published_unit = models.ForeignKey(
        "unions.Union", verbose_name=_("duyệt đăng tại"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("chiến dịch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="submissions",
    )
    topic = models.ForeignKey(
        AspirationTopic, verbose_name=_("chủ đề"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="submissions",
    )
    consent_publication = models.BooleanField(_("đồng ý cho đăng"), default=False)
    consent_people = models.BooleanField(_("người xuất hiện đã đồng ý"), default=False)
    consent_at = models.DateTimeField(_("thời điểm đồng ý"), null=True, blank=True)
    anonymous = models.BooleanField(_("không nêu tên khi công bố"), default=False)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("chờ tại cấp hiện tại từ"), null=True, blank=True)
    published_at = models.DateTimeField(_("duyệt đăng lúc"), null=True, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("rút bài lúc"), null=True, blank=True)
    fanpage_url = models.URLField(_("đường dẫn bài trên Fanpage"), max_length=500, blank=True)
    fanpage_posted_at = models.DateTimeField(_("đăng Fanpage lúc"), null=True, blank=True)
    # The gallery thumbnail and the 1200×630 Open Graph card are PUBLIC files (default storage, under
    # MEDIA_URL), made from the item's first picture when it is published — never before: what is
    # not published stays in the private storage (see SubmissionMedia).
    cover = models.FileField(_("ảnh thu nhỏ"), upload_to="submissions/covers/%Y/%m/", max_length=255, blank=True)
    share_image = models.FileField(
        _("ảnh chia sẻ 1200×630"), upload_to="submissions/share/%Y/%m/", max_length=255, blank=True
    )
    share_source = models.CharField(max_length=255, blank=True, editable=False)  # file the card was made from
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài gửi")
        verbose_name_plural = _("bài gửi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "waiting_since"], name="submission_waiting_idx"),
            models.Index(fields=["status", "published_at"], name="submission_published_idx"),
            models.Index(fields=["author", "created_at"], name="submission_author_idx"),
            # The review queue "waiting at my level": current_unit_id IN (the reviewer's units),
            # oldest first. Partial: only pending rows, a small part of the table.
            models.Index(
                fields=["current_unit", "waiting_since", "id"], condition=models.Q(status=Status.PENDING),
                name="submission_pending_unit_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("submission_detail", args=[self.pk])

    def public_url(self):
        from django.urls import reverse

        return reverse("story_detail", args=[self.pk])

    def mine_url(self):
        """The item on its author's "My submissions" page (notifications and redirects link here)."""
        from django.urls import reverse

        return reverse("submission_mine") + f"#s-{self.pk}"

    # --- Pure state rules ------------------------------------------------------------------

    @property
    def is_aspiration(self):
        return self.kind == Kind.ASPIRATION

    def is_editable(self):
        """The author may edit (and submit) a draft, an item returned with "request changes", or an
        item they withdrew."""
        return self.status in (Status.DRAFT, Status.CHANGES_REQUESTED, Status.WITHDRAWN)

    def is_withdrawable(self):
        """The author may withdraw ("Rút bài") an item nothing has been decided on yet: a draft, an
        item waiting for review at any level, or one sent back for changes.

        A withdrawn item leaves the review queue and its reminders stop (both see pending items
        only); officers who open it are told it was withdrawn. Its author may then edit it and send
        it again — it starts over at the author's own union, as a new submission, since the levels
        that had it never decided — or delete it. Published, rejected and answered items are final:
        they cannot be withdrawn.
        """
        return self.status in WITHDRAWABLE

    def is_deletable(self):
        """The author may delete a draft or an item they withdrew — never one a reviewer is looking
        at or has decided on (withdraw it first). Deleting removes the item, its files and its
        history; the audit log keeps a record of it."""
        return self.status in (Status.DRAFT, Status.WITHDRAWN)

    def may_withdraw(self, user):
        """:meth:`is_withdrawable`, for the author only."""
        return user.is_authenticated and user.pk == self.author_id and self.is_withdrawable()

    def may_delete(self, user):
        """:meth:`is_deletable`, for the author only."""
        return user.is_authenticated and user.pk == self.author_id and self.is_deletable()

    def is_forwarded(self):
        """Pending above the author's own unit (for aspirations: "forwarded upward")."""
        return self.status == Status.PENDING and self.current_unit_id != self.unit_id

    def media_ready(self):
        """Every attached file is processed. Uses the prefetched ``media`` when present."""
        return all(m.status == SubmissionMedia.State.READY for m in self.media.all())

    def is_reviewer(self, user):
        """A pending item may be acted on by any officer/editor/admin whose role covers its current unit,
        except its author: nobody reviews their own submission (another reviewer must)."""
        return (
            self.status == Status.PENDING
            and user.is_authenticated
            and user.pk != self.author_id
            and _covers(user, self.current_unit)
        )

    def may_publish(self, user):
        """Approve for publication at the current level (see the module docstring).

        Needs: the item is pending and not an aspiration; all its files are processed (nothing
        half-processed is published); and the user holds an editor or admin role covering the
        current unit, or an officer role covering it when it is a grassroots (or lower) union.
        """
        if self.is_aspiration or not self.is_reviewer(user) or not self.media_ready():
            return False
        if _covers(user, self.current_unit, (Role.Kind.EDITOR, Role.Kind.ADMIN)):
            return True
        return self.current_unit.level >= Level.GRASSROOTS

    def allowed_decisions(self, user):
        """The review decisions ``user`` may take on this item now, in display order.

        Forward needs a parent unit (HQ, the top, cannot forward). Aspirations are forwarded or
        answered (or rejected); other kinds are published, forwarded, sent back for changes or rejected.
        """
        if not self.is_reviewer(user):
            return []
        decisions = []
        if self.is_aspiration:
            decisions.append(Decision.ANSWER)
        elif self.may_publish(user):
            decisions.append(Decision.PUBLISH)
        if self.current_unit.parent_id is not None:
            decisions.append(Decision.FORWARD)
        if not self.is_aspiration:
            decisions.append(Decision.REQUEST_CHANGES)
        decisions.append(Decision.REJECT)
        return decisions

    def is_published_at_top(self):
        """Approved for publication by the top of the tree (HQ): ready for the Fanpage."""
        return (
            self.status == Status.PUBLISHED
            and self.published_unit_id is not None
            and self.published_unit.parent_id is None
        )

    def may_package(self, user):
        """HQ's Fanpage package and post URL: items published at the top, for users covering the top."""
        return self.is_published_at_top() and _covers(user, self.published_unit)

    def is_on_fanpage(self):
        return bool(self.fanpage_url)

    def author_display(self):
        """The author's name for public pages: hidden when the author asked to stay anonymous."""
        if self.anonymous:
            return _("Một đoàn viên %(unit)s") % {"unit": self.unit.short_name or self.unit.name}
        return self.author.get_full_name() or self.author.username

    def status_display(self):
        if self.is_aspiration and self.status == Status.PENDING:
            return _("Đã chuyển lên cấp trên") if self.is_forwarded() else _("Đã tiếp nhận")
        return self.get_status_display()

    def plain_text(self):
        """The body without tags or entities (captions, search, descriptions); escape it for HTML."""
        from core.html import plain_text

        return plain_text(self.body)

    def excerpt(self, length=200):
        from django.utils.text import Truncator

        return Truncator(self.plain_text()).chars(length)

    def refresh_search_text(self):
        parts = [self.title, self.plain_text(), self.unit.name if self.unit_id else ""]
        if not self.anonymous:
            parts.append(self.author.get_full_name())
        self.search_text = fold(" ".join(parts))

    def age_days(self):
        if not self.waiting_since:
            return 0
        return (timezone.now() - self.waiting_since).days


class SubmissionMedia(models.Model):
    """One attached file. Images are cleaned at upload; video/audio are probed in a Celery task.

    The file, its thumbnail and a video's poster live in the PRIVATE storage (``uploads.storage``),
    whatever the item's status: no URL under ``MEDIA_URL`` reaches them. They are served by the
    view ``submission_media_file`` (:meth:`url`), which checks access like the detail page
    (author, officers along the unit's chain) — or lets anyone in once the item is published.
    """

    VARIANTS = {"original": "file", "thumbnail": "thumbnail", "poster": "poster"}

    class State(models.TextChoices):
        PROCESSING = "processing", _("Đang xử lý")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi tệp")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(max_length=8)  # image / video / audio
    file = models.FileField(upload_to="submissions/%Y/%m/", max_length=255, storage=private_storage)
    thumbnail = models.FileField(
        upload_to="submissions/thumbs/%Y/%m/", max_length=255, blank=True, storage=private_storage
    )
    poster = models.FileField(upload_to="submissions/posters/%Y/%m/", max_length=255, blank=True, storage=private_storage)
    original_name = models.CharField(max_length=255, blank=True)
    mime = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    codecs = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=12, choices=State.choices, default=State.PROCESSING)
    error = models.CharField(max_length=255, blank=True)
    # Background processing (video/audio): a worker claims the file for a lease; the recovery sweep
    # re-queues a file whose lease ran out (its worker died) or that no worker took since
    # ``queued_at`` (the enqueue was lost), at most MEDIA_PROCESS_MAX_ATTEMPTS times, then fails it.
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["status", "lease_until"], name="media_processing_idx")]

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def is_ready(self):
        return self.status == self.State.READY

    def url(self, variant="original"):
        """The access-checked address of the file (``original``), its ``thumbnail`` or ``poster``; "" if none."""
        from django.urls import reverse

        if not getattr(self, self.VARIANTS[variant]):
            return ""
        return reverse("submission_media_file", args=[self.submission_id, self.pk, variant])

    @property
    def original_url(self):
        return self.url("original")

    @property
    def thumbnail_url(self):
        return self.url("thumbnail")

    @property
    def poster_url(self):
        return self.url("poster")

    def duration_display(self):
        if self.duration is None:
            return ""
        seconds = round(self.duration)
        return f"{seconds // 60}:{seconds % 60:02d}"


class ReviewStep(models.Model):
    """One step of a submission's history: who did what at which level, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey("unions.Union", verbose_name=_("cấp"), on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        "unions.Union", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("quyết định"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("lý do / ghi chú"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True)  # title/body as reviewed
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("bước duyệt")
        verbose_name_plural = _("các bước duyệt")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.submission_id}"
