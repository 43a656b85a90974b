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
    # The open period is past its due date: the board shows on-time, late and overdue units.
    filed = UnitReport.objects.filter(period=current, status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
    assert filed.filter(is_late=True).exists() and filed.filter(is_late=False).exists()
    board = selectors.subtree_units(context["root"], current)
    assert {selectors.LATE, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED} <= {u.board_status for u in board}
    client.force_login(context["users"]["upper"], backend="accounts.backends.LoginBackend")
    assert client.get("/reports/").status_code == 200
    assert client.get(f"/reports/dashboard/?period={last.pk}").status_code == 200
    client.force_login(context["users"]["officer"], backend="accounts.backends.LoginBackend")
    html = client.get("/reports/").content.decode()
    assert "Báo cáo năm 2026" in html and 'name="v_pages"' in html


@pytest.mark.django_db
def test_demo_annual_reports_download_in_every_format(client):
    """hq downloads last year's and this year's annual report in all four formats; upper those of
    its own subtree, which hold none of the rest of the tree."""
    import io

    from openpyxl import load_workbook

    context = {}
    for step in (unions_demo.seed, campaigns_demo.seed, submissions_demo.seed, contests_demo.seed, reports_demo.seed):
        step(context)
    users = context["users"]
    for who, years in (("hq", (2025, 2026)), ("upper", (2026,))):
        client.force_login(users[who], backend="accounts.backends.LoginBackend")
        for year in years:
            for fmt in ("xlsx", "csv", "pdf", "docx"):
                response = client.get(f"/reports/annual/{year}/export.{fmt}")
                assert response.status_code == 200, (who, year, fmt)
                raw = b"".join(response.streaming_content)
                assert raw, (who, year, fmt)
                if fmt == "xlsx":
                    book = load_workbook(io.BytesIO(raw), read_only=True)
                    codes = [row[0] for row in book["Từng đơn vị"].iter_rows(min_row=2, values_only=True)]
                    assert context["officer_unit"].code in codes
                    if who == "upper":
                        from unions.models import Union

                        upper = context["upper"]
                        assert Union.objects.filter(code__in=codes, path__startswith=upper.path).count() == len(codes)
                        assert len(codes) < UnitReport.objects.filter(period__year=year).count()
                    rows = {r[1]: r for r in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
                    assert rows["Tổng lượt tiếp cận"][3] > 0
                    if year == 2026:
                        assert rows["Tổng lượt tiếp cận"][4] > 0  # compared with 2025
