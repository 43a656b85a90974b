"""The indicator registry: computed figures come from the owning apps' counting selectors."""

import datetime as dt

import pytest
from django.utils import timezone

from incidents.models import Kind
from reports import indicators

from ..factories import HotIssueFactory
from .helpers import open_period

pytestmark = pytest.mark.django_db


def _figures(unit, period):
    return indicators.compute(unit, period, period.version.indicators.all())


def test_hot_issues_of_a_grassroots_union_are_counted_in_its_report_once(officer, upper, tree):
    period = open_period(year=2026)
    in_2026 = timezone.make_aware(dt.datetime(2026, 3, 8, 9, 0))
    HotIssueFactory(unit=tree.officer_unit, reported_by=officer, kind=Kind.WORK_STOPPAGE,
                    reported_at=in_2026, started_at=in_2026)
    last_year = timezone.make_aware(dt.datetime(2025, 11, 2, 9, 0))
    HotIssueFactory(unit=tree.officer_unit, reported_by=officer, reported_at=last_year, started_at=last_year)
    grassroots = _figures(tree.officer_unit, period)
    assert grassroots["hot_issues_found"] == 1
    assert grassroots["work_stoppages"] == 1
    # The upper union counts only what is its own: the grassroots issue reaches it by the roll-up.
    assert _figures(tree.upper, period)["hot_issues_found"] == 0
    assert _figures(tree.sibling_unit, period)["hot_issues_found"] == 0



def test_avatar_frame_uses_of_the_period_are_counted(officer, member, hq, tree):
    from campaigns.models import FrameUse

    from ..factories import CampaignFactory
    from ..frame_helpers import make_frame

    period = open_period(year=2026)
    frame = make_frame(CampaignFactory(unit=tree.root), tree.root, hq)
    FrameUse.objects.create(frame=frame, user=member, unit=tree.officer_unit, day=dt.date(2026, 9, 24),
                            visitor="m1", method=FrameUse.Method.SERVER)
    FrameUse.objects.create(frame=frame, user=member, unit=tree.officer_unit, day=dt.date(2025, 9, 24),
                            visitor="m1", method=FrameUse.Method.SERVER)  # last year's
    assert _figures(tree.officer_unit, period)["frame_uses"] == 1
    assert _figures(tree.sibling_unit, period)["frame_uses"] == 0
