from django import template

register = template.Library()


@register.simple_tag
def open_erasure_request(user):
    """The user's pending erasure request, if any (the profile page shows its state)."""
    from privacy.selectors import open_request

    return open_request(user) if user.is_authenticated else None


@register.inclusion_tag("privacy/_notice_link.html")
def privacy_notice_link():
    return {}
