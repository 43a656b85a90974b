"""The demo seed step of the avatar frame: a published Congress frame, uses to show, the kit that asks for it."""

import pytest
from django.urls import reverse

from campaigns import demo as campaigns_demo
from campaigns import demo_frames
from campaigns.models import FrameUse
from unions import demo as unions_demo


@pytest.mark.django_db
def test_seed_the_congress_frame(client):
    context = {}
    unions_demo.seed(context)
    campaigns_demo.seed(context)
    frame = demo_frames.seed(context)
    assert frame.is_published and frame.window_ratio > 40
    assert FrameUse.objects.filter(frame=frame).count() > 20
    congress = context["campaigns"]["congress"]
    assert congress.share_kits.filter(asks_for_frame=True).count() == 1
    # The Congress frame was used during its campaign, in 2018; the Tết frame these last days.
    congress_days = FrameUse.objects.filter(frame__campaign=congress).values_list("day", flat=True)
    assert congress_days and all(congress.starts_on <= d <= congress.ends_on for d in congress_days)
    page = client.get(reverse("frame_studio", args=[frame.campaign.slug]))
    assert page.status_code == 200 and frame.title in page.content.decode()
    assert client.get(reverse("frame_variant", args=[frame.campaign.slug, frame.pk])).status_code == 200
