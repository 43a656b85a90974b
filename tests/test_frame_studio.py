"""The studio's server path (no JavaScript): POST a photo, get the framed 1080×1080 image back.

Photos as phones make them — a 12 MP JPEG, EXIF rotation, PNG, WebP, HEIC, CMYK, greyscale,
palette, very small — and what must be refused: a bomb, a non-image, an image above the pixel cap.
A composite writes nothing to any storage and no temporary file.
"""

import base64
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import FrameUse
from tests.factories import CampaignFactory
from tests.submissions.helpers import files_under, png_bomb

from .frame_helpers import FRAME_RED, make_frame, photo_bytes

GREEN = (20, 160, 60)


@pytest.fixture
def studio(tree, hq):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi")
    frame = make_frame(campaign, tree.root, hq)
    return campaign, frame


def _post(client, campaign, frame, data, name="anh.jpg", **extra):
    url = reverse("frame_studio", args=[campaign.slug])
    return client.post(url, {"frame": frame.pk, "photo": SimpleUploadedFile(name, data), **extra})


def _image(response):
    return Image.open(io.BytesIO(response.content))


def _close(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def _assert_framed(image):
    assert image.size == (1080, 1080)
    rgb = image.convert("RGB")
    for xy in ((2, 2), (1077, 2), (2, 1077), (1077, 1077), (540, 5)):
        assert _close(rgb.getpixel(xy), FRAME_RED), (xy, rgb.getpixel(xy))


def test_a_12_megapixel_jpeg_comes_back_as_a_1080_jpeg(client, studio):
    campaign, frame = studio
    response = _post(client, campaign, frame, photo_bytes((4000, 3000)))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    image = _image(response)
    assert image.format == "JPEG"
    _assert_framed(image)
    # The photo shows through the window: green on the left, white on the right.
    assert _close(image.getpixel((300, 540)), GREEN) and _close(image.getpixel((800, 540)), (255, 255, 255))


def test_png_output_on_request(client, studio):
    campaign, frame = studio
    response = _post(client, campaign, frame, photo_bytes((1600, 1200)), format="png")
    assert response["Content-Type"] == "image/png" and _image(response).format == "PNG"


def test_exif_rotation_is_honoured(client, studio):
    campaign, frame = studio
    # Orientation 6: the camera was turned; shown upright, the photo's left side is on top.
    response = _post(client, campaign, frame, photo_bytes((4000, 3000), exif_orientation=6))
    image = _image(response).convert("RGB")
    assert _close(image.getpixel((540, 250)), GREEN) and _close(image.getpixel((540, 830)), (255, 255, 255))


def _heic():
    from pillow_heif import from_pillow

    image = Image.new("RGB", (1500, 1200), GREEN)
    out = io.BytesIO()
    from_pillow(image).save(out, quality=80)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("anh.png", lambda: photo_bytes((1500, 1500), fmt="PNG")),
        ("anh-trong-suot.png", lambda: photo_bytes((1500, 1500), fmt="PNG", mode="RGBA")),
        ("anh.webp", lambda: photo_bytes((1500, 1300), fmt="WEBP")),
        ("anh.heic", _heic),
        ("cmyk.jpg", lambda: photo_bytes((2000, 1500), mode="CMYK")),
        ("xam.jpg", lambda: photo_bytes((2000, 1500), mode="L")),
        ("bang-mau.png", lambda: photo_bytes((1400, 1400), fmt="PNG", mode="P")),
    ],
)
def test_each_phone_format_works(client, studio, name, make):
    campaign, frame = studio
    response = _post(client, campaign, frame, make(), name=name)
    assert response.status_code == 200, response.content[:500]
    _assert_framed(_image(response))


def test_a_very_small_photo_is_upscaled_with_a_warning(client, studio):
    campaign, frame = studio
    response = _post(client, campaign, frame, photo_bytes((320, 240)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "được phóng to" in html
    data = re.search(r'src="data:image/jpeg;base64,([^"]+)"', html).group(1)
    _assert_framed(Image.open(io.BytesIO(base64.b64decode(data))))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.png", png_bomb(), "megapixel"),
        ("virus.jpg", b"MZ\x90\x00" + b"\x00" * 4000, "không phải ảnh hợp lệ"),
        ("trang.jpg", b"<html><body>not a photo</body></html>", "không phải ảnh hợp lệ"),
    ],
)
def test_bad_files_are_refused_with_a_message(client, studio, name, data, message):
    campaign, frame = studio
    response = _post(client, campaign, frame, data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FrameUse.objects.exists()


def test_an_image_above_the_pixel_cap_is_refused(client, studio, settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10_000_000
    campaign, frame = studio
    response = _post(client, campaign, frame, photo_bytes((4000, 3000)))
    assert response.status_code == 400 and "tối đa 10 megapixel" in response.content.decode()


def test_a_truncated_jpeg_is_refused(client, studio):
    campaign, frame = studio
    data = photo_bytes((2000, 1500))
    response = _post(client, campaign, frame, data[: len(data) // 3])
    assert response.status_code == 400 and "bị hỏng" in response.content.decode()


def test_nothing_is_written_by_a_composite(client, studio, settings, monkeypatch):
    from django.core.files import uploadedfile

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("the photo must stay in memory")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", no_temporary_file)
    campaign, frame = studio
    before = files_under(settings.MEDIA_ROOT)
    response = _post(client, campaign, frame, photo_bytes((4000, 3000)))  # above the 2 MB memory limit
    assert response.status_code == 200
    assert files_under(settings.MEDIA_ROOT) == before
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_the_page_says_the_photo_is_not_kept_and_preselects_my_units_variant(client_for, studio, member, tree):
    campaign, frame = studio
    html = client_for(member).get(reverse("frame_studio", args=[campaign.slug])).content.decode()
    assert "không lưu lại ảnh" in html
    assert f'data-unit="{tree.officer_unit.pk}"' in html
    assert f"{frame.pk}.png?unit={tree.officer_unit.pk}" in html


def test_a_member_cannot_put_another_units_name_on_the_frame(client_for, studio, member, tree):
    campaign, frame = studio
    url = reverse("frame_variant", args=[campaign.slug, frame.pk])
    client = client_for(member)
    assert client.get(f"{url}?unit={tree.officer_unit.pk}").status_code == 200
    assert client.get(f"{url}?unit={tree.sibling_unit.pk}").status_code == 404


def test_an_unpublished_frame_is_not_offered(client, tree, hq):
    campaign = CampaignFactory(unit=tree.root)
    frame = make_frame(campaign, tree.root, hq, published=False)
    assert client.get(reverse("frame_variant", args=[campaign.slug, frame.pk])).status_code == 404
    assert "chưa có khung ảnh" in client.get(reverse("frame_studio", args=[campaign.slug])).content.decode()
