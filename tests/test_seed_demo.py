"""``manage.py seed_demo``: data a union officer would believe, every feature visible, fast.

The whole seed runs once in ``test_seed_demo_*``; the checks of names and member codes only need
the tree and its members.
"""

import datetime
import re
import time
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns import demo as campaigns_demo
from campaigns.models import Campaign, NewsPost, ShareKit, ShareProof, TrackedLink
from contests.models import Contest, ContestAttempt, EntryIntent, Question, Quiz
from notifications.models import Delivery, Notification
from submissions.models import Status, Submission
from unions import demo as unions_demo
from unions.models import Membership

LOGIN_BACKEND = "accounts.backends.LoginBackend"
# Given names no Vietnamese parent gives a daughter, and the reverse (independent of the seed's pools).
CLEARLY_MALE = {"Nam", "Hùng", "Dũng", "Tuấn", "Thắng", "Sơn", "Long", "Cường", "Quân", "Trung", "Việt", "Đạt", "Kiên"}
CLEARLY_FEMALE = {"Trang", "Lan", "Hương", "Hoa", "Mai", "Nhung", "Yến", "Thảo", "Hằng", "Nga", "Huyền", "Loan", "Tuyết"}
HASHTAG = re.compile(r"#[A-Z][A-Za-z0-9]+")  # CamelCase without diacritics: #CongDoanVietNam, #DaiHoiXII
TEST_MARKERS = re.compile(r"\((bài mới|cần bổ sung|mới|thử|test|demo|copy|\d+)\)|\b(test|lorem|demo)\b", re.IGNORECASE)
ARABIC_CONGRESS = re.compile(r"Đại hội (lần thứ )?\d+|lần thứ \d+", re.IGNORECASE)


def gender_clash(full_name):
    """Whether a name's middle name says one gender and its given name the other."""
    parts = full_name.split()
    middle, given = parts[1:-1], parts[-1]
    return ("Thị" in middle and given in CLEARLY_MALE) or ("Văn" in middle and given in CLEARLY_FEMALE)


@pytest.fixture
def tree_seeded(db):
    context = {}
    unions_demo.seed(context)
    return context


def test_member_codes_are_unique_within_each_unit(tree_seeded):
    rows = list(Membership.objects.exclude(member_code="").values_list("union_id", "member_code"))
    assert len(rows) > 300
    assert len(rows) == len(set(rows))
    assert not Membership.objects.active().filter(member_code="").exists()
    codes = dict(Membership.objects.filter(user__username__in=["officer", "member"]).values_list("user__username", "member_code"))
    assert codes == {"officer": "MAY10-00001", "member": "MAY10-00002"}


def test_given_names_match_the_gender_of_the_middle_name(tree_seeded):
    assert gender_clash("Ngô Thị Nam") and gender_clash("Phan Văn Trang") and not gender_clash("Hoàng Văn Nam")
    names = list(User.objects.values_list("full_name", flat=True))
    assert len(names) > 300
    assert [n for n in names if gender_clash(n)] == []
    generated = list(User.objects.filter(username__startswith="dv").values_list("full_name", flat=True))
    for name in generated:
        family, middle, given = name.split()
        assert any(middle in dict(unions_demo.MIDDLE_NAMES[g]) and given in unions_demo.GIVEN_NAMES[g]
                   for g in ("male", "female")), name
    women = sum(n.split()[1] in dict(unions_demo.MIDDLE_NAMES["female"]) for n in generated)
    assert 0.2 < women / len(generated) < 0.8  # both pools are used


def test_tet_season_is_current_on_any_later_date():
    for days in range(0, 9000, 23):
        today = datetime.date(2026, 12, 1) + datetime.timedelta(days=days)
        season = campaigns_demo.tet_season(today)
        assert season["starts_on"] <= today - datetime.timedelta(days=14), today
        assert season["tet"] >= today + datetime.timedelta(days=14), today
        assert season["ends_on"] == season["tet"] + datetime.timedelta(days=6)
        assert season["name"] == f"Xuân {campaigns_demo.year_name(season['year'])} {season['year']}"


def test_tet_season_of_the_2027_new_year():
    season = campaigns_demo.tet_season(datetime.date(2026, 12, 1))
    assert season["name"] == "Xuân Đinh Mùi 2027" and season["tet"] == datetime.date(2027, 2, 6)
    assert season["starts_on"] == datetime.date(2026, 11, 17) and season["ends_on"] == datetime.date(2027, 2, 12)
    assert campaigns_demo.year_name(2026) == "Bính Ngọ" and campaigns_demo.year_name(2028) == "Mậu Thân"


def _texts():
    """Every piece of demo text that members read."""
    for c in Campaign.objects.all():
        yield from (c.title, c.summary, c.body, c.goals, c.previous_results, c.directions)
    for k in ShareKit.objects.all():
        yield from (k.title, k.caption, k.hashtags)
    for n in NewsPost.objects.all():
        yield from (n.title, n.summary, n.body)
    for s in Submission.objects.all():
        yield from (s.title, s.body, s.answer)
    for q in Quiz.objects.all():
        yield from (q.title, q.description)
    yield from Question.objects.values_list("text", flat=True)


@pytest.mark.django_db
def test_seed_demo_loads_believable_data_and_shows_every_feature(client, settings):
    settings.DEBUG = True
    out = StringIO()
    started = time.monotonic()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert time.monotonic() - started < 60
    assert "Demo data loaded" in out.getvalue()
    today = timezone.localdate()

    # The Congress XII campaign is history, dated when it happened.
    congress = Campaign.objects.get(slug="dai-hoi-xii")
    assert (congress.starts_on, congress.ends_on) == (datetime.date(2018, 9, 20), datetime.date(2018, 10, 31))
    assert (congress.congress_number, congress.term_start_year, congress.term_end_year) == (12, 2018, 2023)
    assert not congress.is_running() and "486/CĐCT-TG" in congress.body
    assert not any(k.is_running() for k in congress.share_kits.all())
    assert congress.share_kits.count() == 3 and congress.news_posts.count() == 3
    assert not ShareProof.objects.filter(kit__campaign=congress, status="pending").exists()
    assert all(p.year == 2018 for p in congress.news_posts.values_list("published_at", flat=True))
    assert congress.submissions.filter(status=Status.PUBLISHED, published_at__year=2018).count() == 2

    # The Tết campaign runs now, with live kits, news, clicks and proofs waiting.
    tet = Campaign.objects.exclude(pk=congress.pk).get()
    assert tet.title.startswith("Tết Sum vầy – Xuân ") and tet.is_running() and tet.congress_number is None
    kits = list(tet.share_kits.all())
    assert len(kits) == 4 and all(k.is_running() for k in kits)
    assert {today + datetime.timedelta(days=1), today + datetime.timedelta(days=7)} <= {k.valid_to for k in kits}
    assert tet.news_posts.count() == 3 and all(k.images.exists() for k in kits)
    assert TrackedLink.objects.filter(kit__campaign=tet, clicks__gt=0).exists()
    assert ShareProof.objects.filter(kit__campaign=tet, status="pending").exists()
    assert ShareProof.objects.filter(status="verified").exists() and ShareProof.objects.filter(status="rejected").exists()
    assert tet.submissions.filter(status=Status.PUBLISHED).exists() and tet.submissions.filter(status=Status.PENDING).exists()
    assert Quiz.objects.get(campaign=tet).is_open() and not Quiz.objects.get(campaign=congress).is_open()

    # Written the way unions write.
    texts = [t for t in _texts() if t]
    assert [t for t in texts if ARABIC_CONGRESS.search(t)] == []
    titles = list(Submission.objects.values_list("title", flat=True)) + list(NewsPost.objects.values_list("title", flat=True))
    assert [t for t in titles if TEST_MARKERS.search(t)] == []
    assert len(titles) == len(set(titles))
    for text in texts:
        for tag in re.findall(r"#\S+", text):
            assert HASHTAG.fullmatch(tag), tag
    assert all(ShareKit.objects.values_list("hashtags", flat=True))

    # Reminders: kits ending, a review due tomorrow, one overdue and escalated to the upper level.
    reminded = set(Delivery.objects.values_list("recipient__username", "rule__escalate"))
    assert {("officer", False), ("officer", True), ("upper", True)} <= reminded
    assert Notification.objects.filter(recipient__username="member", read_at__isnull=True).exists()

    # Pages.
    page = client.get(reverse("campaign_detail", args=["dai-hoi-xii"])).content.decode()
    assert "Đại hội XII" in page and "nhiệm kỳ 2018–2023" in page
    client.force_login(User.objects.get(username="member"), backend=LOGIN_BACKEND)
    home = client.get(reverse("home")).content.decode()
    assert "Chuyến xe Công đoàn" in home and "May 10 – Đề nghị hỗ trợ quà Tết" in home
    assert "Chào mừng Đại hội XII" not in home  # ended kits are not asked to be shared any more
    assert tet.title in client.get(reverse("campaign_detail", args=[tet.slug])).content.decode()
    client.force_login(User.objects.get(username="officer"), backend=LOGIN_BACKEND)
    for name in ("campaign_stats", "proof_queue", "submission_queue", "home"):
        assert client.get(reverse(name)).status_code == 200, name
    # Yesterday's live round of "Rung chuông vàng": its final board; the officer may open another.
    host = client.get(reverse("contest_live_host", args=["rung-chuong-vang-may-10"])).content.decode()
    assert 'data-testid="live-finished"' in host and host.count("<tr") == 9 and 'data-testid="live-open"' in host
    assert ContestAttempt.objects.filter(contest__slug="rung-chuong-vang-may-10", submitted_at__date=today
                                         - datetime.timedelta(days=1)).count() == 8


    # An open story contest entered through the submission form: one story approved (an entry),
    # two waiting in the queue with their contest beside them.
    stories = Contest.objects.get(slug="guong-nguoi-tot-may-10")
    assert stories.is_open() and stories.entries.count() == 1
    assert EntryIntent.objects.filter(contest=stories, outcome=EntryIntent.Outcome.WAITING).count() == 2
    queue = client.get(reverse("submission_queue"), {"q": "Bát cơm ca"}).content.decode()
    assert f"Bài dự thi: <a href=\"{stories.get_absolute_url()}\">{stories.title}</a>" in queue

    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already has data" in out.getvalue()


@pytest.mark.django_db
def test_seeded_on_a_later_date_the_current_campaign_still_runs():
    later = timezone.make_aware(datetime.datetime(2029, 7, 15, 10, 0))
    with mock.patch("django.utils.timezone.now", return_value=later):
        context = {}
        unions_demo.seed(context)
        campaigns_demo.seed(context)
        on = timezone.localdate()
        tet = context["campaigns"]["tet"]
        assert on == datetime.date(2029, 7, 15) and tet.is_running(on)
        assert tet.title == "Tết Sum vầy – Xuân Canh Tuất 2030"
        assert all(k.is_running(on) for k in tet.share_kits.all())
        assert not context["campaigns"]["congress"].is_running(on)
