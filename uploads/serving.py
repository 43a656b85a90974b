"""Serving uploaded files safely.

An uploaded file is never served as HTML: the Content-Type comes from a short allow-list keyed by
the extension the portal itself gave the file (names are random, extensions come from the sniffed
type); anything else is ``application/octet-stream`` with ``Content-Disposition: attachment``.
Every response carries ``X-Content-Type-Options: nosniff`` and a CSP that forbids scripts.

Two ways files leave the portal:

* public files (``default`` storage, under ``MEDIA_URL``): in development :func:`serve_media`
  (mounted at ``MEDIA_URL`` when ``DEBUG`` and filesystem storage); in production the web server
  or object storage, with the same rules (see the README);
* private files (``private`` storage, see :mod:`uploads.storage`): only through a view of the app
  that owns them, which checks access and then answers with :func:`protected_file_response` —
  streamed by Django in development, handed to nginx with ``X-Accel-Redirect`` when
  ``MEDIA_ACCEL_REDIRECT_PREFIX`` is set, or redirected to a short-lived signed URL on S3.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import re_path
from django.views.static import serve

from .storage import is_local

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
SANDBOX_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
# Signed S3 URLs of private files live this long; the redirect to one is cached for less.
SIGNED_URL_SECONDS = 300
PRIVATE_CACHE = "private, max-age=600"
PUBLIC_CACHE = "public, max-age=86400"


def safe_type(path):
    """``(content_type, inline)`` for a stored file: images, audio and video inline, the rest a download."""
    extension = posixpath.splitext(path)[1].lower().lstrip(".")
    content_type = INLINE_TYPES.get(extension)
    if content_type:
        return content_type, True
    guessed, _ = mimetypes.guess_type(path)
    return (guessed if guessed in ("application/zip", "application/pdf") else "application/octet-stream"), False


def _disposition(path, inline):
    if inline:
        return "inline"
    filename = posixpath.basename(path).replace('"', "").replace("\\", "")
    return f'attachment; filename="{filename}"'


def safe_media_headers(response, path):
    """Set the safe type and disposition of a media response for the file at ``path``."""
    content_type, inline = safe_type(path)
    response["Content-Type"] = content_type
    if not inline:
        response["Content-Disposition"] = _disposition(path, inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def serve_media(request, path):
    """Development-only file view for MEDIA_URL; reads MEDIA_ROOT at request time."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    return safe_media_headers(response, path)


def media_urlpatterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media, name="media")]


def _signed_url(storage, name, content_type, disposition):
    """A short-lived URL of an object in S3 that answers with our type and disposition."""
    parameters = {"ResponseContentType": content_type, "ResponseContentDisposition": disposition}
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is in requirements.txt
        S3Storage = ()  # noqa: N806
    if isinstance(storage, S3Storage):
        return storage.url(name, parameters=parameters, expire=SIGNED_URL_SECONDS)
    return storage.url(name)


def protected_file_response(storage, name, *, public):
    """The answer for a private file the caller has already checked the user may see.

    ``public``: the file belongs to published content (anyone may see it), so browsers and shared
    caches may keep it; otherwise ``Cache-Control: private``. A missing file is a 404.

    * object storage (no local path): a redirect to a signed URL valid ``SIGNED_URL_SECONDS``;
    * ``MEDIA_ACCEL_REDIRECT_PREFIX`` set: an empty response with ``X-Accel-Redirect`` to nginx's
      ``internal`` location (nginx keeps our Content-Type, Content-Disposition and Cache-Control;
      its location adds ``nosniff`` and the sandbox CSP, see the README);
    * otherwise (development): the file streamed by Django.
    """
    if not name:
        raise Http404
    content_type, inline = safe_type(name)
    disposition = _disposition(name, inline)
    if not is_local(storage, name):
        response = HttpResponseRedirect(_signed_url(storage, name, content_type, disposition))
        cache = "public" if public else "private"
        response["Cache-Control"] = f"{cache}, max-age={SIGNED_URL_SECONDS // 2}"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    if not storage.exists(name):
        raise Http404
    if settings.MEDIA_ACCEL_REDIRECT_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT_PREFIX + quote(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Type"] = content_type
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = PUBLIC_CACHE if public else PRIVATE_CACHE
    return response
