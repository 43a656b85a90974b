"""Checking uploads by content, not by name.

``check_upload(file, kinds=...)`` sniffs the type with libmagic, applies the size cap of the kind,
and for images opens the file with Pillow restricted to the allowed formats, with a pixel cap and
the decompression-bomb warning treated as an error, and decodes it fully (a truncated file fails).
A rejected upload raises :class:`UploadRejected` with a Vietnamese message for the user; nothing is
written to storage here.
"""

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_HEIF_REGISTERED = False

IMAGE_MIMES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "image/heif": "heic",
}
VIDEO_MIMES = {
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/3gpp": "3gp",
}
AUDIO_MIMES = {
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
    "audio/aac": "aac",
    "audio/x-hx-aac-adts": "aac",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/vnd.wave": "wav",
    "audio/webm": "weba",
    "audio/flac": "flac",
    "audio/x-flac": "flac",
}
# Documents are only sniffed and size-capped (never opened or shown inline: served as attachments).
DOCUMENT_MIMES = {"application/pdf": "pdf"}
KIND_MIMES = {"image": IMAGE_MIMES, "video": VIDEO_MIMES, "audio": AUDIO_MIMES, "document": DOCUMENT_MIMES}
KIND_LABELS = {"image": gettext_lazy("ảnh"), "video": gettext_lazy("video"), "audio": gettext_lazy("âm thanh"),
               "document": gettext_lazy("tài liệu PDF")}
PILLOW_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "HEIF"]


class UploadRejected(Exception):
    """The upload is refused; ``str(exc)`` is the message for the user."""


@dataclass
class CheckedUpload:
    kind: str
    mime: str
    extension: str
    size: int
    width: int | None = None
    height: int | None = None


def max_bytes(kind):
    return settings.UPLOAD_MAX_MB[kind] * 1024 * 1024


def sniff_mime(uploaded):
    import magic

    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    mime = magic.from_buffer(head, mime=True) if head else "application/x-empty"
    if mime == "application/octet-stream" and head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1"):
        mime = "image/heic"
    if mime == "video/mp4" and head[4:12] in (b"ftypM4A ", b"ftypM4B "):
        mime = "audio/mp4"
    return mime


def _register_heif():
    global _HEIF_REGISTERED
    if not _HEIF_REGISTERED:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _HEIF_REGISTERED = True


def check_upload(uploaded, *, kinds=("image",), decode=True):
    """Check one uploaded file against the allowed ``kinds``; return what it is.

    ``decode=False`` checks an image's header only (type, format, pixel cap, bomb) without decoding
    its pixels: for callers that decode it right after at a reduced size (JPEG ``draft()``) and
    turn a decoding error into :class:`UploadRejected` themselves (:func:`broken_image`).
    """
    size = getattr(uploaded, "size", None)
    if not size:
        raise UploadRejected(_("Tệp “%(name)s” trống.") % {"name": _name(uploaded)})
    mime = sniff_mime(uploaded)
    kind = next((k for k in kinds if mime in KIND_MIMES[k]), None)
    if kind is None:
        allowed = ", ".join(str(KIND_LABELS[k]) for k in kinds)
        raise UploadRejected(
            _("Tệp “%(name)s” không phải %(allowed)s hợp lệ (nội dung là %(mime)s).")
            % {"name": _name(uploaded), "allowed": allowed, "mime": mime}
        )
    if size > max_bytes(kind):
        raise UploadRejected(
            _("Tệp “%(name)s” quá lớn: %(size)s MB, tối đa %(max)s MB cho %(kind)s.")
            % {
                "name": _name(uploaded),
                "size": f"{size / 1024 / 1024:.1f}",
                "max": settings.UPLOAD_MAX_MB[kind],
                "kind": str(KIND_LABELS[kind]),
            }
        )
    result = CheckedUpload(kind=kind, mime=mime, extension=KIND_MIMES[kind][mime], size=size)
    if kind == "image":
        result.width, result.height = _check_image(uploaded, decode=decode)
    uploaded.seek(0)
    return result


def open_image(uploaded):
    """Open an image with Pillow under the portal's limits (formats, pixels, bombs)."""
    from PIL import Image

    _register_heif()
    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_IMAGE_PIXELS
    uploaded.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(uploaded, formats=PILLOW_FORMATS)


def _check_image(uploaded, *, decode=True):
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = open_image(uploaded)
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            if decode:
                from PIL import ImageFile

                ImageFile.LOAD_TRUNCATED_IMAGES = False  # whatever a library set for the process
                image.load()  # decode everything: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(
            _("Ảnh “%(name)s” quá lớn về kích thước điểm ảnh (tối đa %(mp)s megapixel).")
            % {"name": _name(uploaded), "mp": settings.UPLOAD_MAX_IMAGE_PIXELS // 1_000_000}
        ) from None
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError):
        raise broken_image(uploaded) from None
    finally:
        uploaded.seek(0)
    return width, height


def broken_image(uploaded):
    """The rejection of an image that cannot be decoded (corrupt or truncated)."""
    return UploadRejected(
        _("Ảnh “%(name)s” bị hỏng hoặc chưa tải lên hết. Hãy thử lại với ảnh khác.") % {"name": _name(uploaded)}
    )


def _name(uploaded):
    return (getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1][:80] or "tệp"
