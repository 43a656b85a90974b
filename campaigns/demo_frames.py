"""Demo avatar frame of the Congress campaign, drawn with Pillow at seed time.

``seed(context)`` adds one published Congress XII frame (red and gold border, a transparent circle
for the photo, the unit's name drawn below it) to the demo campaign. ``frame_png`` draws the PNG
and is also what the tests use as a valid frame.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

RED = (183, 28, 28, 255)
GOLD = (255, 193, 7, 255)


def frame_png(size=1080, *, window="circle", alpha=True, text="ĐẠI HỘI XII CÔNG ĐOÀN VIỆT NAM"):
    """A Congress-style frame: red border, gold ring, a transparent ``window`` ("circle" or
    "square") in the middle. ``alpha=False`` gives an opaque RGB PNG (a frame that must be refused)."""
    from PIL import Image, ImageDraw, ImageFont

    from .frames import FONT_PATH

    image = Image.new("RGBA", (size, size), RED)
    draw = ImageDraw.Draw(image)
    margin = size // 9
    box = (margin, margin, size - margin, size - margin)
    ring = max(4, size // 60)
    if window == "square":
        draw.rectangle((box[0] - ring, box[1] - ring, box[2] + ring, box[3] + ring), fill=GOLD)
        draw.rectangle(box, fill=(0, 0, 0, 0))
    else:
        draw.ellipse((box[0] - ring, box[1] - ring, box[2] + ring, box[3] + ring), fill=GOLD)
        draw.ellipse(box, fill=(0, 0, 0, 0))
    if text:
        font = ImageFont.truetype(str(FONT_PATH), max(12, size // 26))
        draw.text((size / 2, margin / 2), text, font=font, anchor="mm", fill=GOLD)
    if not alpha:
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(context, stdout=None):
    from uploads.checks import check_upload

    from .services import frame_upload

    campaign = context["campaign"]
    root = context["root"]
    upload = SimpleUploadedFile("khung-dai-hoi-xii.png", frame_png(), content_type="image/png")
    frame = frame_upload(
        actor=context["users"]["hq"], campaign=campaign, unit=root, image=(upload, check_upload(upload)),
        title="Khung chào mừng Đại hội XII", label_y=95, label_size=40, label_color="#FFFFFF",
        label_outline="#8B0000", is_published=True,
    )
    context["frame"] = frame
    # The kit that asks members to change their avatar links to the studio.
    campaign.share_kits.filter(title__icontains="khung ảnh").update(asks_for_frame=True)
    _demo_uses(frame)
    if stdout:
        stdout.write(f"Avatar frame: {frame.title}; uses {frame.uses.count()}")
    return frame


def _demo_uses(frame, days=10):
    """Uses by a few dozen demo members over the last days, so the statistics have something to show."""
    import datetime
    import random

    from django.utils import timezone

    from unions.models import Membership

    from . import sharing
    from .models import FrameUse

    rng = random.Random(12)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    memberships = list(Membership.objects.active().select_related("union").order_by("pk")[:200])
    rows = []
    for m in rng.sample(memberships, min(60, len(memberships))):
        day = today - datetime.timedelta(days=rng.randrange(days))
        rows.append(FrameUse(frame=frame, user=m.user, unit=m.union, day=day, method=FrameUse.Method.BROWSER,
                             visitor=sharing.visitor_hash(f"member:{m.user_id}", "", day)))
    FrameUse.objects.bulk_create(rows, ignore_conflicts=True)
