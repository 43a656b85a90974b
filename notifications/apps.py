from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo và nhắc hạn")

    def ready(self):
        from . import unit_events

        unit_events.connect()
