"""Links to the avatar-frame studio: the campaign hub, the member's home, the share kit that asks for it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CampaignFactory, ShareKitFactory

from .frame_helpers import make_frame


@pytest.fixture
def campaign(tree, hq):
    today = timezone.localdate()
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi", starts_on=today - datetime.timedelta(days=3),
                               ends_on=today + datetime.timedelta(days=30))
    make_frame(campaign, tree.root, hq)
    return campaign


def test_home_links_to_the_studio(campaign, member, client_for):
    html = client_for(member).get(reverse("home")).content.decode()
    assert 'data-testid="home-frames"' in html and "/campaigns/dai-hoi/frame/" in html


def test_the_kit_that_asks_for_a_frame_links_to_the_studio(campaign, member, tree, client_for):
    today = timezone.localdate()
    ShareKitFactory(audience=tree.root, campaign=campaign, title="Thay khung ảnh", asks_for_frame=True,
                    valid_from=today - datetime.timedelta(days=1), valid_to=today + datetime.timedelta(days=5))
    html = client_for(member).get(reverse("home")).content.decode()
    assert 'data-testid="kit-frame-link"' in html


def test_the_hub_links_to_the_studio(campaign, client):
    assert "/campaigns/dai-hoi/frame/" in client.get(reverse("campaign_detail", args=["dai-hoi"])).content.decode()
