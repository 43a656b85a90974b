from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Cuộc thi và trắc nghiệm")

    def ready(self):
        from campaigns import hub

        from . import selectors

        hub.register_counter("entries", _("Lượt dự thi"), selectors.campaign_entries_count, order=40)
        hub.register_section("contests", _("Cuộc thi, trắc nghiệm"), selectors.campaign_contest_links, order=20)

        # A contest's close reminds its organisers (an end: no overdue); after the close, choosing the
        # winners is a task due the next day, overdue and escalated until it is done.
        from notifications import deadlines
        from notifications.models import Category

        deadlines.register(kind="contest_closing", label=_("Cuộc thi kết thúc"), category=Category.CAMPAIGN,
                           finder=selectors.closing_deadlines, overdue=False)
        deadlines.register(kind="contest_draw", label=_("Chọn người đoạt giải cuộc thi"), category=Category.CAMPAIGN,
                           finder=selectors.draw_deadlines)
