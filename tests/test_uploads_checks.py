"""Upload checks by content: real files (made in tests.submissions.helpers), each bad one refused with a Vietnamese message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.submissions.helpers import gps_exif, jpeg_bytes, png_bomb
from uploads.checks import UploadRejected, check_upload
from uploads.images import clean_image


def _jpeg(size=(64, 48), exif=None):
    return jpeg_bytes(size=size, exif=exif)


def test_a_real_jpeg_passes():
    checked = check_upload(SimpleUploadedFile("a.jpg", _jpeg()), kinds=("image",))
    assert (checked.kind, checked.mime, checked.width, checked.height) == ("image", "image/jpeg", 64, 48)


def test_html_renamed_jpg_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    with pytest.raises(UploadRejected, match="không phải ảnh hợp lệ"):
        check_upload(upload, kinds=("image",))


def test_truncated_jpeg_is_refused():
    data = _jpeg((400, 300))
    with pytest.raises(UploadRejected, match="bị hỏng"):
        check_upload(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]), kinds=("image",))


def test_a_truncated_jpeg_is_still_refused_after_a_pdf_export_loaded_weasyprint():
    """WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported; a web
    process that has rendered an annual report must keep refusing broken photos."""
    from PIL import ImageFile

    from reports.documents import _weasyprint

    _weasyprint()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # any other library doing the same
    try:
        data = _jpeg((400, 300))
        with pytest.raises(UploadRejected, match="bị hỏng"):
            check_upload(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]), kinds=("image",))
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False


def test_decompression_bomb_is_refused():
    with pytest.raises(UploadRejected, match="megapixel"):
        check_upload(SimpleUploadedFile("bomb.png", png_bomb()), kinds=("image",))


def test_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "image": 1}
    big = _jpeg((3000, 3000)) + b"\x00" * (1024 * 1024)
    with pytest.raises(UploadRejected, match="quá lớn"):
        check_upload(SimpleUploadedFile("big.jpg", big), kinds=("image",))


def test_executable_renamed_mp4_is_refused():
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
    with pytest.raises(UploadRejected, match="không phải"):
        check_upload(SimpleUploadedFile("clip.mp4", elf), kinds=("video", "audio"))


def test_empty_file_is_refused():
    with pytest.raises(UploadRejected, match="trống"):
        check_upload(SimpleUploadedFile("x.jpg", b""), kinds=("image",))


def test_clean_image_drops_exif_gps():
    data = _jpeg(exif=gps_exif())
    assert b"PhoneMaker" in data
    upload = SimpleUploadedFile("gps.jpg", data)
    cleaned = clean_image(upload, check_upload(upload))
    out = cleaned.read()
    assert b"PhoneMaker" not in out
    assert not Image.open(io.BytesIO(out)).getexif()
    assert cleaned.name.endswith(".jpg") and "gps" not in cleaned.name
