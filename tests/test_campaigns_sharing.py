"""Share kits, tracked links and share proofs, as the member and the officers see them."""

import re

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import LinkClick, ShareProof, TrackedLink
from campaigns.sharing import NotAPost, is_bot, normalize_post_url, share_code
from tests.factories import CampaignFactory, LessonFactory, MembershipFactory, ShareKitFactory

PHONE_UA = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
FACEBOOK_BOT = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"


def _hub_count(html, key):
    """(visitor's unit, overall) of a campaign hub counter row."""
    row = re.search(rf'<tr data-count="{key}">(.*?)</tr>', html, re.S).group(1)
    values = [int(v) for v in re.findall(r'text-end">(\d+)<', row)]
    return (values[0], values[-1]) if len(values) == 2 else (None, values[-1])


def _cell(html, row_attr, col):
    """The number in column ``col`` of the table row marked ``row_attr``."""
    row = re.search(rf'<tr {row_attr}>(.*?)</tr>', html, re.S)
    assert row, f"row {row_attr} not found"
    match = re.search(rf'data-col="{col}">(\d+)<', row.group(1))
    return int(match.group(1))


@pytest.fixture
def kit(tree):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi-xii", title="Đại hội Công đoàn Việt Nam lần thứ XII")
    return ShareKitFactory(audience=tree.upper, campaign=campaign, title="Mừng Đại hội XII",
                           caption="Hướng về Đại hội XII Công đoàn Việt Nam")


@pytest.mark.django_db
def test_member_shares_a_kit_and_the_tracked_link_counts_unique_human_clicks(personas, tree, kit, client_for, client):
    home = client_for(personas.member).get(reverse("home")).content.decode()
    assert "Mừng Đại hội XII" in home
    assert "Hướng về Đại hội XII Công đoàn Việt Nam" in home and "#DaiHoiCongDoan" in home  # caption to copy
    share_url = f"/s/{share_code(kit.pk, personas.member.pk)}"
    assert share_url in home
    assert "facebook.com/sharer/sharer.php?u=" in home
    client.logout()

    # A visitor from the member's post follows the link: redirected to the official post, counted once.
    response = client.get(share_url, HTTP_USER_AGENT=PHONE_UA, REMOTE_ADDR="113.161.1.10")
    assert response.status_code == 302
    assert response["Location"] == "https://www.facebook.com/congdoanvietnam/posts/123456789"
    client.get(share_url, HTTP_USER_AGENT=PHONE_UA, REMOTE_ADDR="113.161.1.10")  # same visitor, same day
    link = TrackedLink.objects.get(user=personas.member, kit=kit)  # made at the first click
    assert link.clicks == 1
    # Facebook's preview crawler is redirected but not counted.
    assert client.get(share_url, HTTP_USER_AGENT=FACEBOOK_BOT, REMOTE_ADDR="31.13.1.1").status_code == 302
    link.refresh_from_db()
    assert link.clicks == 1
    # Another person is.
    client.get(share_url, HTTP_USER_AGENT=DESKTOP_UA, REMOTE_ADDR="14.232.2.20")
    link.refresh_from_db()
    assert link.clicks == 2
    # Nothing that identifies the visitors is stored.
    stored = " ".join(LinkClick.objects.values_list("visitor", flat=True))
    assert "113.161" not in stored and "Android" not in stored

    stats = client_for(personas.officer).get(reverse("campaign_stats")).content.decode()
    assert _cell(stats, f'data-unit="{tree.officer_unit.code}"', "clicks") == 2
    assert _cell(stats, f'data-kit="{kit.pk}"', "clicks") == 2
    assert re.search(r'data-total="clicks">2<', stats)


@pytest.mark.django_db
def test_unknown_code_is_404(tree, client):
    assert client.get("/s/nope1234").status_code == 404


@pytest.mark.django_db
def test_click_counting_is_per_day(personas, tree, kit):
    import datetime

    from campaigns.services import link_click_record

    link = TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="abcd1234")
    day = datetime.date(2024, 5, 1)
    assert link_click_record(link=link, address="1.2.3.4", user_agent=PHONE_UA, on=day)
    assert not link_click_record(link=link, address="1.2.3.4", user_agent=PHONE_UA, on=day)
    assert link_click_record(link=link, address="1.2.3.4", user_agent=PHONE_UA, on=day + datetime.timedelta(days=1))
    assert not link_click_record(link=link, address="1.2.3.4", user_agent="", on=day)
    link.refresh_from_db()
    assert link.clicks == 2


@pytest.mark.parametrize("ua", [FACEBOOK_BOT, "Googlebot/2.1", "curl/8.5.0", "python-requests/2.32", "", "Zalo-Bot/1.0",
                                "Mozilla/5.0 (compatible; bingbot/2.0)", "TelegramBot (like TwitterBot)"])
def test_known_bots(ua):
    assert is_bot(ua)


@pytest.mark.parametrize("ua", [PHONE_UA, DESKTOP_UA,
                                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Zalo iOS/24041"])
def test_people_are_not_bots(ua):
    assert not is_bot(ua)


@pytest.mark.django_db
def test_kits_reach_only_their_audience(personas, tree, client_for):
    ShareKitFactory(audience=tree.officer_unit, title="Tin riêng May 10")
    ShareKitFactory(audience=tree.sibling_unit, title="Tin riêng Việt Tiến")
    home = client_for(personas.member).get(reverse("home")).content.decode()
    assert "Tin riêng May 10" in home and "Tin riêng Việt Tiến" not in home


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.facebook.com/nguyenvan.a/posts/pfbid02abc", ("facebook", "facebook.com/nguyenvan.a/posts/pfbid02abc")),
        ("https://m.facebook.com/nguyenvan.a/posts/pfbid02abc/?mibextid=xyz#c", ("facebook", "facebook.com/nguyenvan.a/posts/pfbid02abc")),
        ("http://fb.com/nguyenvan.a/posts/pfbid02abc", ("facebook", "facebook.com/nguyenvan.a/posts/pfbid02abc")),
        ("https://www.facebook.com/permalink.php?story_fbid=123&id=456&ref=x", ("facebook", "facebook.com/permalink.php?story_fbid=123&id=456")),
        ("https://www.facebook.com/share/p/1AbCdEf/", ("facebook", "facebook.com/share/p/1AbCdEf")),
        ("https://zalo.me/s/123456789/", ("zalo", "zalo.me/s/123456789")),
        ("https://www.tiktok.com/@congdoan.vn/video/7312345678901234567?lang=vi", ("tiktok", "tiktok.com/@congdoan.vn/video/7312345678901234567")),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", ("youtube", "youtube.com/watch?v=dQw4w9WgXcQ")),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", ("youtube", "youtube.com/watch?v=dQw4w9WgXcQ")),
        ("https://youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "youtube.com/watch?v=dQw4w9WgXcQ")),
    ],
)
def test_post_urls_on_known_networks_are_normalised(url, expected):
    assert normalize_post_url(url) == expected


@pytest.mark.parametrize("url", [
    "https://www.facebook.com/", "https://www.facebook.com/nguyenvan.a", "https://facebook.com.evil.example/a/posts/1",
    "https://example.com/a/posts/1", "javascript:alert(1)", "https://www.tiktok.com/@congdoan.vn",
    "https://zalo.me/", "ftp://facebook.com/a/posts/1", "https://www.youtube.com/",
])
def test_non_post_urls_are_refused(url):
    with pytest.raises(NotAPost):
        normalize_post_url(url)


# --- Share proofs -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_proof_verified_by_officer_counts_for_the_unit_and_sibling_sees_nothing(personas, tree, kit, client_for):
    member = client_for(personas.member)
    url = reverse("kit_detail", args=[kit.pk])
    response = member.post(url, {"post_url": "https://m.facebook.com/hoang.nam/posts/pfbid0XyZ/?mibextid=abc"})
    assert response.status_code == 302
    proof = ShareProof.objects.get(user=personas.member)
    assert (proof.unit, proof.status, proof.network) == (tree.officer_unit, "pending", "facebook")
    hub_url = reverse("campaign_detail", args=[kit.campaign.slug])
    assert _hub_count(member.get(hub_url).content.decode(), "shares") == (0, 0)

    # The sibling unit's officer sees no trace of it and cannot verify it.
    sibling = client_for(personas.sibling)
    assert "hoang.nam" not in sibling.get(reverse("proof_queue")).content.decode()
    assert sibling.post(reverse("proof_decide", args=[proof.pk, "verify"])).status_code == 404
    proof.refresh_from_db()
    assert proof.status == "pending"
    assert sibling.get(reverse("campaign_stats"), {"unit": tree.officer_unit.pk}).status_code == 404

    officer = client_for(personas.officer)
    stats_before = officer.get(reverse("campaign_stats")).content.decode()
    assert _cell(stats_before, f'data-unit="{tree.officer_unit.code}"', "verified") == 0
    queue = officer.get(reverse("proof_queue")).content.decode()
    assert "hoang.nam" in queue and f'data-testid="proof-{proof.pk}"' in queue
    assert officer.post(reverse("proof_decide", args=[proof.pk, "verify"])).status_code == 302
    proof.refresh_from_db()
    assert (proof.status, proof.decided_by) == ("verified", personas.officer)
    stats_after = officer.get(reverse("campaign_stats")).content.decode()
    assert _cell(stats_after, f'data-unit="{tree.officer_unit.code}"', "verified") == 1
    # The upper officer sees it in the officer unit's row of their subtree.
    upper_stats = client_for(personas.upper).get(reverse("campaign_stats")).content.decode()
    assert _cell(upper_stats, f'data-unit="{tree.officer_unit.code}"', "verified") == 1
    assert _cell(upper_stats, f'data-unit="{tree.sibling_unit.code}"', "verified") == 0
    # The campaign hub counts it for the member's unit and overall; the member is told.
    hub = client_for(personas.member).get(hub_url).content.decode()
    assert _hub_count(hub, "shares") == (1, 1)
    assert personas.member.notifications.filter(title__contains="đã được xác minh").exists()


@pytest.mark.django_db
def test_same_post_claimed_twice_or_a_non_post_gets_a_clear_message(personas, tree, kit, client_for):
    colleague = MembershipFactory(union=tree.officer_unit).user
    url = reverse("kit_detail", args=[kit.pk])
    assert client_for(personas.member).post(url, {"post_url": "https://www.facebook.com/hoang.nam/posts/pfbid0XyZ"}).status_code == 302
    response = client_for(colleague).post(url, {"post_url": "https://m.facebook.com/hoang.nam/posts/pfbid0XyZ/?ref=share"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "đã được khai báo trước đó" in body
    assert 'value="https://m.facebook.com/hoang.nam/posts/pfbid0XyZ/?ref=share"' in body  # what was typed stays
    response = client_for(colleague).post(url, {"post_url": "https://example.com/blog/123"})
    assert "không phải một bài đăng trên Facebook, Zalo, TikTok hay YouTube" in response.content.decode()
    assert ShareProof.objects.count() == 1


@pytest.mark.django_db
def test_normalised_post_url_is_unique_in_the_database(personas, tree, kit):
    ShareProof.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, post_url="https://fb.com/a/posts/1",
                              normalized_url="facebook.com/a/posts/1", network="facebook")
    with pytest.raises(IntegrityError):
        ShareProof.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit,
                                  post_url="https://www.facebook.com/a/posts/1", normalized_url="facebook.com/a/posts/1",
                                  network="facebook")


@pytest.mark.django_db
def test_officer_cannot_verify_own_proof(personas, tree, kit, client_for):
    MembershipFactory(user=personas.officer, union=tree.officer_unit)
    officer = client_for(personas.officer)
    officer.post(reverse("kit_detail", args=[kit.pk]), {"post_url": "https://www.tiktok.com/@nhung/video/7312345678901234567"})
    proof = ShareProof.objects.get(user=personas.officer)
    officer.post(reverse("proof_decide", args=[proof.pk, "verify"]))
    proof.refresh_from_db()
    assert proof.status == "pending"


@pytest.mark.django_db
def test_stats_csv_download(personas, tree, kit, client_for):
    TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="csv12345", clicks=7)
    response = client_for(personas.upper).get(reverse("campaign_stats_export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    line = next(row for row in text.splitlines() if row.startswith(tree.officer_unit.code))
    assert ",7," in line
    kits = b"".join(client_for(personas.upper).get(reverse("campaign_stats_export"), {"what": "kits"}).streaming_content)
    assert "Mừng Đại hội XII" in kits.decode("utf-8-sig")


@pytest.mark.django_db
def test_stats_filter_reaches_only_lessons_the_officer_may_see(personas, tree, client_for):
    published = LessonFactory(unit=tree.root)
    draft = LessonFactory(unit=tree.officer_unit, is_published=False)
    sibling = client_for(personas.sibling)
    assert sibling.get(reverse("campaign_stats"), {"lesson": published.pk}).status_code == 200
    assert sibling.get(reverse("campaign_stats"), {"lesson": draft.pk}).status_code == 404
    assert sibling.get(reverse("campaign_stats_export"), {"lesson": draft.pk}).status_code == 404


# --- Query counts -----------------------------------------------------------------------------


def _more_proofs(kit, unit, n, start):
    for i in range(start, start + n):
        user = MembershipFactory(union=unit).user
        ShareProof.objects.create(kit=kit, user=user, unit=unit, post_url=f"https://fb.com/u{i}/posts/{i}",
                                  normalized_url=f"facebook.com/u{i}/posts/{i}", network="facebook")


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_proof_queue_query_count_does_not_grow(personas, tree, kit, client_for, django_assert_num_queries):
    officer = client_for(personas.upper)
    _more_proofs(kit, tree.officer_unit, 2, 0)
    n = _count(officer, reverse("proof_queue"))
    _more_proofs(kit, tree.sibling_unit, 8, 10)
    with django_assert_num_queries(n):
        officer.get(reverse("proof_queue"))


@pytest.mark.django_db
def test_home_kits_query_count_does_not_grow(personas, tree, client_for, django_assert_num_queries):
    member = client_for(personas.member)
    ShareKitFactory(audience=tree.officer_unit)
    n = _count(member, reverse("home"))
    for _ in range(6):
        ShareKitFactory(audience=tree.upper)
    member.get(reverse("home"))
    with django_assert_num_queries(n):
        member.get(reverse("home"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["campaign_list", "kit_manage", "campaign_stats", "news_list"])
def test_list_pages_query_count_does_not_grow(name, personas, tree, client_for, django_assert_num_queries):
    from campaigns.services import news_publish
    from tests.factories import UnionFactory

    officer = client_for(personas.upper)

    def add(i):
        CampaignFactory(unit=tree.upper)
        kit = ShareKitFactory(audience=tree.upper)
        unit = UnionFactory(parent=tree.upper)
        TrackedLink.objects.create(kit=kit, user=MembershipFactory(union=unit).user, unit=unit, code=f"q{name[:4]}{i}")
        news_publish(actor=personas.upper, unit=tree.upper, title=f"Tin {i}", body="Nội dung")

    add(0)
    n = _count(officer, reverse(name))
    for i in range(1, 7):
        add(i)
    with django_assert_num_queries(n):
        officer.get(reverse(name))


@pytest.mark.django_db
def test_proof_with_screenshot_is_cleaned_and_csv_cells_are_not_formulas(personas, tree, kit, client_for):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (720, 1280), (250, 250, 250)).save(out, "JPEG", exif=exif.tobytes())
    shot = SimpleUploadedFile("man-hinh.jpg", out.getvalue(), content_type="image/jpeg")
    client_for(personas.member).post(reverse("kit_detail", args=[kit.pk]),
                                     {"post_url": "https://youtu.be/dQw4w9WgXcQ", "screenshot": shot})
    proof = ShareProof.objects.get()
    assert proof.network == "youtube" and "man-hinh" not in proof.screenshot.name
    with Image.open(proof.screenshot.path) as stored:
        assert not stored.getexif()

    kit.title = "=HYPERLINK(\"http://evil.example\")"
    kit.save()
    text = b"".join(client_for(personas.upper).get(reverse("campaign_stats_export"), {"what": "kits"}).streaming_content)
    assert "'=HYPERLINK" in text.decode("utf-8-sig")
