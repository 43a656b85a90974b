"""The demo seed steps of campaigns and contests: the Congress XII campaign of 2018 and the current
Tết campaign with their content, quickly."""

import datetime
import time

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from campaigns import demo as campaigns_demo
from campaigns.models import Campaign, KitImage, LessonCompletion, LinkClick, ShareProof, TrackedLink
from contests import demo as contests_demo
from contests.models import Quiz
from unions import demo as unions_demo


@pytest.mark.django_db
def test_seed_congress_xii_history_and_current_tet_campaign(client):
    context = {}
    unions_demo.seed(context)
    started = time.monotonic()
    campaigns_demo.seed(context)
    contests_demo.seed(context)
    assert time.monotonic() - started < 20
    today = timezone.localdate()

    congress = Campaign.objects.get(slug="dai-hoi-xii")
    assert (congress.congress_number, congress.term_start_year, congress.term_end_year) == (12, 2018, 2023)
    assert congress.starts_on.year == congress.ends_on.year == 2018 and not congress.is_running()
    assert congress.share_kits.count() == 3 and congress.news_posts.count() == 3
    clicks = LinkClick.objects.filter(link__kit__campaign=congress).values_list("day", flat=True)
    assert clicks and all(datetime.date(2018, 9, 20) <= day <= datetime.date(2018, 10, 5) for day in clicks)
    assert TrackedLink.objects.filter(kit__campaign=congress, created_at__year=2018).exists()

    tet = context["campaigns"]["tet"]
    assert tet.is_running() and tet.slug == f"tet-sum-vay-{context['tet_season']['year']}"
    assert tet.share_kits.count() == 4 and tet.news_posts.count() == 3
    recent = LinkClick.objects.filter(link__kit__campaign=tet).values_list("day", flat=True)
    assert recent and all(today - datetime.timedelta(days=9) <= day <= today for day in recent)
    assert TrackedLink.objects.filter(clicks__gt=0).exists()
    assert ShareProof.objects.filter(status="verified").exists() and ShareProof.objects.filter(status="pending").exists()
    assert not ShareProof.objects.filter(decided_by=F("user")).exists()  # nobody verifies their own share
    assert Quiz.objects.filter(lesson__isnull=False).count() == 3 and LessonCompletion.objects.exists()
    assert KitImage.objects.count() == 7 and all(c.og_image for c in (congress, tet))

    page = client.get(reverse("campaign_detail", args=["dai-hoi-xii"])).content.decode()
    assert "Đại hội XII" in page and "nhiệm kỳ 2018–2023" in page
    client.force_login(context["users"]["member"], backend="accounts.backends.LoginBackend")
    home = client.get(reverse("home")).content.decode()
    assert "Tết Sum vầy – Xuân" in home and "Chuyến xe Công đoàn" in home
    assert client.get(reverse("campaign_detail", args=[tet.slug])).status_code == 200
    client.force_login(context["users"]["officer"], backend="accounts.backends.LoginBackend")
    assert client.get(reverse("campaign_stats")).status_code == 200
    assert client.get(reverse("proof_queue")).status_code == 200

