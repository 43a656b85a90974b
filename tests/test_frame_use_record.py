"""frame_use_record and the counting POST: once per member (or anonymous visitor), frame and day, for
both paths; counted per member unit, so a unit's count holds only its own subtree's members."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from campaigns import selectors, services
from campaigns.models import FrameUse
from tests.factories import CampaignFactory, MembershipFactory

from .frame_helpers import make_frame

UA = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"


@pytest.fixture
def frame(tree, hq):
    return make_frame(CampaignFactory(unit=tree.root, slug="dai-hoi"), tree.root, hq)


def test_the_same_member_twice_in_a_day_counts_once(frame, member, tree):
    assert services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="browser")
    assert not services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="server")
    assert FrameUse.objects.count() == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="browser", on=tomorrow)


def test_the_database_refuses_a_second_use_of_a_member(frame, member, tree):
    day = timezone.localdate()
    FrameUse.objects.create(frame=frame, user=member, unit=tree.officer_unit, day=day, visitor="a", method="browser")
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameUse.objects.create(frame=frame, user=member, unit=tree.officer_unit, day=day, visitor="b", method="server")


def test_anonymous_visitors_count_once_a_day_and_bots_not_at_all(frame):
    assert services.frame_use_record(frame=frame, address="1.2.3.4", user_agent=UA, method="server")
    assert not services.frame_use_record(frame=frame, address="1.2.3.4", user_agent=UA, method="browser")
    assert services.frame_use_record(frame=frame, address="5.6.7.8", user_agent=UA, method="browser")
    assert not services.frame_use_record(frame=frame, address="9.9.9.9", user_agent="Googlebot/2.1", method="server")
    assert FrameUse.objects.filter(user=None, unit=None).count() == 2


def test_the_counting_post_counts_a_member_once_for_their_unit(frame, member, tree, client_for):
    client = client_for(member)
    url = reverse("frame_use", args=[frame.campaign.slug, frame.pk])
    assert client.post(url, {"unit": tree.officer_unit.pk}).json() == {"counted": True}
    assert client.post(url, {"unit": tree.officer_unit.pk}).json() == {"counted": False}
    use = FrameUse.objects.get()
    assert (use.user, use.unit, use.method) == (member, tree.officer_unit, "browser")


def test_the_server_path_counts_too(frame, member, tree, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .frame_helpers import photo_bytes

    client = client_for(member)
    url = reverse("frame_studio", args=[frame.campaign.slug])
    for _ in range(2):
        response = client.post(url, {"frame": frame.pk, "photo": SimpleUploadedFile("a.jpg", photo_bytes((1600, 1200)))})
        assert response.status_code == 200
    assert FrameUse.objects.filter(user=member, unit=tree.officer_unit, method="server").count() == 1


def test_siblings_count_does_not_include_officers_members(frame, member, tree):
    neighbour = MembershipFactory(union=tree.sibling_unit).user
    services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="browser")
    services.frame_use_record(frame=frame, user=neighbour, unit=tree.sibling_unit, method="browser")
    services.frame_use_record(frame=frame, address="1.2.3.4", user_agent=UA, method="server")
    campaign = frame.campaign
    assert selectors.frame_uses_count(campaign=campaign, unit=tree.sibling_unit) == 1
    assert selectors.frame_uses_count(campaign=campaign, unit=tree.officer_unit) == 1
    assert selectors.frame_uses_count(campaign=campaign, unit=tree.upper) == 2
    assert selectors.frame_uses_count(campaign=campaign, unit=tree.upper, subtree=False) == 0
    assert selectors.frame_uses_count(campaign=campaign, unit=tree.officer_unit, subtree=False) == 1
    assert selectors.frame_uses_count(campaign=campaign) == 3  # anonymous uses count overall only
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert selectors.frame_uses_count(campaign=campaign, end=yesterday) == 0
    assert selectors.frame_uses_count(start=timezone.localdate()) == 3


def test_the_hub_shows_the_count(frame, member, tree, client_for):
    services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="browser")
    html = client_for(member).get(reverse("campaign_detail", args=[frame.campaign.slug])).content.decode()
    row = html.split('data-count="frames"', 1)[1].split("</tr>", 1)[0]
    assert "Lượt thay khung ảnh" in row and row.count('<td class="text-end">1</td>') == 2
