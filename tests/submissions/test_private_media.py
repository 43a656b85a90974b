"""Files of submissions that are not published are reachable only through the access-checked view
``/submissions/<pk>/files/<media_pk>/<variant>``: the author and the officers along the unit's
chain get them, everyone else a 404 — and no address under MEDIA_URL serves them at all. Once the
item is published, anyone gets them, and its public pictures (gallery cover, Open Graph card)
appear under MEDIA_URL."""

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from submissions import services
from submissions.models import Kind, Status, Submission, SubmissionMedia
from tests.factories import MembershipFactory
from uploads.checks import check_upload
from uploads.storage import private_storage

from .helpers import clip_bytes, files_under, jpeg_bytes, pending, photo

pytestmark = pytest.mark.django_db

OUTSIDERS = ("anonymous", "other_member", "sibling")
INSIDERS = ("member", "officer", "upper", "hq")


def _story(author, unit, *, photos=1, title="Chị Mai và chuyền may số 5", submit=True):
    files = []
    for i in range(photos):
        upload = photo(f"anh-{i}.jpg", size=(1200, 900), color=(40 * i % 255, 90, 160))
        files.append((upload, check_upload(upload)))
    return services.submission_create(
        author=author, unit=unit, kind=Kind.GOOD_DEED, title=title, body="Chuyện thật.",
        consent_publication=True, consent_people=True, files=files, submit=submit,
    )


def _video(author, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("clip.mp4", clip_bytes("video"))
    item = services.submission_create(
        author=author, unit=unit, kind=Kind.VIDEO, title="Clip giờ nghỉ trưa", consent_publication=True,
        consent_people=True, files=[(upload, check_upload(upload, kinds=("video",)))], submit=True,
    )
    services.media_process(media_id=item.media.get().pk)
    return item


def _urls(item):
    """Every file address of the item: (url, the stored name it must answer with)."""
    urls = []
    for media in item.media.all():
        for variant, field in SubmissionMedia.VARIANTS.items():
            name = getattr(media, field).name
            if name:
                urls.append((media.url(variant), name))
    return urls


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def clients(personas, tree):
    """A separate test client per persona (signed in), plus an anonymous one."""
    from django.test import Client

    people = {
        "member": personas.member, "officer": personas.officer, "upper": personas.upper, "hq": personas.hq,
        "sibling": personas.sibling, "other_member": MembershipFactory(union=tree.officer_unit).user,
    }
    result = {"anonymous": Client()}
    for name, user in people.items():
        result[name] = Client()
        result[name].force_login(user, backend="accounts.backends.LoginBackend")
    return result


def test_pending_files_only_for_the_author_and_the_officers_along_the_chain(personas, tree, clients, settings):
    story = _story(personas.member, tree.officer_unit, photos=2)
    video = _video(personas.member, tree.officer_unit)
    urls = _urls(story) + _urls(video)
    variants = {url.rsplit("/", 1)[1] for url, _ in urls}
    assert variants == {"original", "thumbnail", "poster"} and len(urls) == 7
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    for url, name in urls:
        assert re.fullmatch(rf"/submissions/({story.pk}|{video.pk})/files/\d+/(original|thumbnail|poster)", url)
        for who in OUTSIDERS:
            assert clients[who].get(url).status_code == 404, (who, url)
        for who in INSIDERS:
            response = clients[who].get(url)
            assert response.status_code == 200, (who, url)
            expected_type = "video/mp4" if name.endswith(".mp4") else "image/jpeg"
            assert response["Content-Type"] == expected_type
            assert response["Content-Disposition"] == "inline"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"].startswith("private")
            assert "sandbox" in response["Content-Security-Policy"]
            assert _body(response) == (private_root / name).read_bytes()


def test_a_sibling_gets_404_while_the_item_climbs_the_tree(personas, tree, clients):
    story = _story(personas.member, tree.officer_unit)
    services.submission_decide(submission=story, reviewer=personas.officer, decision="forward", reason="Tốt")
    url = story.media.get().url("original")
    assert [clients[w].get(url).status_code for w in ("sibling", "other_member", "anonymous")] == [404, 404, 404]
    assert [clients[w].get(url).status_code for w in ("member", "officer", "upper", "hq")] == [200, 200, 200, 200]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHANGES_REQUESTED, Status.REJECTED])
def test_drafts_returned_and_rejected_items_stay_private(personas, tree, clients, status):
    story = _story(personas.member, tree.officer_unit, submit=False)
    Submission.objects.filter(pk=story.pk).update(status=status)
    url = story.media.get().url("thumbnail")
    assert clients["anonymous"].get(url).status_code == 404
    assert clients["sibling"].get(url).status_code == 404
    assert clients["member"].get(url).status_code == 200


def test_after_publication_anyone_gets_the_files_and_the_public_pictures_appear(personas, tree, clients, client, settings):
    story = _story(personas.member, tree.officer_unit)
    assert not story.cover and not story.share_image and files_under(settings.MEDIA_ROOT) == []
    services.submission_decide(submission=story, reviewer=personas.officer, decision="publish")
    story.refresh_from_db()
    for url, _name in _urls(story):
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=86400"
        assert response["X-Content-Type-Options"] == "nosniff"
    # The gallery thumbnail and the share card are public files, made at publication.
    assert story.cover.name.startswith("submissions/covers/") and story.share_image.name.startswith("submissions/share/")
    assert sorted(files_under(settings.MEDIA_ROOT)) == sorted([story.cover.name, story.share_image.name])
    with Image.open(story.share_image) as card:
        assert card.size == (1200, 630)
    gallery = client.get(reverse("stories")).content.decode()
    assert f'src="{settings.MEDIA_URL}{story.cover.name}"' in gallery
    page = client.get(reverse("story_detail", args=[story.pk])).content.decode()
    media = story.media.get()
    assert f'href="{media.url("original")}"' in page and f'src="{media.url("thumbnail")}"' in page
    og_image = re.search(r'<meta property="og:image" content="([^"]*)"', page).group(1)
    assert og_image == f"{settings.SITE_URL}{settings.MEDIA_URL}{story.share_image.name}"


def test_an_uploaded_html_file_is_never_served_inline(personas, tree, client_for, settings):
    item = pending(personas.member, tree.officer_unit)
    for name, body in (("submissions/evil.html", b"<script>alert(1)</script>"), ("submissions/x.svg", b"<svg onload='alert(1)'/>")):
        stored = private_storage().save(name, ContentFile(body))
        media = SubmissionMedia.objects.create(submission=item, kind="image", file=stored, mime="image/jpeg",
                                               status=SubmissionMedia.State.READY)
        for accel in ("", "/protected-media/"):
            settings.MEDIA_ACCEL_REDIRECT_PREFIX = accel
            response = client_for(personas.officer).get(media.url("original"))
            assert response.status_code == 200
            assert response["Content-Type"] == "application/octet-stream"
            assert response["Content-Disposition"] == f'attachment; filename="{stored.rsplit("/", 1)[1]}"'
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]


def test_x_accel_redirect_hands_the_file_to_nginx(personas, tree, clients, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    story = _story(personas.member, tree.officer_unit)
    media = story.media.get()
    response = clients["officer"].get(media.url("original"))
    assert response.status_code == 200 and not response.streaming and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{media.file.name}"
    assert response["Content-Type"] == "image/jpeg" and response["Content-Disposition"] == "inline"
    assert response["Cache-Control"].startswith("private") and response["X-Content-Type-Options"] == "nosniff"
    refused = clients["sibling"].get(media.url("original"))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
    assert "X-Accel-Redirect" not in clients["anonymous"].get(media.url("original"))


def test_on_s3_the_view_redirects_to_a_short_lived_signed_url(personas, tree, clients, settings):
    story = _story(personas.member, tree.officer_unit)  # written to the filesystem; only names matter below
    media = story.media.get()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": "portal-media", "endpoint_url": "https://s3.example.test", "access_key": "AKIDEXAMPLE",
            "secret_key": "not-a-real-secret", "region_name": "us-east-1", "location": "private",
            "querystring_auth": True, "querystring_expire": 300, "default_acl": None}},
    }
    response = clients["member"].get(media.url("original"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"https://s3.example.test/portal-media/private/{media.file.name}?")
    query = parse_qs(urlsplit(location).query)
    assert "Signature" in query or "X-Amz-Signature" in query  # SigV2 or SigV4, depending on the endpoint
    lifetime = int(query["X-Amz-Expires"][0]) if "X-Amz-Expires" in query else int(query["Expires"][0]) - time.time()
    assert 290 <= lifetime <= 300
    assert "response-content-type=image%2Fjpeg" in location and "response-content-disposition=inline" in location
    assert response["Cache-Control"].startswith("private")
    assert clients["sibling"].get(media.url("original")).status_code == 404
    assert clients["anonymous"].get(media.url("original")).status_code == 404


@pytest.mark.urls("tests.submissions.media_urls")
def test_no_unpublished_file_is_reachable_under_media_url(personas, tree, client, settings):
    """The development server's /media/ view (DEBUG) does not reach the private storage."""
    settings.DEBUG = True
    story = _story(personas.member, tree.officer_unit)
    names = [name for _url, name in _urls(story)]
    for name in names:
        assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).is_file()
        assert client.get(settings.MEDIA_URL + name).status_code == 404
    services.submission_decide(submission=story, reviewer=personas.officer, decision="publish")
    story.refresh_from_db()
    assert client.get(settings.MEDIA_URL + story.cover.name).status_code == 200  # the public cover is there
    for name in names:  # the attached files themselves never are
        assert client.get(settings.MEDIA_URL + name).status_code == 404


def test_a_wrong_variant_or_a_file_of_another_item_is_404(personas, tree, client_for):
    mine = _story(personas.member, tree.officer_unit)
    theirs = _story(MembershipFactory(union=tree.sibling_unit).user, tree.sibling_unit)
    client = client_for(personas.officer)
    media = mine.media.get()
    assert client.get(media.url("original")).status_code == 200
    for url in (
        reverse("submission_media_file", args=[mine.pk, media.pk, "source"]),
        reverse("submission_media_file", args=[mine.pk, media.pk, "poster"]),  # a photo has no poster
        reverse("submission_media_file", args=[mine.pk, theirs.media.get().pk, "original"]),  # pk of one, file of another
    ):
        assert client.get(url).status_code == 404, url


def test_pages_link_files_through_the_view(personas, tree, client_for, settings):
    story = _story(personas.member, tree.officer_unit)
    media = story.media.get()
    pages = {
        "detail": client_for(personas.officer).get(reverse("submission_detail", args=[story.pk])),
        "queue": client_for(personas.officer).get(reverse("submission_queue")),
    }
    Submission.objects.filter(pk=story.pk).update(status=Status.CHANGES_REQUESTED)
    pages["edit"] = client_for(personas.member).get(reverse("submission_edit", args=[story.pk]))
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert media.url("thumbnail") in html, name
        assert media.file.name not in html and media.thumbnail.name not in html, name  # no storage address
        assert f"{settings.MEDIA_URL}submissions/" not in html, name


def test_publishing_deletes_its_public_pictures_if_the_transaction_fails(personas, tree, settings, monkeypatch):
    story = _story(personas.member, tree.officer_unit)

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.submission_decide(submission=story, reviewer=personas.officer, decision="publish")
    story.refresh_from_db()
    assert story.status == Status.PENDING and not story.cover and not story.share_image
    assert files_under(settings.MEDIA_ROOT) == []


def test_bulk_publish_makes_public_pictures_with_a_fixed_query_count(personas, tree, client_for, settings):
    client = client_for(personas.officer)
    client.get(reverse("submission_queue"))

    def publish(n):
        items = [_story(MembershipFactory(union=tree.officer_unit).user, tree.officer_unit, title=f"Bài {n}-{i}")
                 for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(reverse("submission_queue"), {"ids": [s.pk for s in items], "decision": "publish"})
        assert response.status_code == 302
        return items, len(ctx.captured_queries)

    _two, small = publish(2)
    items, large = publish(5)
    assert large == small
    for item in Submission.objects.filter(pk__in=[s.pk for s in items]):
        assert item.status == Status.PUBLISHED and item.cover and item.share_image
        assert default_storage.exists(item.cover.name) and default_storage.exists(item.share_image.name)
    assert len(files_under(settings.MEDIA_ROOT)) == 2 * 7


def test_data_migration_moves_old_public_files_to_the_private_storage(personas, tree, settings):
    """Files saved before the private storage existed (all under MEDIA_URL) are moved by 0004."""
    import importlib

    migration = importlib.import_module("submissions.migrations.0004_move_media_files_to_private_storage")

    def old_style(item, n):
        file = default_storage.save(f"submissions/2024/05/old{item.pk}-{n}.jpg", ContentFile(jpeg_bytes()))
        thumb = default_storage.save(f"submissions/thumbs/2024/05/old{item.pk}-{n}.jpg", ContentFile(jpeg_bytes((240, 180))))
        SubmissionMedia.objects.create(submission=item, kind="image", file=file, thumbnail=thumb, mime="image/jpeg",
                                       status=SubmissionMedia.State.READY)
        return file, thumb

    waiting = pending(personas.member, tree.officer_unit, title="Chờ duyệt từ trước")
    w_file, w_thumb = old_style(waiting, 0)
    w_card = default_storage.save("submissions/share/2024/05/card-w.jpg", ContentFile(jpeg_bytes((1200, 630))))
    Submission.objects.filter(pk=waiting.pk).update(cover=w_thumb, share_image=w_card, share_source=w_file)
    shown = pending(personas.member, tree.officer_unit, title="Đã đăng từ trước")
    s_file, s_thumb = old_style(shown, 0)
    s_card = default_storage.save("submissions/share/2024/05/card-s.jpg", ContentFile(jpeg_bytes((1200, 630))))
    Submission.objects.filter(pk=shown.pk).update(status=Status.PUBLISHED, cover=s_thumb, share_image=s_card,
                                                  share_source=s_file)

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # idempotent

    private = private_storage()
    for name in (w_file, w_thumb, s_file, s_thumb):
        assert private.exists(name), name
    # Public: only the published item's cover and card; the pending item's pictures are gone.
    assert sorted(files_under(settings.MEDIA_ROOT)) == sorted([s_thumb, s_card])
    waiting.refresh_from_db()
    shown.refresh_from_db()
    assert (waiting.cover.name, waiting.share_image.name, waiting.share_source) == ("", "", "")
    assert (shown.cover.name, shown.share_image.name) == (s_thumb, s_card)


def test_admin_links_files_through_the_view(personas, tree, client_for):
    story = _story(personas.member, tree.officer_unit)
    media = story.media.get()
    page = client_for(personas.hq).get(reverse("admin:submissions_submission_change", args=[story.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{media.url("original")}"' in html and "/protected-media/" not in html
