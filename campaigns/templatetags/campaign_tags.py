from urllib.parse import quote

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.filter
def absolute(path):
    """``/x`` → ``SITE_URL/x`` (Open Graph and share links must be absolute)."""
    path = str(path or "")
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


@register.filter
def plain(html):
    """Stored rich text as plain words for a meta description: tags dropped, entities decoded once
    (the template escapes the result; ``striptags`` alone would show ``&amp;quot;`` in link cards)."""
    from html import unescape

    from django.utils.html import strip_tags

    return " ".join(unescape(strip_tags(str(html or ""))).split())


@register.simple_tag
def default_og_image():
    return absolute(static("campaigns/og-default.png"))


@register.filter
def facebook_share(url):
    """Facebook's share dialog for ``url`` (works on phones and desktops, no app id needed)."""
    return "https://www.facebook.com/sharer/sharer.php?u=" + quote(str(url), safe="")


@register.simple_tag
def zalo_oa_id():
    return settings.ZALO_OA_ID


@register.simple_tag
def zalo_script():
    """Zalo's share plugin script, only when an Official Account id is configured (CSP allows it then)."""
    from django.utils.html import format_html

    if not settings.ZALO_OA_ID:
        return ""
    return format_html('<script src="{}" defer></script>', "https://sp.zalo.me/plugins/sdk.js")


@register.simple_tag(takes_context=True)
def page_url(context, param, number):
    """The current query string with ``param`` set to ``number`` (filters survive paging)."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
