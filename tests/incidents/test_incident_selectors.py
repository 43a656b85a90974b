"""The counts the reports app reads, per (unit, start, end) over the subtree, and the dashboard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import selectors, services
from incidents.models import Status, TakedownRequest

from ..factories import HotIssueFactory, MisinformationFactory

pytestmark = pytest.mark.django_db


def test_indicator_counts_over_the_subtree_and_period(officer, hq, tree):
    now = timezone.now()
    start, end = now - dt.timedelta(days=30), now + dt.timedelta(minutes=1)
    HotIssueFactory(unit=tree.officer_unit, kind="work_stoppage", started_at=now)
    HotIssueFactory(unit=tree.sibling_unit, kind="wage_arrears", status=Status.RESOLVED, resolved_at=now)
    HotIssueFactory(unit=tree.officer_unit, reported_at=now - dt.timedelta(days=60),
                    started_at=now - dt.timedelta(days=60), kind="work_stoppage")  # outside the period
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    MisinformationFactory(unit=tree.sibling_unit)
    TakedownRequest.objects.create(misinformation=item, platform="facebook", sent_by=officer,
                                   due_at=now + dt.timedelta(hours=24))
    rebuttal = services.rebuttal_save(item=item, actor=officer, title="Phản bác", summary="Sự thật",
                                      body="<p>x</p>", sources="https://congdoan.vn/", submit=True)
    services.rebuttal_decide(rebuttal=rebuttal, editor=hq, decision="approve")

    upper = selectors.indicator_counts(tree.upper, start, end)
    assert upper == {"hot_issues_found": 2, "hot_issues_resolved": 1, "work_stoppages": 1,
                     "toxic_items_found": 2, "takedowns_requested": 1, "rebuttals_published": 1}
    grassroots = selectors.indicator_counts(tree.sibling_unit, start, end)
    assert grassroots == {"hot_issues_found": 1, "hot_issues_resolved": 1, "work_stoppages": 0,
                          "toxic_items_found": 1, "takedowns_requested": 0, "rebuttals_published": 0}


def test_dashboard_counts_open_issues_by_kind_severity_unit_and_age(client_for, upper, sibling, tree,
                                                                   django_assert_max_num_queries):
    HotIssueFactory(unit=tree.officer_unit, kind="tet_bonus", severity="critical", workers_involved=1200)
    HotIssueFactory(unit=tree.sibling_unit, kind="tet_bonus", severity="high", workers_involved=300,
                    reported_at=timezone.now() - dt.timedelta(days=10))
    HotIssueFactory(unit=tree.sibling_unit, kind="mass_layoff", status=Status.CLOSED, workers_involved=999)
    data = selectors.dashboard(upper)
    assert data["total"] == 2 and data["workers"] == 1500
    assert {r["label"]: r["value"] for r in data["by_kind"]}["Tranh chấp thưởng Tết"] == 2
    assert {r["label"]: r["value"] for r in data["by_age"]}["Từ 7 đến 30 ngày"] == 1
    assert selectors.dashboard(sibling)["total"] == 1
    client = client_for(upper)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("incident_dashboard"))
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and 'data-testid="workers">1500<' in html
