"""The demo seed steps of campaigns and contests: the Congress XII campaign and its content, quickly."""

import time

import pytest
from django.urls import reverse

from campaigns import demo as campaigns_demo
from campaigns.models import Campaign, LessonCompletion, ShareProof, TrackedLink
from contests import demo as contests_demo
from contests.models import Quiz
from unions import demo as unions_demo


@pytest.mark.django_db
def test_seed_congress_xii_campaign(client):
    context = {}
    unions_demo.seed(context)
    started = time.monotonic()
    campaigns_demo.seed(context)
    contests_demo.seed(context)
    assert time.monotonic() - started < 20
    campaign = Campaign.objects.get(slug="dai-hoi-xii")
    assert (campaign.congress_number, campaign.term_start_year, campaign.term_end_year) == (12, 2018, 2023)
    assert campaign.share_kits.count() == 3 and campaign.news_posts.count() == 2
    assert TrackedLink.objects.filter(clicks__gt=0).exists()
    assert ShareProof.objects.filter(status="verified").exists() and ShareProof.objects.filter(status="pending").exists()
    assert Quiz.objects.filter(lesson__isnull=False).count() == 3 and LessonCompletion.objects.exists()

    page = client.get(reverse("campaign_detail", args=["dai-hoi-xii"])).content.decode()
    assert "Đại hội lần thứ 12" in page and "nhiệm kỳ 2018–2023" in page
    client.force_login(context["users"]["member"], backend="accounts.backends.LoginBackend")
    home = client.get(reverse("home")).content.decode()
    assert "Chào mừng Đại hội XII Công đoàn Việt Nam" in home and "May 10 – Đoàn viên thay khung ảnh" in home
    client.force_login(context["users"]["officer"], backend="accounts.backends.LoginBackend")
    assert client.get(reverse("campaign_stats")).status_code == 200
    assert client.get(reverse("proof_queue")).status_code == 200
