"""A hostile-upload corpus, made by the tests (nothing is checked in): what an attacker would send.

Each entry is ``(label, file name, bytes, outcome)`` with outcome ``"refused"`` (a Vietnamese
message, nothing stored) or ``"neutralised"`` (accepted, but stored re-encoded under a generated
name, without metadata or anything after the image data).
"""

import io
import struct
import zlib

from PIL import Image

from tests.submissions.helpers import gps_exif, jpeg_bytes, png_bomb

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def gif_bomb(width=60000, height=60000):
    """A GIF whose screen and frame claim 3.6 gigapixels, with almost no data."""
    header = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return header + frame + b"\x3b"


def jpeg_bomb(width=60000, height=60000):
    """A real small JPEG whose frame header (SOF0) is rewritten to claim 3.6 gigapixels."""
    data = bytearray(jpeg_bytes(size=(16, 16)))
    at = data.index(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_bomb(width=16000, height=16000):
    """A real lossless WebP whose header is rewritten to claim 256 megapixels."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "WEBP", lossless=True)
    data = bytearray(out.getvalue())
    at = data.index(b"VP8L") + 8
    assert data[at] == 0x2F
    bits = (width - 1) | ((height - 1) << 14) | (int.from_bytes(data[at + 1:at + 5], "little") & ~((1 << 28) - 1))
    data[at + 1:at + 5] = bits.to_bytes(4, "little")
    return bytes(data)


def png_41_megapixels():
    """A real 41-megapixel PNG (bilevel, so it is small), over the 40 MP cap."""
    out = io.BytesIO()
    Image.new("1", (8200, 5000), 1).save(out, "PNG")
    return out.getvalue()


def svg_as_png():
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b"<script>alert(1)</script></svg>")


def png_bytes(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 160, 90)).save(out, "PNG")
    return out.getvalue()


def corpus():
    jpeg = jpeg_bytes(size=(120, 90))
    return [
        ("PNG bomb", "bomb.png", png_bomb(), "refused"),
        ("GIF bomb", "bomb.gif", gif_bomb(), "refused"),
        ("JPEG bomb", "bomb.jpg", jpeg_bomb(), "refused"),
        ("WebP bomb", "bomb.webp", webp_bomb(), "refused"),
        ("41 MP", "panorama.png", png_41_megapixels(), "refused"),
        ("HTML as JPEG", "anh.jpg", HTML, "refused"),
        ("SVG as PNG", "logo.png", svg_as_png(), "refused"),
        ("truncated JPEG", "cut.jpg", jpeg_bytes(size=(400, 300))[:1500], "refused"),
        ("zero bytes", "empty.jpg", b"", "refused"),
        ("PDF as JPEG", "scan.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "refused"),
        ("JPEG/HTML polyglot", "poly.jpg", jpeg + HTML, "neutralised"),
        ("GPS EXIF", "gps.jpg", jpeg_bytes(size=(120, 90), exif=gps_exif()), "neutralised"),
        ("PNG named .jpg", "wrong.jpg", png_bytes(), "neutralised"),
        ("path traversal", "../../../../etc/cron.d/x.jpg", jpeg, "neutralised"),
        ("control characters", "a\x01\x07\x1b[31m\x7fb.jpg", jpeg, "neutralised"),
        ("300-character name", "ả" * 296 + ".jpg", jpeg, "neutralised"),
    ]


def assert_neutralised(data):
    """Stored bytes: a clean image, no HTML after it, no EXIF (GPS included)."""
    assert b"<script" not in data and b"<html" not in data.lower()
    assert b"PhoneMaker" not in data
    image = Image.open(io.BytesIO(data))
    image.load()
    assert not image.getexif()
