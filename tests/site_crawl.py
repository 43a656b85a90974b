"""A bounded crawl of the portal as one persona sees it, through Django's test client.

From the home page it follows every link that stays on the site, keeps the first page of each
URL pattern (the view's name plus the names of the query parameters: ``/units/7/`` and
``/units/9/`` are one pattern, ``/stories/?page=2`` is another), and stops after ``limit`` pages.
Downloads, files, the admin and links that count a click or change something are left out.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Views whose address is a link but whose answer is no page: files, exports, redirects that count.
NOT_PAGES = {
    "tracked_link",  # /s/<code>: counts a click and leaves the site
    "invite_qr",
    "campaign_stats_export",
    "aspirations_export",
    "incident_export",
    "incident_export_xlsx",
    "report_annual_export",
    "report_export_download",
    "submission_fanpage_package",
    "submission_media_file",
    "javascript-catalog",
    "healthz",
    "logout",
    "set_language",
    # The API's browsable docs are Swagger UI and Redoc (vendored, drawn by their own scripts), not
    # portal pages; tests/test_api_docs.py checks that they load under the CSP with no CDN.
    "api_docs",
    "api_redoc",
}
FILE_SUFFIXES = (".csv", ".xlsx", ".zip", ".svg", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".webp", ".json")


@dataclass
class Page:
    url: str
    status: int
    html: str
    source: str  # the page that linked here, or "fixed"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html):
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def pattern_of(url, variety=None):
    """The crawl's key for ``url`` (a path with an optional query), or None if it is no page.

    ``variety`` maps a view name to a function of the URL's keyword arguments that tells kinds
    apart (a story and an aspiration are both ``submission_detail``, with different markup).
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.endswith(FILE_SUFFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if "admin" in match.namespaces or match.url_name in NOT_PAGES or match.url_name is None:
        return None
    keys = tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    kind = (variety or {}).get(match.url_name)
    return (match.url_name, keys, kind(match.kwargs) if kind else None)


def crawl(client, *, start="/", fixed=(), limit=80, variety=None):
    """Pages reachable for ``client``'s user: ``start`` and its links, then ``fixed`` (unlinked pages).

    Returns the pages in visiting order. A redirect is followed when it stays on the site (the
    target is crawled as a page of its own); each ``fixed`` URL is fetched even if its pattern was
    seen, since it stands for a state the links do not reach (an error page, say), and its links
    are followed too.
    """
    seen_patterns, seen_urls, pages = set(), set(), []
    queue = [(start, "start")]

    def key(url):
        return pattern_of(url, variety)

    def visit(url, source):
        seen_urls.add(url)
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            target = urldefrag(urljoin(url, response["Location"]))[0]
            pattern = key(target)
            if pattern and pattern not in seen_patterns and target not in seen_urls:
                seen_patterns.add(pattern)
                queue.append((target, url))
            return
        html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        pages.append(Page(url=url, status=response.status_code, html=html, source=source))
        for href in links_in(html):
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            pattern = key(target)
            if pattern and pattern not in seen_patterns:
                seen_patterns.add(pattern)
                queue.append((target, url))

    def drain():
        while queue and len(pages) < limit:
            url, source = queue.pop(0)
            if url not in seen_urls:
                visit(url, source)

    seen_patterns.add(key(start))
    drain()
    for url in fixed:
        if url not in seen_urls:
            visit(url, "fixed")
            drain()
    return pages
