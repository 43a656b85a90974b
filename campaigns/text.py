"""Rich text typed by officers: plain text becomes paragraphs; HTML is cleaned with nh3."""

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "a", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_rich_text(raw):
    """Safe HTML for ``raw``: no scripts, styles, event handlers or foreign tags survive."""
    raw = (raw or "").strip()
    if "<" not in raw:
        return linebreaks(raw, autoescape=True)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
