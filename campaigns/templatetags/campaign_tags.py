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


CHART_LABEL_CHARS = 38  # what fits a 360 px phone at the chart's 13 px label size


def chart_label(name):
    """A unit's name as a chart label: its short name as given, else ``Công đoàn …`` → ``CĐ …``,
    cut to what a phone shows (the full name is the label's tooltip and in the table)."""
    name = " ".join(str(name or "").split())
    if name.startswith("Công đoàn "):
        name = "CĐ " + name[len("Công đoàn "):]
    return name if len(name) <= CHART_LABEL_CHARS else name[: CHART_LABEL_CHARS - 1].rstrip() + "…"


@register.simple_tag
def bar_chart_layout(chart):
    """Rows of the statistics chart laid out for an SVG drawn at the page's own scale (no viewBox):
    each row a label line over one thin bar per metric, bar lengths in % of the chart's width, so
    that text stays at its CSS size (13 px labels) on a phone and on a desktop alike."""
    label_h, bar_h, gap, row_gap, longest = 18, 10, 4, 8, 82  # px; % of the width for the peak
    rows = list(chart.get("rows", []))
    peak = max([bar["value"] for row in rows for bar in row["bars"]] + [1])
    laid, y = [], 0
    for row in rows:
        bars = []
        for k, bar in enumerate(row["bars"]):
            top = y + label_h + k * (bar_h + gap)
            bars.append({**bar, "pct": round(longest * bar["value"] / peak, 2), "top": top,
                         "height": bar_h, "baseline": top + bar_h - 1})
        laid.append({"label": chart_label(row["label"]), "full_label": row["label"], "baseline": y + 13,
                     "bars": bars})
        y += label_h + len(bars) * (bar_h + gap) + row_gap
    return {"rows": laid, "height": max(y - row_gap, 1)}
