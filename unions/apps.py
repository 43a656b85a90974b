from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "unions"
    verbose_name = _("Tổ chức công đoàn")

    def ready(self):
        from . import signals  # noqa: F401 - connects the member-count receiver
