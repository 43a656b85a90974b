"""frame_upload / frame_update: only square PNG frames with transparency, at least 1080×1080 and a
transparent window, are accepted; each refusal says why, in Vietnamese; an audit row is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from campaigns import services
from campaigns.demo_frames import frame_png
from campaigns.models import FRAME_SIZE, AvatarFrame
from core.errors import ServiceError
from tests.factories import CampaignFactory
from uploads.checks import check_upload

from .frame_helpers import frame_upload, photo_bytes


@pytest.fixture
def campaign(tree):
    return CampaignFactory(unit=tree.root)


def _upload(campaign, tree, hq, image):
    return services.frame_upload(actor=hq, campaign=campaign, unit=tree.root, image=image, title="Khung")


def test_a_valid_frame_is_stored_at_1080_with_an_audit_row(campaign, tree, hq):
    from PIL import Image

    frame = _upload(campaign, tree, hq, frame_upload(size=1600))
    with frame.image.open("rb") as handle:
        stored = Image.open(handle)
        assert stored.size == (FRAME_SIZE, FRAME_SIZE) and stored.mode == "RGBA"
    assert frame.window_ratio > 40
    event = AuditEvent.objects.get(verb="frame.uploaded")
    assert event.object_id == str(frame.pk) and event.unit_path == tree.root.path


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alpha": False}, "không có vùng trong suốt"),
        ({"size": 800}, "quá nhỏ: 800×800"),
    ],
)
def test_frames_without_transparency_or_too_small_are_refused(campaign, tree, hq, kwargs, message):
    with pytest.raises(ServiceError, match=message):
        _upload(campaign, tree, hq, frame_upload(**kwargs))
    assert not AvatarFrame.objects.exists() and not AuditEvent.objects.filter(verb="frame.uploaded").exists()


def test_a_frame_that_is_not_square_is_refused(campaign, tree, hq):
    import io

    from PIL import Image

    image = Image.new("RGBA", (1200, 1080), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    upload = SimpleUploadedFile("rect.png", out.getvalue())
    with pytest.raises(ServiceError, match="hình vuông"):
        _upload(campaign, tree, hq, (upload, check_upload(upload)))


def test_a_frame_without_a_transparent_window_is_refused(campaign, tree, hq):
    import io

    from PIL import Image

    image = Image.new("RGBA", (1080, 1080), (200, 0, 0, 255))
    image.paste((0, 0, 0, 0), (0, 0, 100, 100))  # a transparent corner, not a window
    out = io.BytesIO()
    image.save(out, format="PNG")
    upload = SimpleUploadedFile("full.png", out.getvalue())
    with pytest.raises(ServiceError, match="ô trong suốt"):
        _upload(campaign, tree, hq, (upload, check_upload(upload)))


def test_a_jpeg_frame_is_refused(campaign, tree, hq):
    upload = SimpleUploadedFile("khung.jpg", photo_bytes((1200, 1200)))
    with pytest.raises(ServiceError, match="PNG"):
        _upload(campaign, tree, hq, (upload, check_upload(upload)))


def test_frame_update_changes_settings_and_audits(campaign, tree, hq):
    frame = _upload(campaign, tree, hq, frame_upload())
    services.frame_update(actor=hq, frame=frame, label_y=80, is_published=True)
    frame.refresh_from_db()
    assert (frame.label_y, frame.is_published) == (80, True)
    assert AuditEvent.objects.get(verb="frame.updated").data == {"fields": ["is_published", "label_y"]}


def test_the_demo_frame_is_valid():
    upload = SimpleUploadedFile("demo.png", frame_png(window="square"))
    assert check_upload(upload).mime == "image/png"
