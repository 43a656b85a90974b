"""Review fixes: kit targets, click counting, post URL duplicates, edits across the tree, OG text."""

import re

import pytest
from django.urls import reverse

from campaigns.models import Campaign, NewsPost, ShareKit, ShareProof, TrackedLink
from campaigns.sharing import NotAPost, is_safe_target, normalize_post_url
from tests.factories import CampaignFactory, LessonFactory, QuizFactory, ShareKitFactory

PHONE_UA = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"


# --- Kit targets: no open redirect through /s/<code> -------------------------------------------


@pytest.mark.parametrize("value", [
    "https://www.facebook.com/congdoanvietnam/posts/123", "https://m.facebook.com/story.php?story_fbid=1&id=2",
    "https://zalo.me/s/123", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ",
    "https://www.tiktok.com/@congdoan/video/1", "/campaigns/dai-hoi-xii/", "http://127.0.0.1:8000/stories/1/",
])
def test_kit_targets_on_known_networks_or_the_portal_are_safe(value, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert is_safe_target(value)


@pytest.mark.parametrize("value", [
    "https://evil.example/login", "https://facebook.com.evil.example/a", "https://facebook.com@evil.example/",
    "https://user:pw@www.facebook.com/a/posts/1", "//evil.example", "/\\evil.example", "/\t/evil.example",
    "javascript:alert(1)", "data:text/html,x", "", "ftp://facebook.com/a",
])
def test_other_kit_targets_are_refused(value):
    assert not is_safe_target(value)


@pytest.mark.django_db
def test_officer_cannot_point_a_kit_at_another_site(personas, tree, client_for):
    data = {"audience": tree.officer_unit.pk, "title": "Kit", "caption": "Nội dung",
            "target_url": "https://evil.example/dang-nhap"}
    body = client_for(personas.officer).post(reverse("kit_create"), data).content.decode()
    assert "Đường dẫn đích phải là" in body and not ShareKit.objects.exists()


@pytest.mark.django_db
def test_tracked_link_never_redirects_off_site_even_for_a_target_saved_elsewhere(personas, tree, client):
    kit = ShareKitFactory(audience=tree.officer_unit, target_url="//evil.example/phish")  # e.g. through the admin
    link = TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="evil1234")
    response = client.get(f"/s/{link.code}", HTTP_USER_AGENT=PHONE_UA)
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_admin_refuses_an_unsafe_kit_target(personas, tree, client_for):
    response = client_for(personas.hq).post("/admin/campaigns/sharekit/add/", {
        "audience": tree.root.pk, "title": "Kit", "caption": "Nội dung", "target_url": "https://evil.example/",
        "created_by": personas.hq.pk, "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200 and not ShareKit.objects.exists()
    assert list(response.context["adminform"].form.errors) == ["target_url"]


@pytest.mark.django_db
def test_head_requests_and_prefetches_are_not_clicks(personas, tree, client):
    kit = ShareKitFactory(audience=tree.officer_unit)
    link = TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="head1234")
    assert client.head(f"/s/{link.code}", HTTP_USER_AGENT=PHONE_UA).status_code == 302
    assert client.get(f"/s/{link.code}", HTTP_USER_AGENT=PHONE_UA, HTTP_SEC_PURPOSE="prefetch").status_code == 302
    link.refresh_from_db()
    assert link.clicks == 0
    client.get(f"/s/{link.code}", HTTP_USER_AGENT=PHONE_UA)
    link.refresh_from_db()
    assert link.clicks == 1


# --- The same post claimed twice ----------------------------------------------------------------


@pytest.mark.parametrize("first, second", [
    ("https://www.facebook.com/Hoang.Nam/posts/pfbid0XyZ", "https://m.facebook.com/hoang.nam/posts/pfbid0XyZ"),
    ("https://m.facebook.com/story.php?story_fbid=123&id=456", "https://www.facebook.com/permalink.php?story_fbid=123&id=456"),
    ("https://www.facebook.com/photo/?fbid=789", "https://www.facebook.com/photo.php?fbid=789&set=a.1"),
    ("https://www.facebook.com/groups/CongDoanMay10/posts/111", "https://facebook.com/groups/congdoanmay10/posts/111"),
])
def test_one_facebook_post_in_two_forms_is_one_post(first, second):
    assert normalize_post_url(first) == normalize_post_url(second)


def test_post_ids_keep_their_letter_case():
    assert normalize_post_url("https://www.facebook.com/a/posts/pfbid0XyZ") != normalize_post_url(
        "https://www.facebook.com/a/posts/pfbid0xyz")


def test_overlong_post_url_is_refused_not_a_server_error():
    with pytest.raises(NotAPost):
        normalize_post_url("https://www.facebook.com/a/photos/" + "a1/" * 300)


@pytest.mark.django_db
def test_same_post_from_phone_and_computer_is_claimed_once(personas, tree, client_for):
    from tests.factories import MembershipFactory

    kit = ShareKitFactory(audience=tree.upper)
    colleague = MembershipFactory(union=tree.officer_unit).user
    url = reverse("kit_detail", args=[kit.pk])
    client_for(personas.member).post(url, {"post_url": "https://m.facebook.com/story.php?story_fbid=123&id=456"})
    body = client_for(colleague).post(url, {"post_url": "https://www.facebook.com/permalink.php?story_fbid=123&id=456"})
    assert "đã được khai báo trước đó" in body.content.decode()
    assert ShareProof.objects.count() == 1


# --- Edits across the tree ----------------------------------------------------------------------


@pytest.mark.django_db
def test_upper_officer_edits_what_a_unit_below_published_without_moving_it(personas, tree, client_for):
    from campaigns.services import news_publish

    upper = client_for(personas.upper)
    campaign = CampaignFactory(unit=tree.officer_unit, slug="may10-xanh", starts_on="2024-01-01")
    response = upper.post(reverse("campaign_edit", args=[campaign.slug]), {
        "unit": tree.officer_unit.pk, "title": "May 10 xanh", "slug": "may10-xanh", "starts_on": "2024-01-01",
        "is_public": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign.refresh_from_db()
    assert (campaign.title, campaign.unit) == ("May 10 xanh", tree.officer_unit)

    news = news_publish(actor=personas.officer, unit=tree.officer_unit, title="Tin May 10", body="Nội dung")
    response = upper.post(reverse("news_edit", args=[news.pk]), {
        "unit": tree.officer_unit.pk, "title": "Tin May 10 (sửa)", "body": "Nội dung", "is_public": "on"})
    assert response.status_code == 302
    news.refresh_from_db()
    assert (news.title, news.unit) == ("Tin May 10 (sửa)", tree.officer_unit)

    kit = ShareKitFactory(audience=tree.officer_unit)
    response = upper.post(reverse("kit_edit", args=[kit.pk]), {
        "audience": tree.officer_unit.pk, "title": "Kit May 10", "caption": "Nội dung",
        "target_url": "/campaigns/"})
    assert response.status_code == 302
    kit.refresh_from_db()
    assert (kit.title, kit.audience) == ("Kit May 10", tree.officer_unit)
    # The sibling unit is still not a choice.
    response = upper.post(reverse("kit_edit", args=[kit.pk]), {
        "audience": tree.sibling_unit.pk, "title": "Kit May 10", "caption": "Nội dung", "target_url": "/campaigns/"})
    assert response.status_code == 200
    kit.refresh_from_db()
    assert kit.audience == tree.officer_unit


@pytest.mark.django_db
def test_grassroots_officer_attaches_news_and_kits_to_the_national_campaign(personas, tree, client_for):
    national = CampaignFactory(unit=tree.root, slug="dai-hoi-xii", title="Đại hội XII")
    sibling_campaign = CampaignFactory(unit=tree.sibling_unit, slug="viet-tien")
    officer = client_for(personas.officer)
    form = officer.get(reverse("news_create"), {"campaign": "dai-hoi-xii"}).content.decode()
    assert re.search(rf'<option value="{national.pk}" selected>', form)
    assert f'<option value="{sibling_campaign.pk}"' not in form
    response = officer.post(reverse("news_create"), {
        "unit": tree.officer_unit.pk, "campaign": national.pk, "title": "May 10 hướng về Đại hội", "body": "Nội dung",
        "is_public": "on"})
    assert response.status_code == 302
    assert NewsPost.objects.get().campaign == national
    response = officer.post(reverse("kit_create"), {
        "audience": tree.officer_unit.pk, "campaign": sibling_campaign.pk, "title": "Kit", "caption": "x",
        "target_url": "/campaigns/"})
    assert response.status_code == 200 and not ShareKit.objects.exists()
    hub = client_for(personas.member).get(reverse("campaign_detail", args=[national.slug])).content.decode()
    assert "May 10 hướng về Đại hội" in hub
    assert Campaign.objects.count() == 2


# --- Rich text and Open Graph -------------------------------------------------------------------


def _og(html, prop):
    match = re.search(rf'<meta property="og:{prop}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_og_description_of_news_is_escaped_once(personas, tree, client):
    from campaigns.services import news_publish

    news = news_publish(actor=personas.officer, unit=tree.officer_unit, title="Tin",
                        body='Hội nghị "Người lao động & việc làm" của Ban nữ công')
    html = client.get(news.get_absolute_url()).content.decode()
    assert _og(html, "description") == "Hội nghị &quot;Người lao động &amp; việc làm&quot; của Ban nữ công"


@pytest.mark.django_db
def test_admin_sanitises_news_and_lesson_bodies(personas, tree, client_for):
    hq = client_for(personas.hq)
    response = hq.post("/admin/campaigns/newspost/add/", {
        "unit": tree.root.pk, "title": "Tin HQ", "body": '<p>Tin <img src=x onerror="alert(1)"></p><script>x()</script>',
        "is_public": "on", "created_by": personas.hq.pk, "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    news = NewsPost.objects.get()
    assert "onerror" not in news.body and "<script" not in news.body
    response = hq.post("/admin/campaigns/lesson/add/", {
        "unit": tree.root.pk, "title": "Bài 1", "slug": "bai-1", "body": '<a href="javascript:alert(1)">x</a>',
        "position": "0", "is_published": "on", "created_by": personas.hq.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    from campaigns.models import Lesson

    assert "javascript:" not in Lesson.objects.get().body


@pytest.mark.django_db
def test_lesson_page_links_only_a_published_quiz(personas, tree, client_for):
    lesson = LessonFactory(unit=tree.root, slug="nguon-tin")
    draft = QuizFactory(unit=tree.root, lesson=lesson, slug="nhap", is_published=False)
    page = client_for(personas.member).get(lesson.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in page
    assert client_for(personas.member).get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_public_quiz_page_has_open_graph_tags(tree, client):
    quiz = QuizFactory(unit=tree.root, slug="tim-hieu-dai-hoi", title="Tìm hiểu Đại hội XII",
                       description="Thể lệ cuộc thi")
    html = client.get(quiz.get_absolute_url()).content.decode()
    assert _og(html, "title") == "Tìm hiểu Đại hội XII" and _og(html, "description") == "Thể lệ cuộc thi"
    assert _og(html, "url").endswith("/contests/tim-hieu-dai-hoi/")


@pytest.mark.django_db
def test_officer_without_membership_sees_internal_content_from_above_but_not_the_sibling(personas, tree, client_for):
    from campaigns.services import news_publish

    national = CampaignFactory(unit=tree.root, slug="noi-bo-tw", is_public=False)
    news = news_publish(actor=personas.hq, unit=tree.upper, title="Tin nội bộ Dệt May", body="x", is_public=False)
    own = CampaignFactory(unit=tree.officer_unit, slug="noi-bo-may10", is_public=False)
    officer = client_for(personas.officer)  # an officer role, no membership
    assert officer.get(reverse("campaign_detail", args=[national.slug])).status_code == 200
    assert officer.get(news.get_absolute_url()).status_code == 200
    sibling = client_for(personas.sibling)
    assert sibling.get(reverse("campaign_detail", args=[national.slug])).status_code == 200
    assert sibling.get(reverse("campaign_detail", args=[own.slug])).status_code == 404


@pytest.mark.django_db
def test_hq_creates_a_campaign_in_the_admin_without_naming_the_creator(personas, tree, client):
    from campaigns.models import Campaign

    client.force_login(personas.hq, backend="accounts.backends.LoginBackend")
    response = client.post(
        "/admin/campaigns/campaign/add/",
        {"unit": tree.root.pk, "title": "Tháng Công nhân", "slug": "thang-cong-nhan", "starts_on": "2026-05-01",
         "is_public": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Campaign.objects.get(slug="thang-cong-nhan").created_by == personas.hq
