"""The member's form at /submissions/new/ through the real view: good files stored clean, bad ones
refused with a Vietnamese message, nothing left in storage, and what was typed kept."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditEvent
from notifications.models import Notification
from submissions.models import Decision, Kind, Status, Submission

from .helpers import clip_bytes, files_under, gps_exif, jpeg_bytes, photo, png_bomb

pytestmark = pytest.mark.django_db

TITLE = "Chị Lan – người thợ may tận tụy"
BODY = "Chị Lan đã dạy nghề miễn phí cho 20 công nhân mới.\n\nMọi người đều quý chị."


def _post(client, files=(), action="submit", **fields):
    data = {
        "kind": Kind.GOOD_DEED,
        "title": TITLE,
        "body": BODY,
        "consent_publication": "on",
        "consent_people": "on",
        action: "1",
        **fields,
    }
    if files:
        data["files"] = list(files)
    return client.post(reverse("submission_new"), data)


def test_member_submits_a_story_with_a_photo(personas, tree, client_for):
    client = client_for(personas.member)
    response = _post(client, [photo("IMG_0001.jpg", exif=gps_exif())])
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.status, submission.unit, submission.current_unit) == (Status.PENDING, tree.officer_unit, tree.officer_unit)
    assert submission.consent_publication and submission.consent_people and submission.consent_at
    assert submission.body.startswith("<p>Chị Lan đã dạy nghề")
    [step] = submission.steps.all()
    assert step.decision == Decision.SUBMIT and step.actor == personas.member
    media = submission.media.get()
    stored = media.file.read()
    assert b"PhoneMaker" not in stored and not Image.open(io.BytesIO(stored)).getexif()
    assert "IMG_0001" not in media.file.name and media.thumbnail
    # Stored privately; nothing public (no gallery cover, no share card) until it is published.
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / media.file.name).is_file()
    assert not submission.cover and not submission.share_image and files_under(settings.MEDIA_ROOT) == []
    assert AuditEvent.objects.filter(verb="submission.submitted", object_id=str(submission.pk)).exists()
    # The grassroots officer hears about it.
    assert Notification.objects.filter(recipient=personas.officer, url=submission.get_absolute_url()).exists()
    mine = client.get(response.url)
    assert TITLE in mine.content.decode() and "Chờ duyệt" in mine.content.decode()


def test_draft_needs_no_consent_and_can_be_submitted_later(personas, client_for):
    client = client_for(personas.member)
    response = _post(client, action="draft", consent_publication="", consent_people="")
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == Status.DRAFT and not submission.steps.exists()
    # Submitting without consent is refused and keeps the text.
    edit = reverse("submission_edit", args=[submission.pk])
    response = client.post(edit, {"kind": Kind.GOOD_DEED, "title": TITLE, "body": BODY, "submit": "1"})
    assert response.status_code == 400
    assert "Cần có sự đồng ý cho đăng" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT


def _bomb():
    return SimpleUploadedFile("bomb.png", png_bomb(), content_type="image/png")


def _html_as_jpg():
    return SimpleUploadedFile("anh.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
                              content_type="image/jpeg")


def _truncated():
    data = jpeg_bytes((1200, 900))
    return SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg")


def _oversized():
    # 1 MB cap set below; a real JPEG padded past it.
    return SimpleUploadedFile("big.jpg", jpeg_bytes((1600, 1200)) + b"\0" * (1024 * 1024 + 10), content_type="image/jpeg")


def _exe_as_mp4():
    return SimpleUploadedFile("clip.mp4", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 4000, content_type="video/mp4")


@pytest.mark.parametrize(
    ("make", "kind", "message"),
    [
        (_bomb, Kind.GOOD_DEED, "megapixel"),
        (_html_as_jpg, Kind.GOOD_DEED, "không phải ảnh"),
        (_truncated, Kind.GOOD_DEED, "bị hỏng"),
        (_oversized, Kind.GOOD_DEED, "quá lớn"),
        (_exe_as_mp4, Kind.VIDEO, "không phải video hợp lệ"),
    ],
    ids=["decompression-bomb", "html-renamed-jpg", "truncated-jpeg", "oversized", "executable-renamed-mp4"],
)
def test_bad_upload_is_refused_storage_unchanged_text_kept(personas, client_for, settings, make, kind, message):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "image": 1}
    client = client_for(personas.member)
    _post(client, [photo("seed.jpg")], action="draft", title="Bài có sẵn")  # storage is not empty
    before = files_under(settings.MEDIA_ROOT), files_under(settings.PRIVATE_MEDIA_ROOT)
    assert before[1]  # the seed's photo is in the private storage
    assert before
    response = _post(client, [photo("good.jpg"), make()], kind=kind) if kind != Kind.VIDEO else _post(client, [make()], kind=kind)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert TITLE in page and "dạy nghề miễn phí cho 20 công nhân mới" in page  # typed text kept
    assert "hãy chọn lại ảnh, video hoặc âm thanh" in page  # told plainly that files must be re-chosen
    assert (files_under(settings.MEDIA_ROOT), files_under(settings.PRIVATE_MEDIA_ROOT)) == before
    assert Submission.objects.count() == 1


def test_eleven_photos_are_refused(personas, client_for):
    client = client_for(personas.member)
    response = _post(client, [photo(f"a{i}.jpg", size=(64, 48)) for i in range(11)], kind=Kind.PHOTO_SET)
    assert response.status_code == 400
    assert "Tối đa 10 ảnh" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_story_carries_photos_and_a_video(personas, tree, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.member)
    video = SimpleUploadedFile("clip.mp4", clip_bytes("video"), content_type="video/mp4")
    photos = [photo(f"a{i}.jpg", size=(64, 48), color=(20 * i, 90, 40)) for i in range(10)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, [*photos[:5], video, *photos[5:]])
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == Status.PENDING
    kinds = list(submission.media.values_list("kind", "status"))
    assert kinds.count(("image", "ready")) == 10 and kinds.count(("video", "ready")) == 1
    assert submission.media.get(kind="video").poster  # probed after commit, like a video alone
    # The author's detail page shows the player first, then the ten photos.
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert page.count('data-testid="media-player"') == 1 and page.count('data-testid="media-photo"') == 10
    assert page.index('data-testid="media-player"') < page.index('data-testid="media-photo"')
    assert 'alt="Ảnh 1"' in page and 'alt="Ảnh 10"' in page and 'alt="Ảnh 11"' not in page


def test_two_videos_or_audio_with_photos_are_refused(personas, client_for):
    client = client_for(personas.member)
    videos = [SimpleUploadedFile(f"clip{i}.mp4", clip_bytes("video"), content_type="video/mp4") for i in range(2)]
    response = _post(client, [photo(), *videos])
    assert response.status_code == 400
    assert "Mỗi bài chỉ kèm một video hoặc một tệp âm thanh." in response.content.decode()
    audio = SimpleUploadedFile("ghi-am.mp3", clip_bytes("audio"), content_type="audio/mpeg")
    response = _post(client, [photo(), audio])
    assert response.status_code == 400
    assert "Tệp âm thanh được gửi riêng, không kèm ảnh hay video." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_video_added_to_a_story_with_photos_on_edit(personas, tree, client_for):
    client = client_for(personas.member)
    _post(client, [photo("a.jpg"), photo("b.jpg")], action="draft")
    item = Submission.objects.get()
    video = SimpleUploadedFile("clip.mp4", clip_bytes("video"), content_type="video/mp4")
    response = client.post(reverse("submission_edit", args=[item.pk]), {
        "kind": Kind.GOOD_DEED, "title": TITLE, "body": BODY, "consent_publication": "on", "consent_people": "on",
        "files": [video], "draft": "1",
    })
    assert response.status_code == 302
    assert sorted(item.media.values_list("kind", flat=True)) == ["image", "image", "video"]
    second = SimpleUploadedFile("clip2.mp4", clip_bytes("video"), content_type="video/mp4")
    response = client.post(reverse("submission_edit", args=[item.pk]), {
        "kind": Kind.GOOD_DEED, "title": TITLE, "body": BODY, "files": [second], "draft": "1",
    })
    assert response.status_code == 400 and item.media.filter(kind="video").count() == 1


def test_rich_text_is_sanitised(personas, client_for):
    client = client_for(personas.member)
    _post(client, body='<p onclick="x()">Xin <b>chào</b><script>alert(1)</script> <a href="javascript:alert(1)">liên kết</a></p>')
    body = Submission.objects.get().body
    assert "<b>chào</b>" in body
    assert "script" not in body and "onclick" not in body and "javascript" not in body


def test_upload_script_gets_json_on_success_and_the_form_on_failure(personas, client_for):
    client = client_for(personas.member)
    ok = client.post(
        reverse("submission_new"),
        {"kind": Kind.GOOD_DEED, "title": TITLE, "body": BODY, "draft": "1", "files": [photo()]},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert ok.status_code == 200 and ok.json()["redirect"].startswith(reverse("submission_mine"))
    bad = client.post(
        reverse("submission_new"),
        {"kind": Kind.GOOD_DEED, "title": TITLE, "body": BODY, "submit": "1", "files": [_html_as_jpg()]},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert bad.status_code == 400 and 'id="main"' in bad.content.decode() and TITLE in bad.content.decode()


def test_aspiration_needs_a_topic_and_takes_no_files(personas, client_for):
    client = client_for(personas.member)
    response = _post(client, kind=Kind.ASPIRATION, consent_publication="", consent_people="")
    assert response.status_code == 400 and "Hãy chọn chủ đề" in response.content.decode()
    response = _post(client, [photo()], kind=Kind.ASPIRATION, topic=1)
    assert response.status_code == 400 and "không kèm tệp" in response.content.decode()


def test_non_member_cannot_submit(personas, client_for):
    response = client_for(personas.upper).get(reverse("submission_new"))
    assert response.status_code == 403
    assert "Chỉ đoàn viên" in response.content.decode()


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(reverse("submission_new"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_video_is_stored_then_probed_with_a_poster(personas, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.member)
    video = SimpleUploadedFile("Clip của tôi.mp4", clip_bytes("video"), content_type="video/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, [video], kind=Kind.VIDEO, body="")
    assert response.status_code == 302
    media = Submission.objects.get().media.get()
    assert media.status == "ready" and round(media.duration) == 2 and "h264" in media.codecs
    assert media.poster and media.file.name.endswith(".mp4") and "Clip" not in media.file.name
    assert settings.MEDIA_URL


def test_iphone_heic_photo_is_accepted_and_converted_to_jpeg(personas, client_for):
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 10, 10)).save(out, format="HEIF", quality=80)
    upload = SimpleUploadedFile("IMG_1234.HEIC", out.getvalue(), content_type="image/heic")
    response = _post(client_for(personas.member), [upload])
    assert response.status_code == 302
    media = Submission.objects.get().media.get()
    assert media.file.name.endswith(".jpg") and media.mime == "image/jpeg"
    with Image.open(media.file) as image:
        assert image.format == "JPEG" and image.size == (640, 480)
