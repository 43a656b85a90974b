"""Real files and quick objects for the submissions tests."""

import io
import struct
import tempfile
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from submissions.models import Kind, Status, Submission, SubmissionMedia
from uploads.media import make_clip


def jpeg_bytes(size=(800, 600), color=(30, 120, 200), exif=None):
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS IFD
    return exif.tobytes()


def photo(name="anh.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def png_bomb(width=20000, height=20000):
    """A tiny PNG whose header claims 400 megapixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = zlib.compress(b"\x00" * (width // 8 + 1), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


_CLIPS = {}


def clip_bytes(kind="video"):
    """A real 2-second clip made with imageio-ffmpeg's ffmpeg (cached per test session)."""
    if kind not in _CLIPS:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"clip.{'mp4' if kind == 'video' else 'mp3'}"
            make_clip(path, kind=kind)
            _CLIPS[kind] = path.read_bytes()
    return _CLIPS[kind]


def files_under(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pending(author, unit, *, title="Bài chờ duyệt", kind=Kind.GOOD_DEED, at=None, current=None, media=0, **extra):
    """A pending submission made directly (fast, for lists and rules); ``media`` ready photos."""
    now = timezone.now()
    submission = Submission.objects.create(
        author=author, unit=unit, current_unit=current or unit, kind=kind, title=title,
        body="<p>Nội dung</p>", status=extra.pop("status", Status.PENDING), consent_publication=True,
        consent_people=True, submitted_at=at or now, waiting_since=at or now, **extra,
    )
    for i in range(media):
        SubmissionMedia.objects.create(
            submission=submission, kind="image", file=f"submissions/x{submission.pk}-{i}.jpg",
            thumbnail=f"submissions/thumbs/x{submission.pk}-{i}.jpg", mime="image/jpeg",
            status=SubmissionMedia.State.READY, position=i,
        )
    return submission
