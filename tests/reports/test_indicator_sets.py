"""/reports/indicator-sets/: the sets, their versions, the periods using each, filed reports."""

from django.urls import reverse

from reports import services
from reports.catalogue import INDICATORS
from reports.models import ReportStatus, UnitReport

from .helpers import open_period


def test_hq_sees_each_version_with_its_periods_and_filed_reports(client_for, hq, tree, django_assert_num_queries):
    period = open_period()
    UnitReport.objects.create(unit=tree.officer_unit, period=period, version=period.version,
                              status=ReportStatus.SUBMITTED)
    client = client_for(hq)
    client.get(reverse("indicator_sets"))
    queries = _queries(client)
    with django_assert_num_queries(queries):
        html = client.get(reverse("indicator_sets")).content.decode()
    assert "Phiên bản 1" in html and "1 báo cáo đã nộp" in html and "Báo cáo năm 2026" in html
    services.indicator_set_edit(indicator_set=period.version.indicator_set, actor=hq, indicators=[
        {"code": c, "label": label, "measure": m} for c, label, _g, m, *_rest in INDICATORS[:10]])
    open_period(year=2027)
    with django_assert_num_queries(queries):  # more versions and periods, same queries
        html = client.get(reverse("indicator_sets")).content.decode()
    assert "Phiên bản 2" in html and "10 chỉ tiêu" in html and "32 chỉ tiêu" in html


def _queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("indicator_sets")).status_code == 200
    return len(ctx.captured_queries)


def test_the_reports_menu_links_here_for_hq_only(client_for, hq, officer):
    open_period()
    assert reverse("indicator_sets") in client_for(hq).get(reverse("reports_index")).content.decode()
    assert reverse("indicator_sets") not in client_for(officer).get(reverse("reports_index")).content.decode()
