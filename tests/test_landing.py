"""The public landing page (``/`` for visitors) and the main menu: public campaigns, the latest
published stories, how to join; links to stories, news, lessons and contests for everyone."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.models import Status

from .factories import CampaignFactory
from .submissions.helpers import pending

pytestmark = pytest.mark.django_db

PUBLIC_LINKS = ["stories", "news_list", "lesson_list", "contest_list", "campaign_list"]


def published(author, unit, title, days_ago=0):
    return pending(author, unit, title=title, status=Status.PUBLISHED,
                   published_at=timezone.now() - dt.timedelta(days=days_ago))


def test_visitors_see_public_campaigns_latest_stories_and_how_to_join(personas, tree, client):
    today = timezone.localdate()
    CampaignFactory(unit=tree.root, title="Hướng về Đại hội XIII Công đoàn Việt Nam", starts_on=today)
    CampaignFactory(unit=tree.root, title="Chiến dịch nội bộ", is_public=False)
    CampaignFactory(unit=tree.root, title="Tháng Công nhân 2019", starts_on=today - dt.timedelta(days=400),
                    ends_on=today - dt.timedelta(days=370))
    for i in range(8):
        published(personas.member, tree.officer_unit, f"Gương sáng số {i}", days_ago=i)
    pending(personas.member, tree.officer_unit, title="Bài chưa duyệt")

    response = client.get(reverse("home"))
    html = response.content.decode()
    assert [c.title for c in response.context["campaigns"]] == ["Hướng về Đại hội XIII Công đoàn Việt Nam"]
    assert [s.title for s in response.context["stories"]] == [f"Gương sáng số {i}" for i in range(6)]
    assert "Chiến dịch nội bộ" not in html and "Bài chưa duyệt" not in html and "Tháng Công nhân 2019" not in html
    assert html.count('data-testid="landing-story"') == 6
    assert reverse("story_detail", args=[response.context["stories"][0].pk]) in html
    assert "Hãy xin cán bộ công đoàn cơ sở đường dẫn mời hoặc mã QR của đơn vị" in html
    assert reverse("login") in html


def test_an_empty_portal_still_explains_itself(tree, client):
    html = client.get(reverse("home")).content.decode()
    assert "Chưa có chiến dịch công khai nào đang hoặc sắp diễn ra." in html
    assert "Chưa có câu chuyện nào được đăng." in html


def test_landing_query_count_does_not_grow_with_content(personas, tree, client, django_assert_max_num_queries):
    published(personas.member, tree.officer_unit, "Gương sáng đầu tiên")
    CampaignFactory(unit=tree.root)
    client.get(reverse("home"))
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("home"))
    for i in range(12):
        published(personas.member, tree.sibling_unit, f"Câu chuyện {i}")
        CampaignFactory(unit=tree.upper)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


@pytest.mark.parametrize("persona", ["anonymous", "member", "officer"])
def test_the_menu_links_stories_news_lessons_and_contests(personas, client_for, client, persona):
    browser = client if persona == "anonymous" else client_for(getattr(personas, persona))
    html = browser.get(reverse("home")).content.decode()
    menu = html.split('data-testid="main-menu"')[1].split("</ul>")[0]
    for name in PUBLIC_LINKS:
        assert f'href="{reverse(name)}"' in menu, name
    assert (f'href="{reverse("submission_mine")}"' in menu) == (persona == "member")
    assert (f'href="{reverse("submission_queue")}"' in menu) == (persona == "officer")
    assert (f'href="{reverse("units_index")}"' in menu) == (persona == "officer")


@pytest.mark.parametrize("name", PUBLIC_LINKS)
def test_every_public_menu_link_opens_for_visitors(tree, client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_landing_link_renders_as_a_card_on_facebook_and_zalo(client):
    """Shared on Facebook or Zalo, the portal's address shows a card: title, description, a 1200×630 image."""
    html = client.get("/").content.decode()
    assert '<meta property="og:title"' in html
    assert 'property="og:description" content="Cổng chiến dịch truyền thông của công đoàn' in html
    assert re.search(r'<meta property="og:url" content="http://[^"]+/">', html)
    assert '<meta property="og:image" content="http' in html
