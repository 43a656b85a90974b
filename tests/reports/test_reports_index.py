"""/reports/: the unit's report form and, for units with children, the filing board."""

import datetime as dt
import re

import pytest

from notifications.models import Notification
from reports import services
from reports.models import ReportStatus, UnitReport
from tests.factories import RoleFactory, UnionFactory, UserFactory
from unions.models import Level, Role

from .helpers import open_period

SIGNED = {"signer_name": "Nguyễn Văn A", "signer_title": "Chủ tịch", "document_number": "01/BC"}


def test_officer_sees_computed_values_with_their_source(client_for, officer, tree):
    period = open_period()
    html = client_for(officer).get("/reports/").content.decode()
    assert period.title in html
    assert "Số gương người tốt, việc tốt được giới thiệu" in html
    assert "Nguồn: Bài gương người tốt, việc tốt được duyệt đăng" in html
    assert 'name="v_pages"' in html and 'name="narrative_6"' in html and 'name="document_number"' in html
    assert 'data-testid="board"' not in html  # no children: no board


def test_save_draft_then_submit(client_for, officer, upper, tree):
    period = open_period()
    client = client_for(officer)
    url = f"/reports/{period.pk}/units/{tree.officer_unit.pk}/"
    response = client.post(url, {"v_pages": "2", "action": "draft", "narrative_1": "Năm gương điển hình"})
    assert response.status_code == 302
    report = UnitReport.objects.get()
    assert report.status == ReportStatus.DRAFT and report.narrative_1 == "Năm gương điển hình"
    response = client.post(url, {"v_pages": "2", "action": "submit", **SIGNED})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    html = client_for(upper).get(f"/reports/r/{report.pk}/").content.decode()
    assert "Tiếp nhận" in html and "Lý do trả lại" in html


def test_the_form_takes_the_assessment_the_plan_and_the_proposals(client_for, officer, upper, tree):
    """After the six tasks: limitations, next year's tasks and proposals, kept and shown to the
    parent who decides."""
    period = open_period()
    client = client_for(officer)
    url = f"/reports/{period.pk}/units/{tree.officer_unit.pk}/"
    html = client.get("/reports/").content.decode()
    for name, label in (("limitations", "Hạn chế, tồn tại và nguyên nhân"), ("next_plan", "Phương hướng, nhiệm vụ kỳ tới"),
                        ("proposals", "Đề xuất, kiến nghị")):
        assert f'name="{name}"' in html and label in html
    client.post(url, {"v_pages": "2", "action": "submit", "limitations": "Cán bộ phụ trách còn kiêm nhiệm.",
                      "next_plan": "Lập nhóm Zalo cho từng tổ công đoàn.", "proposals": "Đề nghị mở lớp tập huấn.",
                      **SIGNED})
    report = UnitReport.objects.get()
    assert (report.limitations, report.next_plan, report.proposals) == (
        "Cán bộ phụ trách còn kiêm nhiệm.", "Lập nhóm Zalo cho từng tổ công đoàn.", "Đề nghị mở lớp tập huấn.")
    html = client_for(upper).get(f"/reports/r/{report.pk}/").content.decode()
    assert "Lập nhóm Zalo cho từng tổ công đoàn." in html and "Đề xuất, kiến nghị" in html


def _children(parent, n):
    units = []
    for i in range(n):
        unit = UnionFactory(parent=parent, name=f"Công đoàn Công ty số {i:02d}", code=f"CT{i:02d}",
                            level=Level.GRASSROOTS)
        units.append(unit)
    return units


def _board_queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the unit's computed figures are cached after the first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("path", ["/reports/", "/reports/dashboard/", "/reports/rollup/"])
def test_query_count_does_not_grow_with_children(client_for, tree, path, django_assert_max_num_queries):
    period = open_period()
    parent = UnionFactory(parent=tree.root, name="Công đoàn Khu công nghiệp", code="KCN", level=Level.UPPER_GRASSROOTS)
    boss = UserFactory()
    RoleFactory(user=boss, union=parent, kind=Role.Kind.OFFICER)
    client = client_for(boss)
    units = _children(parent, 1)
    counts = []
    for n in (1, 50):
        if n == 50:
            units += _children_more(parent, 49)
        for i, unit in enumerate(units):  # a mix of statuses
            if i % 3 == 0 and not UnitReport.objects.filter(unit=unit).exists():
                UnitReport.objects.create(unit=unit, period=period, version=period.version,
                                          status=ReportStatus.SUBMITTED if i % 2 else ReportStatus.DRAFT)
        count, response = _board_queries(client, django_assert_max_num_queries, f"{path}?period={period.pk}")
        counts.append(count)
    assert counts[0] == counts[1], counts


def _children_more(parent, n):
    return [UnionFactory(parent=parent, name=f"Công đoàn Nhà máy {i:02d}", code=f"NM{i:02d}", level=Level.GRASSROOTS)
            for i in range(n)]


def test_board_statuses_rates_and_filters(client_for, personas, tree):
    period = open_period(due_on=dt.date(2026, 12, 15))
    services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer, values={}, notes={},
                         submit=True, **SIGNED)
    client = client_for(personas.upper)
    html = client.get(f"/reports/?period={period.pk}").content.decode()
    assert 'data-unit="MAY10"' in html and 'data-status="submitted"' in html
    assert 'data-unit="VIETTIEN"' in html and 'data-status="not_started"' in html
    assert "Nhắc ngay" in html
    assert "1 (50,0%)" in html or "1 (50.0%)" in html  # one of two grassroots unions submitted
    html = client.get(f"/reports/?period={period.pk}&status=submitted").content.decode()
    assert 'data-unit="MAY10"' in html and 'data-unit="VIETTIEN"' not in html
    html = client.get(f"/reports/?period={period.pk}&level={Level.GRASSROOTS}&status=not_started").content.decode()
    assert 'data-unit="VIETTIEN"' in html and 'data-unit="MAY10"' not in html


def test_board_marks_units_late_after_the_due_date(client_for, personas, tree):
    period = open_period(year=2026, due_on=dt.date(2026, 1, 5))
    html = client_for(personas.upper).get(f"/reports/?period={period.pk}").content.decode()
    assert 'data-status="late"' in html


def test_remind_now_notifies_the_units_officers(client_for, personas, tree):
    period = open_period()
    response = client_for(personas.upper).post(f"/reports/{period.pk}/units/{tree.sibling_unit.pk}/remind/")
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=personas.sibling, title__startswith="Nhắc nộp báo cáo").exists()


def test_sibling_sees_nothing_of_officers_report(client_for, personas, tree):
    period = open_period()
    report = services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer,
                                  values={"pages": "7", "reach": "31.337"}, notes={}, submit=True, **SIGNED)
    client = client_for(personas.sibling)
    assert client.get(f"/reports/r/{report.pk}/").status_code == 404
    assert client.get(f"/reports/?period={period.pk}&unit={tree.officer_unit.pk}").status_code == 404
    assert client.get(f"/reports/dashboard/?period={period.pk}&unit={tree.upper.pk}").status_code == 404
    assert client.get(f"/reports/rollup/?period={period.pk}&unit={tree.upper.pk}").status_code == 404
    for path in ("/reports/", "/reports/dashboard/", "/reports/rollup/"):
        html = client.get(f"{path}?period={period.pk}").content.decode()
        assert "31.337" not in html and "May 10" not in html, path
    assert client.post(f"/reports/r/{report.pk}/accept/").status_code == 404
    # upper sees it on the board and the dashboard.
    html = client_for(personas.upper).get(f"/reports/dashboard/?period={period.pk}&group=2").content.decode()
    assert "31.337" in html and "May 10" in html


def test_the_dashboard_shows_one_group_of_indicators_at_a_time(client_for, personas, tree):
    period = open_period()
    client = client_for(personas.upper)
    first = client.get(f"/reports/dashboard/?period={period.pk}").content.decode()
    assert 'data-code="pages"' in first and 'data-code="reach"' not in first
    assert 'aria-current="page">Kênh thông tin</a>' in first
    second = client.get(f"/reports/dashboard/?period={period.pk}&group=2").content.decode()
    assert 'data-code="reach"' in second and 'data-code="pages"' not in second
    assert f'href="?period={period.pk}&amp;group=3"' in second
    last = client.get(f"/reports/dashboard/?period={period.pk}&group=99").content.decode()  # the last group
    assert 'data-code="trainings"' in last and 'data-code="pages"' not in last


def test_the_computed_figures_are_counted_once_then_again_after_the_report_is_saved(client_for, personas, tree,
                                                                                     monkeypatch):
    from reports import indicators

    calls = []
    real = indicators.compute
    monkeypatch.setattr(indicators, "compute", lambda *a, **k: calls.append(1) or real(*a, **k))
    period = open_period()
    client = client_for(personas.officer)
    for _i in range(3):
        assert client.get(f"/reports/?period={period.pk}").status_code == 200
    assert len(calls) == 1
    services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer, values={"pages": "2"},
                         notes={})
    assert len(calls) == 2  # the save counts afresh what it stores
    client.get(f"/reports/?period={period.pk}")
    assert len(calls) == 3  # and the form after it too


def test_the_reporting_rates_are_cached_until_a_report_below_is_submitted(client_for, personas, tree):
    from reports import selectors

    period = open_period()
    before = {r["level"]: r["submitted"] for r in selectors.reporting_rates(tree.upper, period)}
    services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer, values={"pages": "2"},
                         notes={}, submit=True, **SIGNED)
    after = {r["level"]: r["submitted"] for r in selectors.reporting_rates(tree.upper, period)}
    assert after[tree.officer_unit.level] == before.get(tree.officer_unit.level, 0) + 1
    # The level names are translated when shown, not when counted.
    client = client_for(personas.upper)
    client.get(f"/reports/?period={period.pk}")
    client.cookies["django_language"] = "en"
    html = client.get(f"/reports/?period={period.pk}").content.decode()
    label = re.search(rf'<tr data-level="{tree.officer_unit.level}"><td>([^<]+)</td>', html).group(1)
    assert label == str(Level(tree.officer_unit.level).label) and label.isascii()
