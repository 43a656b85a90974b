"""Benchmark of the avatar-frame studio's server path (``make bench``).

Measures, in one run and on the same inputs, the real endpoint (``POST /campaigns/<slug>/frame/``
through Django's test client: middleware, session, upload parsing, checks, compositing, counting)
against a bare Pillow pipeline (open, orient, crop, resize, composite, encode) on a 12-megapixel
phone JPEG made here. Prints p50/p95 of each and the ratio. The targets (issue 11): the endpoint
at most 1.5× the bare pipeline and under 250 ms at p95; ``--check`` exits 1 when one is missed.

Runs on a throw-away SQLite database and media folder; nothing of the developer's data is touched.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def make_photo(width=4000, height=3000):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (40, 120, 180))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 80):  # some detail, so the JPEG is as heavy as a real one
        draw.line((i, 0, width - i, height), fill=(i % 255, 200, 90), width=9)
    exif = Image.Exif()
    exif[0x0112] = 6  # portrait, as phones write it
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def bare_pipeline(data, frame_rgba, side=1080):
    from PIL import Image, ImageOps

    image = Image.open(io.BytesIO(data), formats=["JPEG"])
    width, height = image.size
    scale = side / min(width, height)
    image.draft("RGB", (int(width * scale) + 1, int(height * scale) + 1))
    image = ImageOps.exif_transpose(image)
    width, height = image.size
    short = min(width, height)
    box = ((width - short) // 2, (height - short) // 2, (width - short) // 2 + short, (height - short) // 2 + short)
    image = image.resize((side, side), Image.Resampling.BICUBIC, box=box, reducing_gap=2.0)
    image.paste(frame_rgba, (0, 0), frame_rgba)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-frames-"))
    os.environ.update({
        "DEBUG": "true", "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"), "CELERY_FILESYSTEM_DIR": str(work / "celery"), "LOG_LEVEL": "WARNING",
    })
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from campaigns import frames
    from campaigns.demo_frames import frame_png
    from campaigns.models import Campaign
    from campaigns.services import frame_upload
    from unions.models import Level, Union
    from uploads.checks import check_upload

    root = Union.objects.create(name="Công đoàn Công Thương Việt Nam", code="BENCH", level=Level.PROVINCE_SECTOR)
    campaign = Campaign.objects.create(unit=root, title="Đại hội", slug="dai-hoi", starts_on=timezone.localdate())
    upload = SimpleUploadedFile("khung.png", frame_png())
    frame = frame_upload(actor=None, campaign=campaign, unit=root, image=(upload, check_upload(upload)),
                         title="Khung", is_published=True)
    frame_rgba = frames.render_variant(frame)
    photo = make_photo()
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (bench)")

    def endpoint():
        response = client.post("/campaigns/dai-hoi/frame/",
                               {"frame": frame.pk, "photo": SimpleUploadedFile("anh.jpg", photo)})
        if response.status_code != 200 or response["Content-Type"] != "image/jpeg":
            raise SystemExit(f"the endpoint answered {response.status_code}: {response.content[:300]!r}")
        return response.content

    endpoint(), bare_pipeline(photo, frame_rgba)  # warm up (imports, caches)
    times = {"endpoint": [], "bare": []}
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        for name, func in (("endpoint", endpoint), ("bare", lambda: bare_pipeline(photo, frame_rgba))):
            start = time.perf_counter()
            func()
            times[name].append((time.perf_counter() - start) * 1000)

    print(f"Avatar-frame composite, 12 MP JPEG ({len(photo) / 1e6:.1f} MB), {args.runs} runs each")  # noqa: T201
    for name in ("bare", "endpoint"):
        values = times[name]
        print(f"  {name:9} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms")  # noqa: T201
    ratio50 = statistics.median(times["endpoint"]) / statistics.median(times["bare"])
    ratio95 = percentile(times["endpoint"], 95) / percentile(times["bare"], 95)
    p95 = percentile(times["endpoint"], 95)
    ok = ratio50 <= 1.5 and p95 < 250
    print(f"  ratio endpoint/bare: p50 {ratio50:.2f}×, p95 {ratio95:.2f}×  "  # noqa: T201
          f"(target ≤ 1.5× and endpoint p95 < 250 ms: {'met' if ok else 'MISSED'})")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
