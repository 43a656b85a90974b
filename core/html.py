"""The one sanitiser for rich text typed by people (stories, news, lessons), and its plain-text view.

Plain text becomes paragraphs (a blank line starts a new one, a single line break stays a line
break); HTML keeps a short allow-list of tags and loses scripts, styles, event handlers, foreign
tags and non-web links.
"""

import html

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "a", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_rich_text(raw):
    """Safe HTML for ``raw`` (empty for blank input)."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if "<" not in raw:
        raw = linebreaks(raw.replace("\r\n", "\n"), autoescape=True)
    return nh3.clean(
        raw,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain_text(value):
    """The text of an HTML fragment, tags dropped and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(nh3.clean(value or "", tags=set())).split())
