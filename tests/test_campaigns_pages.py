"""Campaign hub, campaign and news forms, public pages with Open Graph tags."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns.models import Campaign, NewsPost
from tests.factories import CampaignFactory, MembershipFactory


def _jpeg(size=(1600, 900), color=(200, 30, 30), exif=None):
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(out, "JPEG", **kwargs)
    return SimpleUploadedFile("anh.jpg", out.getvalue(), content_type="image/jpeg")


def _gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 0.0)}  # GPSInfo
    return exif.tobytes()


def _og(html, prop):
    match = re.search(rf'<meta property="og:{prop}" content="([^"]*)">', html)
    return match.group(1) if match else None


CAMPAIGN_FORM = {
    "title": "Đại hội Công đoàn Dệt May lần thứ V",
    "slug": "dai-hoi-det-may-v",
    "summary": "Hướng về Đại hội Công đoàn Tập đoàn Dệt May Việt Nam",
    "starts_on": "2023-09-01",
    "ends_on": "2023-12-31",
    "goals": "100% đoàn viên biết về Đại hội.",
    "congress_number": "5",
    "term_start_year": "2023",
    "term_end_year": "2028",
    "previous_results": "Phát triển 5.000 đoàn viên mới.",
    "directions": "Chăm lo đời sống đoàn viên.",
    "is_public": "on",
}


@pytest.mark.django_db
def test_officer_creates_a_congress_campaign_with_an_og_card(personas, tree, client_for, client):
    officer = client_for(personas.upper)
    response = officer.post(reverse("campaign_create"), {**CAMPAIGN_FORM, "unit": tree.upper.pk, "hero": _jpeg()})
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(slug="dai-hoi-det-may-v")
    assert (campaign.unit, campaign.congress_number, campaign.term_end_year) == (tree.upper, 5, 2028)
    with Image.open(campaign.og_image.path) as card:
        assert card.size == (1200, 630)
    client.logout()
    html = client.get(reverse("campaign_detail", args=[campaign.slug])).content.decode()
    assert _og(html, "title") == "Đại hội Công đoàn Dệt May lần thứ V"
    assert _og(html, "description") == "Hướng về Đại hội Công đoàn Tập đoàn Dệt May Việt Nam"
    assert _og(html, "image").startswith("http") and _og(html, "image").endswith(campaign.og_image.url)
    assert _og(html, "url").endswith("/campaigns/dai-hoi-det-may-v/")
    assert '<meta property="og:image:width" content="1200">' in html
    assert "Đại hội lần thứ V" in html and "nhiệm kỳ 2023–2028" in html
    assert "Phát triển 5.000 đoàn viên mới." in html and "Chăm lo đời sống đoàn viên." in html


@pytest.mark.django_db
def test_campaign_form_refuses_reserved_slug_other_units_and_keeps_input(personas, tree, client_for):
    officer = client_for(personas.officer)
    data = {**CAMPAIGN_FORM, "unit": tree.officer_unit.pk, "slug": "stats"}
    body = officer.post(reverse("campaign_create"), data).content.decode()
    assert "đã được dành riêng" in body
    assert 'value="Đại hội Công đoàn Dệt May lần thứ V"' in body
    body = officer.post(reverse("campaign_create"), {**data, "slug": "ok-slug", "unit": tree.sibling_unit.pk}).content.decode()
    assert "unit" in body and not Campaign.objects.filter(slug="ok-slug").exists()
    bad = SimpleUploadedFile("hero.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    body = officer.post(reverse("campaign_create"), {**data, "slug": "ok-slug", "hero": bad}).content.decode()
    assert "không phải ảnh hợp lệ" in body and not Campaign.objects.filter(slug="ok-slug").exists()


@pytest.mark.django_db
def test_only_managers_of_the_unit_edit_a_campaign(personas, tree, client_for):
    campaign = CampaignFactory(unit=tree.officer_unit, slug="may10-xanh")
    url = reverse("campaign_edit", args=[campaign.slug])
    assert client_for(personas.sibling).get(url).status_code == 404
    assert client_for(personas.member).get(url).status_code == 403
    assert client_for(personas.upper).get(url).status_code == 200
    response = client_for(personas.officer).post(url, {**CAMPAIGN_FORM, "slug": "may10-xanh", "unit": tree.officer_unit.pk,
                                                     "title": "May 10 xanh"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "May 10 xanh"


@pytest.mark.django_db
def test_internal_campaign_is_for_its_subtree_only(personas, tree, client_for, client):
    campaign = CampaignFactory(unit=tree.officer_unit, slug="noi-bo", is_public=False, title="Chiến dịch nội bộ")
    url = reverse("campaign_detail", args=[campaign.slug])
    assert client.get(url).status_code == 404
    assert client_for(personas.member).get(url).status_code == 200
    sibling_member = MembershipFactory(union=tree.sibling_unit).user
    assert client_for(sibling_member).get(url).status_code == 404
    assert "Chiến dịch nội bộ" not in client_for(sibling_member).get(reverse("campaign_list")).content.decode()


@pytest.mark.django_db
def test_hub_links_and_counts(personas, tree, client_for):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi-xii")
    html = client_for(personas.member).get(reverse("campaign_detail", args=[campaign.slug])).content.decode()
    for key in ("shares", "frames", "stories", "entries"):
        assert f'data-count="{key}"' in html
    assert "/campaigns/dai-hoi-xii/frame/" in html  # the avatar-frame studio
    from django.urls import Resolver404, resolve

    try:
        resolve("/submissions/new/")
    except Resolver404:
        assert "kind=aspiration" not in html
    else:
        assert "/submissions/new/?kind=aspiration&amp;campaign=dai-hoi-xii" in html


# --- Unit news --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_publishes_news_sanitised_with_clean_images_and_og_tags(personas, tree, client_for, client):
    officer = client_for(personas.officer)
    body = 'Hội nghị đại biểu.<script>alert("x")</script><p onclick="x()">Đoàn viên <b>tham dự</b> đông đủ.</p>'
    response = officer.post(reverse("news_create"), {
        "unit": tree.officer_unit.pk, "title": "May 10 tổ chức Hội nghị đại biểu", "summary": "Hội nghị năm 2023",
        "body": body, "is_public": "on", "images": [_jpeg(exif=_gps_exif()), _jpeg((800, 800), (0, 90, 200))],
    })
    assert response.status_code == 302
    news = NewsPost.objects.get()
    assert "<script" not in news.body and "onclick" not in news.body and "<b>tham dự</b>" in news.body
    assert news.images.count() == 2
    with Image.open(news.images.first().image.path) as stored:
        assert not stored.getexif()  # GPS and camera data stripped
    with Image.open(news.og_image.path) as card:
        assert card.size == (1200, 630)
    client.logout()
    html = client.get(news.get_absolute_url()).content.decode()
    assert _og(html, "title") == "May 10 tổ chức Hội nghị đại biểu"
    assert _og(html, "type") == "article"
    assert _og(html, "image").endswith(news.og_image.url)
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_news_bad_image_refused_and_input_kept(personas, tree, client_for):
    fake = SimpleUploadedFile("anh.jpg", b"<!DOCTYPE html><html></html>", content_type="image/jpeg")
    response = client_for(personas.officer).post(reverse("news_create"), {
        "unit": tree.officer_unit.pk, "title": "Tin có ảnh giả", "body": "Nội dung", "images": [fake]})
    body = response.content.decode()
    assert "không phải ảnh hợp lệ" in body and 'value="Tin có ảnh giả"' in body
    assert not NewsPost.objects.exists()


@pytest.mark.django_db
def test_internal_news_is_shown_to_the_subtree_only(personas, tree, client_for, client):
    from campaigns.services import news_publish

    news = news_publish(actor=personas.upper, unit=tree.upper, title="Tin nội bộ Dệt May", body="Chỉ cho đoàn viên",
                        is_public=False)
    url = news.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_for(personas.member).get(url).status_code == 200  # member of a unit under `upper`
    outsider = MembershipFactory().user
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(personas.sibling).get(reverse("news_edit", args=[news.pk])).status_code == 404
    assert client_for(personas.officer).get(reverse("news_edit", args=[news.pk])).status_code == 404  # only upward
    assert client_for(personas.upper).get(reverse("news_edit", args=[news.pk])).status_code == 200


@pytest.mark.django_db
def test_officer_creates_a_kit_for_their_unit_only(personas, tree, client_for):
    from campaigns.models import ShareKit

    officer = client_for(personas.officer)
    data = {"audience": tree.officer_unit.pk, "title": "Kit May 10", "caption": "Nội dung", "hashtags": "DaiHoi, #CongDoan",
            "target_url": "javascript:alert(1)"}
    assert "Đường dẫn đích phải là" in officer.post(reverse("kit_create"), data).content.decode()
    data["target_url"] = "/campaigns/"
    assert officer.post(reverse("kit_create"), {**data, "images": [_jpeg((600, 600))]}).status_code == 302
    kit = ShareKit.objects.get()
    assert kit.hashtags == "#DaiHoi #CongDoan" and kit.images.count() == 1
    assert officer.post(reverse("kit_create"), {**data, "audience": tree.sibling_unit.pk}).status_code == 200
    assert ShareKit.objects.count() == 1
    assert client_for(personas.sibling).get(reverse("kit_edit", args=[kit.pk])).status_code == 404


@pytest.mark.django_db
def test_the_congress_hub_writes_the_congress_number_in_roman_numerals(personas, tree, client):
    from campaigns.models import roman

    from .factories import CampaignFactory

    assert [roman(n) for n in (1, 4, 9, 12, 13, 14, 40)] == ["I", "IV", "IX", "XII", "XIII", "XIV", "XL"]
    campaign = CampaignFactory(unit=tree.root, is_public=True, congress_number=12, term_start_year=2018,
                               term_end_year=2023)
    html = client.get(reverse("campaign_detail", args=[campaign.slug])).content.decode()
    assert "Đại hội lần thứ XII" in html and "lần thứ 12" not in html
