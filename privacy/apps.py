from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Dữ liệu cá nhân")

    def ready(self):
        from notifications import deadlines
        from notifications.models import Category

        from . import providers, selectors

        providers.register_base()
        deadlines.register(kind="privacy_erasure", label=_("Xử lý yêu cầu xoá dữ liệu cá nhân"),
                           category=Category.ACCOUNT, finder=selectors.erasure_deadlines)
