"""Pure rules for sharing: post URLs on known networks, bot user agents, visitor hashes, codes."""

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

# Link-preview fetchers, crawlers and scripts. A click from one of them is not a person.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|meta-externalagent|embedly|"
    r"preview|zalo-?bot|twitterbot|telegrambot|whatsapp|discordbot|slackbot|linkedinbot|skypeuripreview|"
    r"bingpreview|googleother|headlesschrome|phantomjs|python-requests|python-urllib|aiohttp|httpx|curl/|"
    r"wget/|go-http-client|java/|okhttp|libwww|scrapy|node-fetch|axios/|lighthouse|pingdom|uptimerobot",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """Whether a user agent is a known bot (an empty one counts as a bot)."""
    user_agent = (user_agent or "").strip()
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def visitor_hash(address, user_agent, day):
    """A salted hash of address + browser + day: counts unique visitors, identifies nobody."""
    value = f"{address}|{user_agent}|{day.isoformat()}"
    return salted_hmac("campaigns.linkclick", value, algorithm="sha256").hexdigest()


# --- Share codes: ``/s/<code>`` names a kit and a member, signed -----------------------------------
#
# ``<kit id>-<user id><signature>``: both ids in base62, then 8 base62 characters of an HMAC-SHA256
# keyed by a key derived from SECRET_KEY (``salted_hmac``). Computing a member's code needs no
# database row, so showing a kit writes nothing; the TrackedLink row is made at the first click.
# Codes issued before (8 random characters stored in TrackedLink.code) are still looked up as such.
# A code signed with an older key still verifies while that key is in SECRET_KEY_FALLBACKS.

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SIGNATURE_LENGTH = 8  # ~47 bits: a forged code is a 404, and guessing is one request per try
_CODE_SALT = "campaigns.sharing.share_code"
_CODE = re.compile(rf"([1-9A-Za-z][0-9A-Za-z]*)-([1-9A-Za-z][0-9A-Za-z]*)([0-9A-Za-z]{{{SIGNATURE_LENGTH}}})")
MAX_CODE_LENGTH = 32  # two 64-bit ids in base62 (11 characters each), the dash and the signature


def _base62(number):
    digits = []
    while True:
        number, rest = divmod(number, 62)
        digits.append(BASE62[rest])
        if not number:
            return "".join(reversed(digits))


def _from_base62(text):
    number = 0
    for char in text:
        number = number * 62 + BASE62.index(char)
    return number


def _signature(kit_id, user_id, secret):
    digest = salted_hmac(_CODE_SALT, f"{kit_id}:{user_id}", secret=secret, algorithm="sha256").digest()
    return _base62(int.from_bytes(digest[:8], "big") % 62**SIGNATURE_LENGTH).rjust(SIGNATURE_LENGTH, "0")


def share_code(kit_id, user_id):
    """The member's code for a kit: the same every time, and only this server can make it."""
    return f"{_base62(kit_id)}-{_base62(user_id)}{_signature(kit_id, user_id, settings.SECRET_KEY)}"


def parse_share_code(code):
    """``(kit_id, user_id)`` of a signed code, or None for anything else (an old random code, a
    forged or altered one). Exactly one spelling of each code verifies."""
    match = _CODE.fullmatch(code or "")
    if match is None:
        return None
    kit_id, user_id = _from_base62(match.group(1)), _from_base62(match.group(2))
    if kit_id >= 2**63 or user_id >= 2**63:
        return None
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if constant_time_compare(match.group(3), _signature(kit_id, user_id, secret)):
            return kit_id, user_id
    return None


# --- Post URLs ----------------------------------------------------------------------------------

_HOST_PREFIXES = ("www.", "m.", "mbasic.", "web.", "mobile.", "touch.")
_FACEBOOK_HOSTS = {"facebook.com", "fb.com", "fb.watch"}
_ID = r"[A-Za-z0-9_.\-]+"
_FACEBOOK_PATHS = [
    re.compile(rf"^/{_ID}/posts/{_ID}$"),
    re.compile(rf"^/{_ID}/videos/{_ID}$"),
    re.compile(rf"^/{_ID}/photos/[A-Za-z0-9_.\-/]+$"),
    re.compile(rf"^/groups/{_ID}/(posts|permalink)/{_ID}$"),
    re.compile(rf"^/share/(p|v|r)/{_ID}$"),
    re.compile(rf"^/reel/{_ID}$"),
]
_FACEBOOK_QUERY_PATHS = {  # path → query keys that identify the post
    "/permalink.php": ("story_fbid", "id"),
    "/story.php": ("story_fbid", "id"),
    "/photo.php": ("fbid",),
    "/photo": ("fbid",),
    "/watch": ("v",),
}


# Pages that show the same post under another name (the mobile site's story.php is the desktop's
# permalink.php): folded so one post pasted from a phone and from a computer is one post.
_FACEBOOK_SAME_PAGE = {"/story.php": "/permalink.php", "/photo": "/photo.php"}
# Room in ShareProof.normalized_url.
MAX_NORMALIZED = 500


class NotAPost(ValueError):
    """The URL is not a post on a network the portal knows."""


def _facebook_names_folded(path):
    """Profile, page and group names are case-insensitive on Facebook (post ids are not)."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "groups":
        parts[2] = parts[2].lower()
    elif len(parts) > 2 and parts[2] in ("posts", "videos", "photos"):
        parts[1] = parts[1].lower()
    return "/".join(parts)


def normalize_post_url(url):
    """(network, canonical URL) for a post URL, or raise :class:`NotAPost`.

    The canonical form ignores the scheme, ``www.``/``m.`` hosts, tracking parameters, fragments and
    a trailing slash, so the same post pasted twice in different forms is recognised.
    """
    network, normalized = _normalize(url)
    if len(normalized) > MAX_NORMALIZED:
        raise NotAPost
    return network, normalized


def _normalize(url):
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        raise NotAPost from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotAPost
    host = parts.hostname.lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = parse_qs(parts.query)

    if host in _FACEBOOK_HOSTS:
        if host == "fb.watch":
            if re.fullmatch(rf"/{_ID}", path):
                return "facebook", f"fb.watch{path}"
            raise NotAPost
        keys = _FACEBOOK_QUERY_PATHS.get(path)
        if keys:
            values = [query.get(k, [""])[0] for k in keys]
            if values[0] and all(re.fullmatch(r"[A-Za-z0-9_\-]+", v) for v in values if v):
                canonical = "&".join(f"{k}={v}" for k, v in zip(keys, values, strict=True) if v)
                return "facebook", f"facebook.com{_FACEBOOK_SAME_PAGE.get(path, path)}?{canonical}"
            raise NotAPost
        if any(p.match(path) for p in _FACEBOOK_PATHS):
            return "facebook", f"facebook.com{_facebook_names_folded(path)}"
        raise NotAPost
    if host in ("zalo.me", "chat.zalo.me", "zaloapp.com"):
        if path != "/" and re.fullmatch(r"(/[A-Za-z0-9_.\-]+)+", path):
            return "zalo", f"zalo.me{path}"
        raise NotAPost
    if host in ("tiktok.com", "vm.tiktok.com", "vt.tiktok.com"):
        match = re.fullmatch(r"/(@[A-Za-z0-9_.]+)/(video|photo)/(\d+)", path)
        if host == "tiktok.com" and match:
            return "tiktok", f"tiktok.com/{match.group(1).lower()}/{match.group(2)}/{match.group(3)}"
        if host != "tiktok.com" and re.fullmatch(r"/[A-Za-z0-9]+", path):
            return "tiktok", f"{host}{path}"
        raise NotAPost
    if host in ("youtube.com", "music.youtube.com"):
        if path == "/watch" and re.fullmatch(r"[A-Za-z0-9_\-]{6,}", query.get("v", [""])[0]):
            return "youtube", f"youtube.com/watch?v={query['v'][0]}"
        match = re.fullmatch(r"/(shorts|live|post|embed)/([A-Za-z0-9_\-]{6,})", path)
        if match:
            kind = "watch?v=" if match.group(1) in ("shorts", "live", "embed") else "post/"
            return "youtube", f"youtube.com/{kind}{match.group(2)}"
        raise NotAPost
    if host == "youtu.be":
        if re.fullmatch(r"/[A-Za-z0-9_\-]{6,}", path):
            return "youtube", f"youtube.com/watch?v={path[1:]}"
        raise NotAPost
    raise NotAPost


# Hosts a kit may send visitors to besides the portal itself: the networks official content lives on.
TARGET_HOSTS = frozenset(
    {"facebook.com", "fb.com", "fb.watch", "zalo.me", "tiktok.com", "youtube.com", "youtu.be"}
)


def _portal_host():
    from django.conf import settings

    return (urlsplit(settings.SITE_URL).hostname or "").lower()


TARGET_ERROR = _("Đường dẫn đích phải là một bài trên Facebook, Zalo, TikTok, YouTube hoặc một trang của cổng (/…).")


def is_safe_target(value):
    """A kit's target: a post on a known network, a page of this portal (``/…`` or its full URL).

    Never ``//host``, a script, another site (``/s/<code>`` on the portal's domain must not become a
    redirector to anywhere), credentials in the URL, or whitespace and control characters.
    """
    value = (value or "").strip()
    if not value or "\\" in value or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    if value.startswith("/"):
        return not value.startswith("//")
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host or "@" in parts.netloc:
        return False
    if host == _portal_host():
        return True
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    return host in TARGET_HOSTS
