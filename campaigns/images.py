"""Images made by the portal: 1200×630 Open Graph cards from an already checked image."""

import io

from django.core.files.base import ContentFile

from uploads.images import safe_name

OG_SIZE = (1200, 630)


def og_card(source):
    """A 1200×630 JPEG cropped to cover from ``source`` (an open, already checked image file), or None."""
    from PIL import Image, ImageOps

    from uploads.checks import open_image

    try:
        image = open_image(source)
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    card = ImageOps.fit(image, OG_SIZE, method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    card.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=safe_name("jpg"))
