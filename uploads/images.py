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
