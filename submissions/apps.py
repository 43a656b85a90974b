from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Bài gửi và duyệt bài")

    def ready(self):
        from privacy import registry as privacy_registry

        from . import privacy

        privacy_registry.register("submissions", export=privacy.export, erase=privacy.erase)
        from campaigns import hub
        from notifications import deadlines
        from notifications.models import Category

        from . import selectors

        deadlines.register(
            kind="submission_review",
            label=_("Duyệt bài gửi"),
            category=Category.REVIEW,
            finder=selectors.review_deadlines,
        )
        hub.register_counter("stories", _("Câu chuyện đã đăng"), selectors.campaign_stories_count, order=30)
