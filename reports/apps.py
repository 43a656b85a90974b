from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        # The period's due date, per unit: reminders before, escalation to the parent when overdue.
        from notifications import deadlines
        from notifications.models import Category

        from . import selectors

        deadlines.register(kind="report_due", label=_("Hạn nộp báo cáo"), category=Category.REPORT,
                           finder=selectors.report_deadlines)
