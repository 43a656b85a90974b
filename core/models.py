from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormTokenUse(models.Model):
    """One use of a one-time form token (see :mod:`core.once`): the token is unique in the database,
    so a double submit or a retry of the same form finds the first use and the object it made."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("mã biểu mẫu đã dùng")
        verbose_name_plural = _("mã biểu mẫu đã dùng")

    def __str__(self):
        return f"{self.form} {self.object_id}"
