"""HQ's Fanpage package (ZIP) and post URL; the aspirations synthesis (XLSX) opened with openpyxl."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from submissions import services
from submissions.models import AspirationTopic, Kind, Status, Submission
from tests.factories import MembershipFactory
from uploads.checks import check_upload

from .helpers import clip_bytes, gps_exif, pending, photo

pytestmark = pytest.mark.django_db


def _published_at_top(member, tree, hq, n_photos=2):
    files = []
    for i in range(n_photos):
        upload = photo(f"p{i}.jpg", exif=gps_exif(), color=(10 * i, 100, 50))
        files.append((upload, check_upload(upload)))
    item = services.submission_create(
        author=member, unit=tree.officer_unit, kind=Kind.GOOD_DEED, title="Người thợ cả tận tâm",
        body="<p>Anh Minh kèm cặp <b>30</b> thợ trẻ.</p>", consent_publication=True, consent_people=True,
        files=files, submit=True,
    )
    Submission.objects.filter(pk=item.pk).update(current_unit=tree.root)
    item.refresh_from_db()
    return services.submission_decide(submission=item, reviewer=hq, decision="publish")


def test_fanpage_zip_has_caption_with_hashtags_and_clean_images(personas, tree, client_for, settings):
    settings.FANPAGE_HASHTAGS = "#CôngĐoànViệtNam #ĐạiHộiXIII"
    item = _published_at_top(personas.member, tree, personas.hq)
    response = client_for(personas.hq).get(reverse("submission_fanpage_package", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["anh-01.jpg", "anh-02.jpg", "caption.txt"]
    caption = archive.read("caption.txt").decode("utf-8")
    assert caption.startswith("NGƯỜI THỢ CẢ TẬN TÂM")
    assert "Anh Minh kèm cặp 30 thợ trẻ." in caption and "<b>" not in caption
    assert "#CôngĐoànViệtNam #ĐạiHộiXIII #NgườiTốtViệcTốt" in caption
    assert f"/stories/{item.pk}/" in caption and "Hoàng Văn Nam" in caption
    data = archive.read("anh-01.jpg")
    assert b"PhoneMaker" not in data and Image.open(io.BytesIO(data)).size == (800, 600)


def test_fanpage_zip_of_a_story_with_photos_and_a_video(personas, tree, client_for,
                                                        django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    video = SimpleUploadedFile("clip.mp4", clip_bytes("video"), content_type="video/mp4")
    uploads = [video, photo("p0.jpg"), photo("p1.jpg", color=(200, 20, 20))]
    with django_capture_on_commit_callbacks(execute=True):  # the video is probed after commit
        item = services.submission_create(
            author=personas.member, unit=tree.officer_unit, kind=Kind.UNION_ACTIVITY, title="Hội thao công nhân",
            body="<p>Ảnh và video ngày hội.</p>", consent_publication=True, consent_people=True,
            files=[(f, check_upload(f, kinds=("image", "video"))) for f in uploads], submit=True,
        )
    Submission.objects.filter(pk=item.pk).update(current_unit=tree.root)
    item = services.submission_decide(submission=item, reviewer=personas.hq, decision="publish")
    # The gallery card comes from the first photo, not from a frame of the video uploaded before it.
    assert item.share_source == item.media.get(original_name="p0.jpg").file.name
    response = client_for(personas.hq).get(reverse("submission_fanpage_package", args=[item.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["anh-01.jpg", "anh-02.jpg", "anh-bia-video.jpg", "caption.txt", "video.mp4"]
    assert archive.read("video.mp4") == clip_bytes("video")
    assert Image.open(io.BytesIO(archive.read("anh-02.jpg"))).getpixel((10, 10))[0] > 150  # in upload order
    assert Image.open(io.BytesIO(archive.read("anh-bia-video.jpg"))).format == "JPEG"


def test_fanpage_only_for_items_published_at_the_top(personas, tree, client_for):
    item = pending(personas.member, tree.officer_unit, media=0)
    services.submission_decide(submission=item, reviewer=personas.officer, decision="publish")
    response = client_for(personas.hq).get(reverse("submission_fanpage_package", args=[item.pk]))
    assert response.status_code == 404  # published at grassroots level only
    top = _published_at_top(personas.member, tree, personas.hq, n_photos=1)
    assert client_for(personas.upper).get(reverse("submission_fanpage_package", args=[top.pk])).status_code == 404


def test_recording_the_fanpage_post(personas, tree, client_for):
    item = _published_at_top(personas.member, tree, personas.hq, n_photos=1)
    client = client_for(personas.hq)
    url = reverse("submission_fanpage_record", args=[item.pk])
    bad = client.post(url, {"url": "https://example.com/post/1"})
    assert bad.status_code == 400 and "facebook.com" in bad.content.decode()
    ok = client.post(url, {"url": "https://www.facebook.com/congdoancongthuong/posts/123"})
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.is_on_fanpage() and item.fanpage_posted_at
    story = client.get(reverse("story_detail", args=[item.pk])).content.decode()
    assert "Xem trên Fanpage" in story
    mine = client_for(personas.member).get(reverse("submission_mine")).content.decode()
    assert "Đã đăng trên Fanpage" in mine


def _aspiration(author, unit, title, topic, anonymous=False):
    return services.submission_create(
        author=author, unit=unit, kind=Kind.ASPIRATION, title=title, body=f"Nội dung: {title}", topic=topic,
        anonymous=anonymous, submit=True,
    )


def test_aspirations_flow_and_xlsx_synthesis(personas, tree, client_for):
    wages = AspirationTopic.objects.get(name="Tiền lương, thu nhập")
    docs = AspirationTopic.objects.get(name="Văn kiện Đại hội")
    named = _aspiration(personas.member, tree.officer_unit, "Tăng lương tối thiểu vùng", wages)
    other = MembershipFactory(union=tree.sibling_unit, user__full_name="Đinh Thị Hoa").user
    hidden = _aspiration(other, tree.sibling_unit, "Góp ý dự thảo báo cáo", docs, anonymous=True)
    assert named.status_display() == "Đã tiếp nhận"
    services.submission_decide(submission=named, reviewer=personas.officer, decision="forward")
    named.refresh_from_db()
    assert named.status_display() == "Đã chuyển lên cấp trên"
    services.submission_decide(submission=named, reviewer=personas.upper, decision="answer",
                               reason="Công đoàn sẽ kiến nghị tăng 6% từ năm sau.")
    # Officers along the chain see the anonymous author's name.
    page = client_for(personas.sibling).get(reverse("submission_detail", args=[hidden.pk])).content.decode()
    assert "Đinh Thị Hoa" in page
    mine = client_for(personas.member).get(reverse("submission_mine")).content.decode()
    assert "Đã trả lời" in mine and "kiến nghị tăng 6%" in mine

    response = client_for(personas.hq).get(reverse("aspirations_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    summary, detail = book.worksheets
    rows = {r[0]: r[1:] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["Tiền lương, thu nhập"] == (1, 0, 1)
    assert rows["Văn kiện Đại hội"] == (1, 0, 0)
    assert rows["Tổng cộng"] == (2, 0, 1)
    lines = list(detail.iter_rows(values_only=True))
    assert lines[0][:6] == ("STT", "Chủ đề", "Tiêu đề", "Nội dung", "Đơn vị", "Người gửi")
    by_title = {row[2]: row for row in lines[1:]}
    assert by_title["Tăng lương tối thiểu vùng"][5] == "Hoàng Văn Nam"
    assert by_title["Tăng lương tối thiểu vùng"][6] == "Đã trả lời"
    assert by_title["Tăng lương tối thiểu vùng"][9] == "Công đoàn sẽ kiến nghị tăng 6% từ năm sau."
    assert by_title["Góp ý dự thảo báo cáo"][5] == "(Ẩn danh)"
    assert "Đinh Thị Hoa" not in str(lines)


def test_xlsx_is_scoped_to_the_officers_subtree(personas, tree, client_for):
    topic = AspirationTopic.objects.first()
    _aspiration(personas.member, tree.officer_unit, "Ý kiến May 10", topic)
    other = MembershipFactory(union=tree.sibling_unit).user
    _aspiration(other, tree.sibling_unit, "Ý kiến Việt Tiến", topic)
    response = client_for(personas.officer).get(reverse("aspirations_export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    titles = [row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert titles == ["Ý kiến May 10"]
    assert Submission.objects.filter(status=Status.PENDING).count() == 2


def test_xlsx_for_an_english_reader_names_topics_in_english(personas, tree, client_for):
    """Headers, sheet names and statuses come from the English catalogue; topics from ``name_en``
    (a topic without one keeps its Vietnamese name)."""
    wages = AspirationTopic.objects.get(name="Tiền lương, thu nhập")
    local = AspirationTopic.objects.create(name="Chăm lo Tết cho công nhân", position=99)
    _aspiration(personas.member, tree.officer_unit, "Tăng lương tối thiểu vùng", wages)
    _aspiration(personas.member, tree.officer_unit, "Quà Tết", local)
    client = client_for(personas.officer)
    client.cookies["django_language"] = "en"
    book = load_workbook(io.BytesIO(b"".join(client.get(reverse("aspirations_export")).streaming_content)),
                         read_only=True)
    summary, detail = book.worksheets
    assert (summary.title, detail.title) == ("Summary by topic", "Details")
    rows = {r[0]: r[1:] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["Wages and income"] == (1, 0, 0) and rows["Chăm lo Tết cho công nhân"] == (1, 0, 0)
    assert rows["Total"] == (2, 0, 0)
    lines = list(detail.iter_rows(values_only=True))
    assert lines[0][:3] == ("No.", "Topic", "Title")
    assert {row[1] for row in lines[1:]} == {"Wages and income", "Chăm lo Tết cho công nhân"}
    assert {row[6] for row in lines[1:]} == {"Received"}
    assert "Tiền lương, thu nhập" not in str(lines)
