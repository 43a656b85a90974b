"""Frames and photos for the avatar-frame tests: real PNG frames and phone-like photos made here."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns import services
from campaigns.demo_frames import RED, frame_png
from uploads.checks import check_upload

FRAME_RED = RED[:3]


def frame_upload(name="khung.png", **kwargs):
    upload = SimpleUploadedFile(name, frame_png(**kwargs), content_type="image/png")
    return upload, check_upload(upload)


def make_frame(campaign, unit, actor, *, published=True, **settings):
    return services.frame_upload(actor=actor, campaign=campaign, unit=unit, image=frame_upload(),
                                 title=settings.pop("title", "Khung Đại hội"), is_published=published, **settings)


def photo_bytes(size=(4000, 3000), *, fmt="JPEG", mode="RGB", color=(20, 160, 60), exif_orientation=None):
    """A photo as a phone makes it; the left half is ``color``, the right half white (to see rotation)."""
    image = Image.new("RGB", size, color)
    image.paste((255, 255, 255), (size[0] // 2, 0, size[0], size[1]))
    if mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif.tobytes()
    if fmt == "JPEG":
        kwargs["quality"] = 90
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()
