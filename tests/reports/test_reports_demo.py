"""reports.demo: two annual periods with every filing status to show."""

import pytest

from campaigns import demo as campaigns_demo
from contests import demo as contests_demo
from reports import demo as reports_demo
from reports import selectors
from reports.models import ReportPeriod, ReportStatus, UnitReport
from submissions import demo as submissions_demo
from unions import demo as unions_demo


@pytest.mark.django_db
def test_seed_reports(client):
    context = {}
    for step in (unions_demo.seed, campaigns_demo.seed, submissions_demo.seed, contests_demo.seed, reports_demo.seed):
        step(context)
    last, current = ReportPeriod.objects.order_by("year")
    assert (last.year, last.is_open, current.year, current.is_open) == (2025, False, 2026, True)
    old = UnitReport.objects.filter(period=last)
    assert old.filter(status=ReportStatus.RETURNED).count() == 1
    assert old.filter(status=ReportStatus.ACCEPTED).count() == selectors.expected_units(last).count() - 2
    statuses = set(UnitReport.objects.filter(period=current).values_list("status", flat=True))
    assert {ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED} <= statuses
    may10 = UnitReport.objects.get(period=current, unit=context["officer_unit"])
    assert may10.status == ReportStatus.DRAFT
    assert UnitReport.objects.get(period=current, unit=context["sibling_unit"]).status == ReportStatus.SUBMITTED
    client.force_login(context["users"]["upper"], backend="accounts.backends.LoginBackend")
    assert client.get("/reports/").status_code == 200
    assert client.get(f"/reports/dashboard/?period={last.pk}").status_code == 200
    client.force_login(context["users"]["officer"], backend="accounts.backends.LoginBackend")
    html = client.get("/reports/").content.decode()
    assert "Báo cáo năm 2026" in html and 'name="v_pages"' in html
