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
    """The Congress XII frame (used during that campaign, in 2018) and the current Tết frame (used
    over the last days), both published on the root unit."""
    from uploads.checks import check_upload

    from .services import frame_upload

    campaigns, root = context["campaigns"], context["root"]

    def upload(campaign, title, text, name):
        png = SimpleUploadedFile(name, frame_png(text=text), content_type="image/png")
        return frame_upload(
            actor=context["users"]["hq"], campaign=campaign, unit=root, image=(png, check_upload(png)),
            title=title, label_y=95, label_size=40, label_color="#FFFFFF", label_outline="#8B0000", is_published=True,
        )

    congress = campaigns["congress"]
    congress_frame = upload(congress, "Khung chào mừng Đại hội XII", "ĐẠI HỘI XII CÔNG ĐOÀN VIỆT NAM",
                            "khung-dai-hoi-xii.png")
    congress.share_kits.filter(title__icontains="khung ảnh").update(asks_for_frame=True)
    _demo_uses(congress_frame, last_day=congress.ends_on, days=(congress.ends_on - congress.starts_on).days + 1)
    tet = campaigns["tet"]
    season = context.get("tet_season", {})
    tet_frame = upload(tet, "Khung ảnh Tết Sum vầy", f"TẾT SUM VẦY – {season.get('name', '').upper()}".strip(" –"),
                       "khung-tet-sum-vay.png")
    _demo_uses(tet_frame)
    context["frame"] = tet_frame
    if stdout:
        stdout.write(f"Avatar frames: {congress_frame.title}, {tet_frame.title}")
    return tet_frame


def _demo_uses(frame, *, last_day=None, days=10):
    """Uses by a few dozen demo members over the ``days`` up to ``last_day`` (today), so the
    statistics have something to show."""
    import datetime
    import random

    from django.utils import timezone

    from unions.models import Membership

    from . import sharing
    from .models import FrameUse

    rng = random.Random(12)  # noqa: S311 - demo data, not security
    today = last_day or timezone.localdate()
    memberships = list(Membership.objects.active().select_related("union").order_by("pk")[:200])
    rows = []
    for m in rng.sample(memberships, min(60, len(memberships))):
        day = today - datetime.timedelta(days=rng.randrange(days))
        rows.append(FrameUse(frame=frame, user=m.user, unit=m.union, day=day, method=FrameUse.Method.BROWSER,
                             visitor=sharing.visitor_hash(f"member:{m.user_id}", "", day)))
    FrameUse.objects.bulk_create(rows, ignore_conflicts=True)
