"""The public gallery: only published items, filters, diacritics-insensitive search, Open Graph,
share buttons, anonymity; and uploaded files served safely."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from submissions import services
from submissions.models import AspirationTopic, Kind, Status
from tests.factories import MembershipFactory
from uploads.checks import check_upload

from .helpers import pending, photo

pytestmark = pytest.mark.django_db


def _publish(item, reviewer):
    return services.submission_decide(submission=item, reviewer=reviewer, decision="publish")


def test_only_published_items_are_public(personas, tree, client):
    shown = _publish(pending(personas.member, tree.officer_unit, title="Gương sáng Nhà máy"), personas.officer)
    waiting = pending(personas.member, tree.officer_unit, title="Đang chờ duyệt")
    draft = pending(personas.member, tree.officer_unit, title="Bản nháp", status=Status.DRAFT)
    aspiration = pending(personas.member, tree.officer_unit, title="Ý kiến riêng", kind=Kind.ASPIRATION,
                         topic=AspirationTopic.objects.first())
    services.submission_decide(submission=aspiration, reviewer=personas.officer, decision="answer", reason="Đã rõ")
    page = client.get(reverse("stories")).content.decode()
    assert "Gương sáng Nhà máy" in page
    assert all(t not in page for t in ("Đang chờ duyệt", "Bản nháp", "Ý kiến riêng"))
    for item in (waiting, draft, aspiration):
        assert client.get(reverse("story_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("story_detail", args=[shown.pk])).status_code == 200


def test_story_page_has_open_graph_and_share_buttons(personas, tree, client, settings):
    settings.SITE_URL = "https://lantoa.example.vn"
    upload = photo("a.jpg", size=(1600, 1200))
    item = services.submission_create(
        author=personas.member, unit=tree.officer_unit, kind=Kind.WORKER_LIFE, title="Bữa cơm ca ấm áp",
        body="<p>Bếp ăn công đoàn phục vụ 2.000 suất mỗi ngày &amp; miễn phí.</p>", consent_publication=True,
        consent_people=True, files=[(upload, check_upload(upload))], submit=True,
    )
    _publish(item, personas.officer)
    page = client.get(reverse("story_detail", args=[item.pk])).content.decode()
    meta = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', page))
    assert meta["og:title"] == "Bữa cơm ca ấm áp"
    assert meta["og:description"].startswith("Bếp ăn công đoàn phục vụ 2.000 suất mỗi ngày &amp; miễn phí.")
    assert meta["og:url"] == f"https://lantoa.example.vn/stories/{item.pk}/"
    assert meta["og:image"].startswith("https://lantoa.example.vn/media/submissions/share/")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Flantoa.example.vn%2Fstories%2F" in page
    assert 'data-share-zalo' in page and 'data-copy-link' in page and "submissions/share.js" in page
    assert "<script>" not in page  # CSP: no inline scripts


def test_story_with_photos_and_a_video_on_its_page_and_gallery_card(personas, tree, client,
                                                                    django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .helpers import clip_bytes

    uploads = [photo("a.jpg"), SimpleUploadedFile("clip.mp4", clip_bytes("video"), content_type="video/mp4"),
               photo("b.jpg"), photo("c.jpg")]
    with django_capture_on_commit_callbacks(execute=True):
        item = services.submission_create(
            author=personas.member, unit=tree.officer_unit, kind=Kind.GOOD_DEED, title="Đội văn nghệ Nhà máy 2",
            body="<p>Ảnh và clip buổi diễn.</p>", consent_publication=True, consent_people=True,
            files=[(f, check_upload(f, kinds=("image", "video"))) for f in uploads], submit=True,
        )
    _publish(item, personas.officer)
    _publish(pending(personas.member, tree.officer_unit, title="Chỉ có ảnh", media=1), personas.officer)
    page = client.get(reverse("story_detail", args=[item.pk])).content.decode()
    video = item.media.get(kind="video")
    assert f'<source src="{video.original_url}" type="video/mp4">' in page and f'poster="{video.poster_url}"' in page
    assert page.count('data-testid="media-photo"') == 3
    assert page.index('data-testid="media-player"') < page.index('data-testid="media-photo"')
    for media in item.media.all():  # every file of the published story is public
        assert client.get(media.original_url).status_code == 200
    cards = client.get(reverse("stories")).content.decode()
    kinds = re.findall(r'data-testid="story-card-kind">(.*?)</p>', cards, re.S)
    assert len(kinds) == 2
    assert "3 ảnh" in kinds[1] and "có video" in kinds[1]  # oldest last
    assert "1 ảnh" in kinds[0] and "có video" not in kinds[0]


def test_anonymous_author_is_not_named_in_public(personas, tree, client, client_for):
    item = pending(personas.member, tree.officer_unit, title="Tấm lòng thợ dệt", anonymous=True)
    item.refresh_search_text()
    item.save()
    _publish(item, personas.officer)
    for url in (reverse("stories"), reverse("story_detail", args=[item.pk])):
        page = client.get(url).content.decode()
        assert "Tấm lòng thợ dệt" in page
        assert "Hoàng Văn Nam" not in page and "Một đoàn viên" in page
    assert client.get(reverse("stories"), {"q": "hoang van nam"}).content.decode().count('data-testid="story-card"') == 0
    # The officer still sees who wrote it.
    page = client_for(personas.officer).get(reverse("submission_detail", args=[item.pk])).content.decode()
    assert "Hoàng Văn Nam" in page


def test_search_ignores_diacritics_and_filters_work(personas, tree, client):
    campaign = Campaign.objects.create(unit=tree.root, title="Đại hội XIII", slug="dh13", starts_on=timezone.localdate())
    a = pending(personas.member, tree.officer_unit, title="Sáng kiến tiết kiệm điện", kind=Kind.CREATIVE, campaign=campaign)
    other = MembershipFactory(union=tree.sibling_unit).user
    b = pending(other, tree.sibling_unit, title="Đời sống công nhân Việt Tiến", kind=Kind.WORKER_LIFE)
    for item in (a, b):
        item.refresh_search_text()
        item.save()
        _publish(item, personas.upper if item is b else personas.officer) if item is a else None
    services.submission_decide(submission=b, reviewer=personas.sibling, decision="publish")

    def titles(**params):
        page = client.get(reverse("stories"), params).content.decode()
        return {t for t in ("Sáng kiến tiết kiệm điện", "Đời sống công nhân Việt Tiến") if t in page}

    assert titles(q="sang kien tiet kiem") == {"Sáng kiến tiết kiệm điện"}
    assert titles(q="DOI SONG CONG NHAN") == {"Đời sống công nhân Việt Tiến"}
    assert titles(kind=Kind.WORKER_LIFE) == {"Đời sống công nhân Việt Tiến"}
    assert titles(unit=tree.officer_unit.pk) == {"Sáng kiến tiết kiệm điện"}
    assert titles(campaign=campaign.pk) == {"Sáng kiến tiết kiệm điện"}
    assert len(titles()) == 2


def test_gallery_query_count_does_not_grow(personas, tree, client, django_assert_num_queries):
    for i in range(2):
        _publish(pending(personas.member, tree.officer_unit, title=f"S{i}", media=1), personas.officer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("stories"))
    for i in range(10):
        _publish(pending(personas.member, tree.officer_unit, title=f"T{i}", media=2), personas.officer)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("stories"))
    assert response.content.decode().count('data-testid="story-card"') == 12


def test_uploaded_files_are_never_served_as_html(rf, settings):
    """The development media view (mounted at MEDIA_URL when DEBUG): safe type, nosniff, attachment."""
    from uploads.serving import serve_media

    name = default_storage.save("submissions/evil.html", ContentFile(b"<script>alert(1)</script>"))
    response = serve_media(rf.get("/media/" + name), name)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    svg = default_storage.save("submissions/x.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    assert serve_media(rf.get("/"), svg)["Content-Disposition"].startswith("attachment")
    image = default_storage.save("submissions/a.jpg", ContentFile(b"\xff\xd8\xff\xe0 not really"))
    response = serve_media(rf.get("/"), image)
    assert response["Content-Type"] == "image/jpeg" and not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
