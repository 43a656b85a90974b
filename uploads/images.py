"""Image re-encoding: EXIF (GPS included) stripped, orientation applied, HEIC made JPEG."""

import io
import uuid

from django.core.files.base import ContentFile

from .checks import open_image

REENCODE = {"jpg": ("JPEG", "jpg"), "heic": ("JPEG", "jpg"), "png": ("PNG", "png"), "webp": ("WEBP", "webp"), "gif": ("PNG", "png")}


def clean_image(uploaded, checked, *, max_side=None):
    """A new image file with no metadata, upright, in a web format; optionally downscaled."""
    from PIL import ImageOps

    image = open_image(uploaded)
    image = ImageOps.exif_transpose(image)
    fmt, ext = REENCODE.get(checked.extension, ("JPEG", "jpg"))
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if max_side:
        image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    save_kwargs = {"quality": 85, "optimize": True} if fmt in ("JPEG", "WEBP") else {"optimize": True}
    image.save(out, format=fmt, **save_kwargs)  # no exif= argument: metadata is dropped
    return ContentFile(out.getvalue(), name=safe_name(ext))


def thumbnail(uploaded, checked, *, side=480):
    return clean_image(uploaded, checked, max_side=side)


def safe_name(extension):
    """A storage name that reveals nothing of the uploader's file name."""
    return f"{uuid.uuid4().hex}.{extension}"


def cover_crop(uploaded, *, size=(1200, 630), quality=85):
    """A JPEG of exactly ``size``, the image scaled to cover it and centre-cropped (share cards).

    ``uploaded`` is an image the portal already accepted (e.g. the output of :func:`clean_image`
    or a video poster frame); metadata is dropped as in :func:`clean_image`.
    """
    from PIL import ImageOps

    image = ImageOps.exif_transpose(open_image(uploaded))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image = ImageOps.fit(image, size, method=3)  # 3 = BICUBIC
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return ContentFile(out.getvalue(), name=safe_name("jpg"))


def open_photo_for_square(uploaded, checked, *, side):
    """A checked photo opened as an upright RGB image whose short side is near ``side``, at least.

    For the avatar studio: ``uploaded`` was checked with ``check_upload(..., decode=False)``, so
    this is where the pixels are decoded — a JPEG through ``draft()`` at the smallest scale
    (1/2, 1/4, 1/8) that still covers ``side``, which bounds time and memory for 12-megapixel
    photos. EXIF orientation is applied; CMYK, greyscale and palette become RGB; transparency is
    laid on white. Returns ``(image, upscaled)``: ``upscaled`` when the photo is smaller than
    ``side`` and will be enlarged. Raises ``UploadRejected`` for a file that does not decode.
    """
    from PIL import Image, ImageOps

    from .checks import broken_image

    try:
        image = open_image(uploaded)
        width, height = image.size
        short = min(width, height)
        if image.format == "JPEG" and short > side:
            scale = side / short
            image.draft("RGB", (int(width * scale) + 1, int(height * scale) + 1))
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError):
        raise broken_image(uploaded) from None
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return image, min(image.size) < side
