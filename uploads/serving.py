"""Serving uploaded files safely in development (``MEDIA_STORAGE=filesystem`` and ``DEBUG``).

An uploaded file is never served as HTML: the Content-Type comes from a short allow-list keyed by
the extension the portal itself gave the file (names are random, extensions come from the sniffed
type); anything else is ``application/octet-stream`` with ``Content-Disposition: attachment``.
Every response carries ``X-Content-Type-Options: nosniff`` and a CSP that forbids scripts.
Production serves media from the web server or object storage with the same rules (see README).
"""

import mimetypes
import posixpath

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

INLINE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "3gp": "video/3gpp",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "weba": "audio/webm",
    "flac": "audio/flac",
}


def safe_media_headers(response, path):
    """Set the safe type and disposition of a media response for the file at ``path``."""
    extension = posixpath.splitext(path)[1].lower().lstrip(".")
    content_type = INLINE_TYPES.get(extension)
    if content_type:
        response["Content-Type"] = content_type
    else:
        guessed, _ = mimetypes.guess_type(path)
        response["Content-Type"] = guessed if guessed in ("application/zip", "application/pdf") else "application/octet-stream"
        filename = posixpath.basename(path).replace('"', "")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    return response


def serve_media(request, path):
    """Development-only file view for MEDIA_URL; reads MEDIA_ROOT at request time."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    return safe_media_headers(response, path)


def media_urlpatterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media, name="media")]
