"""selectors.rollup / rollup_by_branch: totals over a subtree computed in the database."""

from decimal import Decimal

import pytest

from campaigns.models import LessonCompletion
from reports import selectors, services
from reports.models import ReportValue
from tests.factories import LessonFactory, RoleFactory, UnionFactory, UserFactory
from unions.models import Role

from .helpers import open_period

SIGNED = {"signer_name": "Nguyễn Văn A", "signer_title": "Chủ tịch", "document_number": "01/BC"}


@pytest.fixture
def filed(personas, tree):
    """Reports of upper (accepted by hq), officer's unit (accepted), sibling's unit (submitted only),
    and a grassroots union two levels down (accepted)."""
    period = open_period()
    lesson = LessonFactory(unit=tree.root)
    for i in range(3):  # computed: 3 members of officer's unit completed a lesson
        LessonCompletion.objects.create(lesson=lesson, user=UserFactory(), unit=tree.officer_unit,
                                        certificate_code=f"ROLLUP{i}")
    deep_parent = UnionFactory(parent=tree.upper, name="Công đoàn Công ty Dệt Nam Định", level=3)
    deep = UnionFactory(parent=deep_parent, name="Công đoàn Nhà máy Sợi", code="SOI")
    deep_officer = UserFactory()
    RoleFactory(user=deep_officer, union=deep, kind=Role.Kind.OFFICER)

    def file(user, unit, values, notes=None, accept_by=None):
        report = services.report_save(unit=unit, period=period, actor=user, values=values, notes=notes or {},
                                      submit=True, **SIGNED)
        if accept_by is not None:
            services.report_accept(report=report, actor=accept_by)
        return report

    file(personas.upper, tree.upper, {"pages": "1", "reach": "1000"}, accept_by=personas.hq)
    file(personas.officer, tree.officer_unit, {"pages": "2", "reach": "12.949"}, accept_by=personas.upper)
    file(personas.sibling, tree.sibling_unit, {"pages": "4", "reach": "500", "filter_lesson": "7"},
         {"filter_lesson": "Học trực tiếp tại hội trường"})
    file(deep_officer, deep, {"pages": "8", "reach": "20"}, accept_by=personas.upper)
    return period, deep_parent


def _sum_over_subtree(unit, period, statuses):
    """The reference: the values of every report in the subtree, summed in Python."""
    total = {}
    for v in ReportValue.objects.filter(report__period=period, report__unit__path__startswith=unit.path,
                                        report__status__in=statuses).select_related("indicator"):
        if v.value:
            total[v.indicator.code] = total.get(v.indicator.code, 0) + v.value
    return total


@pytest.mark.parametrize("accepted_only", [False, True])
def test_rollup_equals_the_sum_over_the_subtree(filed, tree, accepted_only):
    period, _deep_parent = filed
    statuses = ["accepted"] if accepted_only else ["submitted", "accepted"]
    for unit in (tree.root, tree.upper, tree.officer_unit, tree.sibling_unit):
        got = {code: r["total"] for code, r in selectors.rollup(unit, period, accepted_only=accepted_only).items()
               if r["total"]}
        assert got == _sum_over_subtree(unit, period, statuses), unit


def test_rollup_figures(filed, tree):
    period, _deep_parent = filed
    everything = selectors.rollup(tree.upper, period)
    assert everything["pages"]["total"] == Decimal(1 + 2 + 4 + 8)
    assert everything["reach"]["total"] == Decimal(1000 + 12949 + 500 + 20)
    assert everything["filter_lesson"]["total"] == Decimal(3 + 7)  # computed + overridden
    assert everything["grassroots_total"]["total"] == Decimal(3)  # three grassroots unions filed
    accepted = selectors.rollup(tree.upper, period, accepted_only=True)
    assert accepted["pages"]["total"] == Decimal(1 + 2 + 8)
    assert accepted["filter_lesson"]["total"] == Decimal(3)


def test_rollup_by_branch(filed, tree, django_assert_num_queries):
    period, deep_parent = filed
    with django_assert_num_queries(1):
        branches = selectors.rollup_by_branch(tree.upper, period)
    assert branches[tree.upper.path]["pages"] == 1
    assert branches[tree.officer_unit.path]["pages"] == 2
    assert branches[tree.sibling_unit.path]["pages"] == 4
    assert branches[deep_parent.path]["pages"] == 8  # the branch's total, its child's report included


def test_rollup_page_hides_other_subtrees(filed, client_for, personas, tree):
    period, _ = filed
    response = client_for(personas.sibling).get(f"/reports/rollup/?period={period.pk}&unit={tree.officer_unit.pk}")
    assert response.status_code == 404
    response = client_for(personas.sibling).get(f"/reports/rollup/?period={period.pk}")
    html = response.content.decode()
    assert 'data-total="pages">4<' in html  # its own report only, not officer's 2
    response = client_for(personas.upper).get(f"/reports/rollup/?period={period.pk}&accepted=1")
    assert 'data-total="pages">11<' in response.content.decode()
    response = client_for(personas.upper).get(f"/reports/rollup/?period={period.pk}")
    assert 'data-total="reach">14.469<' in response.content.decode()


def test_chart_labels_are_short():
    from types import SimpleNamespace

    assert selectors.short_name(SimpleNamespace(short_name="", name="Công đoàn Tổng Công ty May 10")) == "May 10"
    assert selectors.short_name(SimpleNamespace(short_name="", name="Công đoàn Công ty TNHH Dệt Kim Đông Xuân")) == \
        "Dệt Kim Đông Xuân"
    assert selectors.short_name(SimpleNamespace(short_name="CĐ Dệt May", name="Công đoàn Tập đoàn Dệt May")) == \
        "CĐ Dệt May"
    assert len(selectors.short_name(SimpleNamespace(short_name="", name="Công đoàn " + "Rất dài " * 5))) == 18


def test_rollup_page_writes_the_grassroots_online_ratio(client_for, personas, tree):
    period = open_period()
    for user, unit, online in ((personas.officer, tree.officer_unit, "1"), (personas.sibling, tree.sibling_unit, "0")):
        services.report_save(unit=unit, period=period, actor=user, values={"grassroots_online": online}, notes={},
                             submit=True, **SIGNED)
    html = client_for(personas.upper).get(f"/reports/rollup/?period={period.pk}").content.decode()
    assert "1/2 công đoàn cơ sở có trang, nhóm hoặc tài khoản mạng xã hội (50%)" in html
