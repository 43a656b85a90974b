"""Duplicate and near-duplicate detection for the misinformation log.

* URLs: :func:`normalize_url` — scheme, ``www.``/``m.`` hosts, tracking parameters, fragments,
  parameter order and a trailing slash do not make a new URL.
* Claims: PostgreSQL ``pg_trgm`` similarity on the folded claim when the extension is installed
  (one indexed query); otherwise a portable score in Python — the larger of the token Jaccard
  index and difflib's ratio on folded text — over the most recent candidates only.
"""

import difflib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db import connection

from accounts.text import fold

SIMILARITY_THRESHOLD = 0.5
FALLBACK_CANDIDATES = 500
TRACKING_PARAMS = {"fbclid", "gclid", "mibextid", "igshid", "si", "ref", "ref_src", "_rdr", "rdid", "share_url",
                   "__cft__[0]", "__tn__", "_t", "is_from_webapp", "sender_device"}
HOST_PREFIXES = ("www.", "m.", "mobile.", "mbasic.", "web.")
_WORD = re.compile(r"\w+")


def normalize_url(url):
    """A canonical form of ``url`` for comparison (not for display)."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return (url or "").strip().lower()
    host = (parts.hostname or "").lower()
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=False)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    out = host + path
    if query:
        out += "?" + urlencode(query)
    return out


def tokens(text):
    return set(_WORD.findall(fold(text)))


def similarity(a, b):
    """Portable similarity of two texts in [0, 1] (folded: diacritics and case ignored)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    ta, tb = set(_WORD.findall(fa)), set(_WORD.findall(fb))
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    ratio = difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()
    return max(jaccard, ratio)


_trgm_available = None


def trigram_available():
    """Whether the database is PostgreSQL with ``pg_trgm`` installed (asked once per process)."""
    global _trgm_available
    if connection.vendor != "postgresql":
        return False
    if _trgm_available is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trgm_available = cursor.fetchone() is not None
    return _trgm_available


def similar_claims(queryset, claim, *, limit=5, threshold=SIMILARITY_THRESHOLD):
    """Items of ``queryset`` whose claim is very like ``claim``, best first, each with ``.score``."""
    folded = fold(claim)
    if not folded:
        return []
    if trigram_available():
        from django.contrib.postgres.search import TrigramSimilarity

        rows = (queryset.annotate(score=TrigramSimilarity("claim_folded", folded))
                .filter(score__gte=threshold).order_by("-score")[:limit])
        return list(rows)
    scored = []
    for item in queryset.order_by("-found_at", "-id")[:FALLBACK_CANDIDATES]:
        score = similarity(folded, item.claim_folded)
        if score >= threshold:
            item.score = score
            scored.append(item)
    scored.sort(key=lambda i: -i.score)
    return scored[:limit]


def duplicates(queryset, *, url, claim, exclude_pk=None):
    """``(same_url, similar)``: items with the same normalised URL, and near-duplicate claims."""
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    same_url = list(queryset.filter(normalized_url=normalize_url(url))[:5]) if url else []
    similar = [i for i in similar_claims(queryset, claim) if i.pk not in {s.pk for s in same_url}]
    return same_url, similar
