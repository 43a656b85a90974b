from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    hero_image = models.ImageField(_("ảnh đại diện"), upload_to="campaigns/", blank=True)
    is_public = models.BooleanField(_("công khai"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
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
