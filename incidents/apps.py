from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Vụ việc nóng và thông tin xấu, độc")

    def ready(self):
        from notifications import deadlines
        from notifications.models import Category

        from . import selectors

        deadlines.register(
            kind="hot_issue_ack",
            label=_("Vụ việc nóng chưa được tiếp nhận"),
            category=Category.INCIDENT,
            finder=selectors.acknowledgement_deadlines,
            generic_rules=False,  # hours, not days: its own rule (migration 0003)
        )
        deadlines.register(
            kind="takedown_followup",
            label=_("Đề nghị gỡ bỏ quá 24 giờ chưa có kết quả"),
            category=Category.INCIDENT,
            finder=selectors.takedown_deadlines,
            generic_rules=False,
        )
