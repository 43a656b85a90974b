from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Cuộc thi và trắc nghiệm")

    def ready(self):
        from privacy import registry as privacy_registry

        from . import privacy

        privacy_registry.register("contests", export=privacy.export, erase=None)
        from campaigns import hub

        from . import selectors

        hub.register_counter("entries", _("Lượt dự thi"), selectors.campaign_entries_count, order=40)
        hub.register_section("contests", _("Cuộc thi, trắc nghiệm"), selectors.campaign_contest_links, order=20)

        # Closing a contest is one deadline for its organisers: reminders before it closes, then,
        # until the winners are chosen, overdue reminders (escalated) to choose them.
        from notifications import deadlines
        from notifications.models import Category

        deadlines.register(kind="contest_closing", label=_("Kết thúc cuộc thi và chọn người đoạt giải"),
                           category=Category.CAMPAIGN, finder=selectors.closing_deadlines)

        # The submission form's contest choice: a new submission sent for an entry contest becomes
        # the member's entry when it is approved (submissions knows contests only through this).
        from submissions import extensions

        from .entry_intents import ContestEntryExtension

        extensions.register(ContestEntryExtension())
