from django import template

from campaigns import access

register = template.Library()


@register.inclusion_tag("campaigns/_home_frames.html", takes_context=True)
def frame_studio_links(context, limit=3):
    """Running campaigns the visitor sees that have a published avatar frame: one query."""
    user = context["request"].user
    campaigns = list(
        access.campaigns_visible_to(user).running().filter(frames__is_published=True).distinct()
        .order_by("-starts_on", "-id")[:limit]
    )
    return {"frame_campaigns": campaigns}
