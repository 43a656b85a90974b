"""Avatar-frame images: checking an uploaded frame, drawing a unit's name on it, framing a photo.

Everything here works in memory with Pillow. A member's photo is never written anywhere: it is
decoded (at reduced size, see :func:`uploads.images.open_photo_for_square`), cropped to a square,
scaled to 1080×1080, covered by the frame and encoded, and the bytes go back in the response.

The unit name is drawn in the vendored DejaVu Sans Bold (``static/vendor/fonts``), which has every
Vietnamese glyph (precomposed letters such as "ệ", "ử", "Đ").
"""

import functools
import io
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.errors import ServiceError
from uploads.images import open_photo_for_square, safe_name

from .models import FRAME_SIZE

FONT_PATH = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts" / "DejaVuSans-Bold.ttf"
TRANSPARENT = 32  # alpha at or below this counts as transparent
MIN_WINDOW_PERCENT = 10  # the transparent window must cover at least this share of the frame
MIN_LABEL_SIZE = 14
OUTPUT_FORMATS = {"jpeg": ("JPEG", "image/jpeg", "jpg"), "png": ("PNG", "image/png", "png")}


# --- Checking and normalising an uploaded frame -----------------------------------------------


def prepare_frame(uploaded, checked):
    """Check an uploaded frame (already ``check_upload``-ed as an image) and normalise it.

    The frame must be a PNG with an alpha channel, square, at least 1080×1080, with a transparent
    window that covers the centre and at least 10 % of the area. Returns ``(ContentFile of a
    1080×1080 RGBA PNG, window percent)``; raises :class:`ServiceError` with the reason.
    """
    from PIL import Image

    from uploads.checks import open_image

    if checked.mime != "image/png":
        raise ServiceError(_("Khung ảnh phải là tệp PNG có nền trong suốt (tệp này là %(mime)s).") % {"mime": checked.mime},
                           field="image")
    image = open_image(uploaded)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not has_alpha:
        raise ServiceError(_("Khung ảnh không có vùng trong suốt (ảnh PNG không có kênh alpha). "
                             "Hãy xuất lại tệp PNG với nền trong suốt ở ô đặt ảnh."), field="image")
    width, height = image.size
    if width != height:
        raise ServiceError(_("Khung ảnh phải là hình vuông (tệp này %(w)s×%(h)s điểm ảnh).") % {"w": width, "h": height},
                           field="image")
    if width < FRAME_SIZE:
        raise ServiceError(
            _("Khung ảnh quá nhỏ: %(w)s×%(h)s điểm ảnh, cần tối thiểu %(min)s×%(min)s.")
            % {"w": width, "h": height, "min": FRAME_SIZE},
            field="image",
        )
    image = image.convert("RGBA")
    if width != FRAME_SIZE:
        image = image.resize((FRAME_SIZE, FRAME_SIZE), Image.Resampling.LANCZOS)
    alpha = image.getchannel("A")
    window = window_percent(alpha)
    centre = alpha.getpixel((FRAME_SIZE // 2, FRAME_SIZE // 2))
    if window < MIN_WINDOW_PERCENT or centre > TRANSPARENT:
        raise ServiceError(
            _("Khung ảnh không có ô trong suốt để đặt ảnh: phần giữa khung phải trong suốt và chiếm ít nhất "
              "%(min)s%% diện tích (khung này: %(found)s%%).") % {"min": MIN_WINDOW_PERCENT, "found": window},
            field="image",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name=safe_name("png")), window


def window_percent(alpha):
    """Share of the frame (0–100) whose alpha is transparent."""
    histogram = alpha.histogram()
    return round(100 * sum(histogram[: TRANSPARENT + 1]) / (alpha.width * alpha.height))


# --- Per-unit variants ------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _font(size):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_PATH), size)


@functools.lru_cache(maxsize=4)
def _frame_image(storage, name, stamp):
    """The stored 1080×1080 RGBA frame, kept per process (keyed by file name and last change)."""
    from PIL import Image

    with storage.open(name, "rb") as handle:
        image = Image.open(handle, formats=["PNG"])
        image.load()
    image = image.convert("RGBA")
    if image.size != (FRAME_SIZE, FRAME_SIZE):
        image = image.resize((FRAME_SIZE, FRAME_SIZE))
    return image


def frame_image(frame):
    return _frame_image(frame.image.storage, frame.image.name, frame.updated_at.isoformat() if frame.updated_at else "")


def _hex(value, default):
    value = (value or "").strip()
    if len(value) == 7 and value.startswith("#"):
        try:
            return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))
        except ValueError:
            pass
    return default


def label_layout(frame, unit):
    """``(text, font size)`` of the unit's name on the frame: the full name at the frame's size if it
    fits the width, else smaller down to 70 %, else the short name the same way, else the shorter
    one shrunk until it fits."""
    if unit is None or not frame.label_enabled:
        return None
    names = [unit.name]
    if unit.short_name and unit.short_name != unit.name:
        names.append(unit.short_name)
    if frame.label_uppercase:
        names = [n.upper() for n in names]
    max_width = FRAME_SIZE * frame.label_max_width / 100
    top = frame.label_size
    low = max(MIN_LABEL_SIZE, int(top * 0.7))
    for text in names:
        for size in range(top, low - 1, -2):
            if _font(size).getlength(text) <= max_width:
                return text, size
    text = min(names, key=len)
    size = low
    while size > MIN_LABEL_SIZE and _font(size).getlength(text) > max_width:
        size -= 2
    return text, size


def render_variant(frame, unit=None):
    """The frame with ``unit``'s name drawn on it (the plain frame when ``unit`` is None)."""
    from PIL import ImageDraw

    base = frame_image(frame)
    layout = label_layout(frame, unit)
    if layout is None:
        return base
    text, size = layout
    image = base.copy()
    draw = ImageDraw.Draw(image)
    x = FRAME_SIZE * frame.label_x / 100
    y = FRAME_SIZE * frame.label_y / 100
    outline = _hex(frame.label_outline, None)
    draw.text(
        (x, y), text, font=_font(size), anchor="mm", fill=_hex(frame.label_color, (255, 255, 255)),
        stroke_width=max(2, size // 14) if outline else 0, stroke_fill=outline,
    )
    return image


def variant_png(frame, unit=None):
    out = io.BytesIO()
    render_variant(frame, unit).save(out, format="PNG", compress_level=3)
    return out.getvalue()


# --- Framing a photo --------------------------------------------------------------------------


def compose(photo, frame_rgba, *, fmt="jpeg"):
    """Frame a photo: centre-crop to a square, scale to 1080×1080, lay the frame over it, encode.

    ``photo`` is ``(uploaded, checked)`` from ``check_upload(..., decode=False)``. Returns
    ``(bytes, content type, extension, upscaled)``.
    """
    from PIL import Image

    uploaded, checked = photo
    image, upscaled = open_photo_for_square(uploaded, checked, side=FRAME_SIZE)
    width, height = image.size
    side = min(width, height)
    box = ((width - side) // 2, (height - side) // 2, (width - side) // 2 + side, (height - side) // 2 + side)
    image = image.resize((FRAME_SIZE, FRAME_SIZE), Image.Resampling.BICUBIC, box=box, reducing_gap=2.0)
    image.paste(frame_rgba, (0, 0), frame_rgba)
    pil_format, content_type, extension = OUTPUT_FORMATS.get(fmt, OUTPUT_FORMATS["jpeg"])
    out = io.BytesIO()
    if pil_format == "JPEG":
        image.save(out, format="JPEG", quality=88)
    else:
        image.save(out, format="PNG", compress_level=3)
    return out.getvalue(), content_type, extension, upscaled
