from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = _("Tệp tải lên")

    def ready(self):
        from . import admin  # noqa: F401 - registers the system check uploads.E001
