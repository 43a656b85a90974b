import datetime
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.text import fold
from core.counters import bump

PATH_STEP = 7  # characters per tree level in Union.path (base 36, up to 78 billion units)
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_segment(pk):
    """The fixed-width base-36 segment that stands for a unit in its descendants' paths."""
    out = ""
    while pk:
        pk, rem = divmod(pk, 36)
        out = _DIGITS[rem] + out
    return out.rjust(PATH_STEP, "0")


class Level(models.IntegerChoices):
    CENTRAL = 1, _("Trung ương")
    PROVINCE_SECTOR = 2, _("Tỉnh, thành phố / ngành trung ương")
    UPPER_GRASSROOTS = 3, _("Cấp trên trực tiếp cơ sở")
    GRASSROOTS = 4, _("Công đoàn cơ sở")
    BELOW_GRASSROOTS = 5, _("Dưới cơ sở (bộ phận, tổ công đoàn)")


class UnitType(models.TextChoices):
    UNION_BODY = "union_body", _("Cơ quan công đoàn")
    STATE_ENTERPRISE = "state_enterprise", _("Doanh nghiệp nhà nước")
    FDI_ENTERPRISE = "fdi_enterprise", _("Doanh nghiệp có vốn đầu tư nước ngoài")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp ngoài nhà nước")
    PUBLIC_AGENCY = "public_agency", _("Cơ quan, đơn vị hành chính sự nghiệp")
    OTHER = "other", _("Khác")


class UnionQuerySet(models.QuerySet):
    def current(self, on=None):
        """Units valid on a date (today by default): merged and dissolved ones drop out."""
        on = on or timezone.localdate()
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )

    def subtree_of(self, union):
        """The unit and all its descendants: one indexed prefix scan on ``path``."""
        return self.filter(path__startswith=union.path)

    def search(self, query):
        folded = fold(query)
        if not folded:
            return self
        return self.filter(models.Q(search_text__contains=folded) | models.Q(code__iexact=query.strip()))


class Union(models.Model):
    """A trade-union unit. The tree is kept as a materialised path for subtree range scans."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices, db_index=True)
    unit_type = models.CharField(
        _("loại hình"), max_length=32, choices=UnitType.choices, default=UnitType.OTHER
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_(
            "Đơn vị tiếp nhận khi đơn vị này sáp nhập (cần có ngày hết hiệu lực). "
            "Để trống nếu đơn vị giải thể."
        ),
    )
    member_count = models.PositiveIntegerField(_("số đoàn viên"), default=0, editable=False)
    invite_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị công đoàn")
        verbose_name_plural = _("đơn vị công đoàn")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="union_valid_range",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Keep ``path``/``depth`` right on create and when the parent changes.

        Moving a unit rewrites its whole subtree's paths in one UPDATE.
        """
        self.search_text = self.folded_search_text()
        if self.parent_id and self.parent_id == self.pk:
            raise ValueError("A unit cannot be its own parent")
        with transaction.atomic():
            if self.pk is None:
                self.path = f"~{secrets.token_hex(8)}"  # placeholder until the id is known
                super().save(*args, **kwargs)
                self._set_path()
                Union.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            else:
                moved = getattr(self, "_loaded_parent_id", self.parent_id) != self.parent_id
                # The stored path, not this instance's: an ancestor may have moved since it was loaded.
                old_path = Union.objects.filter(pk=self.pk).values_list("path", flat=True).first()
                if moved:
                    self._set_path()
                    if self.path.startswith(old_path):
                        raise ValueError("A unit cannot move under its own descendant")
                elif old_path is not None:
                    self.path, self.depth = old_path, len(old_path) // PATH_STEP - 1
                kwargs.pop("force_insert", None)
                super().save(*args, **kwargs)
                if moved:
                    Union.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)),
                        depth=models.F("depth") + (self.depth - len(old_path) // PATH_STEP + 1),
                    )
            bump("units")  # the home page's "units you manage" (core.counters)
        self._loaded_parent_id = self.parent_id

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_parent_id = instance.__dict__.get("parent_id")
        return instance

    def folded_search_text(self):
        """What ``search_text`` holds for this unit (``save`` and the bulk import both use it)."""
        return fold(f"{self.name} {self.short_name} {self.code}")[:400]

    @property
    def is_current(self):
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to >= today
        )

    @property
    def has_ended(self):
        """Merged away or dissolved: its validity ended before today (``valid_to`` in the past)."""
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    @property
    def ended_on(self):
        """The first day the unit no longer exists (the day after ``valid_to``), or ``None``."""
        return self.valid_to + datetime.timedelta(days=1) if self.valid_to else None

    def accepts_new_members(self):
        """Whether members may still be added, imported, invited, registered or approved here.

        Not once the unit has ended: its people belong in the successor (or nowhere). History —
        its members, roles, reports — stays readable.
        """
        return not self.has_ended

    def new_members_refusal(self):
        """Why the unit takes no new members (a message for the officer), or ``None``."""
        from django.utils.formats import date_format
        from django.utils.translation import gettext

        if self.accepts_new_members():
            return None
        values = {"date": date_format(self.ended_on, "d/m/Y")}
        if self.successor_id:
            values["successor"] = self.successor.name
            return gettext(
                "Đơn vị đã sáp nhập vào %(successor)s từ ngày %(date)s; không thể thêm đoàn viên mới. "
                "Hãy thêm đoàn viên vào đơn vị tiếp nhận."
            ) % values
        return gettext("Đơn vị đã giải thể từ ngày %(date)s; không thể thêm đoàn viên mới.") % values

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.successor_id:
            if self.successor_id == self.pk:
                errors["successor"] = _("Đơn vị không thể sáp nhập vào chính nó.")
            elif self.pk and self.path and self.successor.path.startswith(self.path):
                errors["successor"] = _("Đơn vị không thể sáp nhập vào đơn vị trực thuộc của chính nó.")
            if not self.valid_to:
                errors["valid_to"] = _("Đơn vị đã sáp nhập cần có ngày hết hiệu lực.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_grassroots(self):
        return self.level == Level.GRASSROOTS

    def ancestor_paths(self):
        """Paths of this unit and all its ancestors, root first."""
        return [self.path[:i] for i in range(PATH_STEP, len(self.path) + 1, PATH_STEP)]

    def ancestors(self):
        """Ancestors root first, this unit excluded (one query)."""
        return Union.objects.filter(path__in=self.ancestor_paths()[:-1]).order_by("depth")

    def is_descendant_of(self, other):
        return self.path.startswith(other.path)

    def ensure_invite_token(self):
        if not self.invite_token:
            self.invite_token = secrets.token_urlsafe(32)
        return self.invite_token

    def _set_path(self):
        prefix = ""
        if self.parent_id:
            prefix = Union.objects.values_list("path", flat=True).get(pk=self.parent_id)
        self.path = prefix + path_segment(self.pk)
        self.depth = len(self.path) // PATH_STEP - 1


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    """A member's place in a unit. An active membership is what makes a user a member."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        ACTIVE = "active", _("Đang sinh hoạt")
        REJECTED = "rejected", _("Từ chối")
        LEFT = "left", _("Đã chuyển đi / thôi sinh hoạt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    union = models.ForeignKey(
        Union, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    member_code = models.CharField(_("mã đoàn viên"), max_length=50, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    joined_on = models.DateField(_("ngày vào"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn viên")
        verbose_name_plural = _("đoàn viên")
        ordering = ["union", "user__sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "union"], name="membership_user_union_unique"),
        ]
        indexes = [models.Index(fields=["union", "status"], name="membership_union_status_idx")]

    def __str__(self):
        return f"{self.user} — {self.union}"

    def can_be_decided(self):
        """Only a pending registration can be approved or rejected."""
        return self.status == self.Status.PENDING


class Role(models.Model):
    """A power over a unit and its whole subtree.

    officer: manages members, reviews, files reports. editor: may also approve for publication.
    admin: everything an officer does, plus roles and units below.
    """

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Cán bộ công đoàn")
        EDITOR = "editor", _("Biên tập viên")
        ADMIN = "admin", _("Quản trị viên")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    union = models.ForeignKey(
        Union, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("vai trò"), max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "union", "kind"], name="role_user_union_kind_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} — {self.union}"


class ImportBatch(models.Model):
    """An uploaded CSV/XLSX file waiting for confirmation: members of a unit, or units of a tree."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Đoàn viên")
        UNITS = "units", _("Đơn vị")

    class Status(models.TextChoices):
        INVALID = "invalid", _("Có lỗi")
        READY = "ready", _("Sẵn sàng nhập")
        QUEUED = "queued", _("Đang chờ nhập")
        RUNNING = "running", _("Đang nhập")
        APPLIED = "applied", _("Đã nhập")
        FAILED = "failed", _("Nhập không thành công")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    applied_at = models.DateTimeField(null=True, blank=True)
    # Background imports (files above settings.IMPORT_ASYNC_ROWS): rows to apply, rows applied when
    # the batch finished (live progress while it runs is in the cache: ``progress()``), and why it
    # failed (Vietnamese, for the officer).
    progress_total = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    failure_message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập tệp")
        verbose_name_plural = _("lượt nhập tệp")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.file_name}"

    @property
    def in_progress(self):
        """Queued for the background worker or being applied by it: the page keeps polling."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @staticmethod
    def progress_cache_key(pk):
        return f"unions:import-progress:{pk}"

    def progress(self):
        """{"done", "total", "percent"}: rows applied so far, as the officer should see them.

        While the worker runs, the apply is one open transaction, so nothing it writes to the
        database is visible yet: the worker publishes its count in the cache instead (a shared
        cache, ``CACHE_URL=redis://…``, is needed to see it from the web processes; with a
        per-process cache the bar stays at 0 until the batch is done).
        """
        from django.core.cache import cache

        total = self.progress_total
        if self.status == self.Status.APPLIED:
            done = self.progress_done or total
        elif self.status == self.Status.RUNNING:
            done = min(int(cache.get(self.progress_cache_key(self.pk)) or 0), total)
        else:
            done = self.progress_done
        return {"done": done, "total": total, "percent": int(done * 100 / total) if total else 100}
