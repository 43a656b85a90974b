from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Chiến dịch truyền thông")

    def ready(self):
        from privacy import registry as privacy_registry

        from . import privacy

        privacy_registry.register("campaigns", export=privacy.export, erase=privacy.erase)
        from privacy import retention

        retention.register("link_clicks", "link_clicks", privacy.purge_link_clicks)
        from . import hub, selectors

        hub.register_counter("shares", _("Lượt chia sẻ đã xác minh"), selectors.shares_count, order=10)
        hub.register_counter("frames", _("Lượt thay khung ảnh"), selectors.frame_hub_count, order=20)

        # Reminders before a campaign or a share kit ends (ends, not tasks: no overdue/escalation).
        from notifications import deadlines
        from notifications.models import Category

        from .models import Campaign, ShareKit

        deadlines.register(kind="campaign_ending", label=_("Chiến dịch kết thúc"), category=Category.CAMPAIGN,
                           finder=deadlines.dated(Campaign.objects.all, "ends_on"), overdue=False)
        deadlines.register(kind="share_kit_ending", label=_("Bộ nội dung chia sẻ hết hiệu lực"),
                           category=Category.CAMPAIGN, overdue=False,
                           finder=deadlines.dated(ShareKit.objects.all, "valid_to", unit_field="audience_id"))
