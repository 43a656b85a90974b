"""frame_stats: uses per frame, per unit and per day within the officer's subtree, a chart beside
each table, a constant number of queries."""

import pytest
from django.urls import reverse

from campaigns import services
from tests.factories import CampaignFactory, MembershipFactory, UnionFactory

from .frame_helpers import make_frame


@pytest.fixture
def frame(tree, hq):
    return make_frame(CampaignFactory(unit=tree.root, slug="dai-hoi"), tree.root, hq)


def test_uses_by_unit_frame_and_day(frame, member, tree, personas, client_for):
    neighbour = MembershipFactory(union=tree.sibling_unit).user
    services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="browser")
    services.frame_use_record(frame=frame, user=neighbour, unit=tree.sibling_unit, method="server")
    html = client_for(personas.upper).get(reverse("frame_stats", args=[frame.campaign.slug])).content.decode()
    assert 'data-testid="unit-chart"' in html and 'data-testid="day-chart"' in html
    assert '<tr data-unit="MAY10">' in html and '<tr data-unit="VIETTIEN">' in html
    may10 = html.split('<tr data-unit="MAY10">', 1)[1].split("</tr>", 1)[0]
    assert '<td class="text-end" data-col="uses">1</td>' in may10
    assert f'<tr data-frame="{frame.pk}">' in html


def test_sibling_sees_only_its_own_unit(frame, member, tree, personas, client_for):
    services.frame_use_record(frame=frame, user=member, unit=tree.officer_unit, method="browser")
    html = client_for(personas.sibling).get(reverse("frame_stats", args=[frame.campaign.slug])).content.decode()
    assert "Lượt thay khung ảnh trong đơn vị: <strong>0</strong>" in html
    url = reverse("frame_stats", args=[frame.campaign.slug]) + f"?unit={tree.officer_unit.pk}"
    assert client_for(personas.sibling).get(url).status_code == 404


def test_queries_do_not_grow_with_units(frame, tree, personas, client_for, django_assert_num_queries):
    client = client_for(personas.upper)
    url = reverse("frame_stats", args=[frame.campaign.slug])
    client.get(url)
    with django_assert_num_queries(16) as first:
        client.get(url)
    for i in range(5):
        unit = UnionFactory(parent=tree.upper, code=f"NEW{i}")
        services.frame_use_record(frame=frame, user=MembershipFactory(union=unit).user, unit=unit, method="browser")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
