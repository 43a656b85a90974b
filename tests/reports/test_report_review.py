"""The acceptance chain (services.report_return/accept/reopen) and indicator set versions."""

import pytest

from audit.models import AuditEvent
from core.errors import ServiceError
from notifications.models import Notification
from reports import services
from reports.models import IndicatorSetVersion, ReportReview, ReportStatus, UnitReport

from .helpers import open_period

SIGNED = {"signer_name": "Lê Thị Hồng Nhung", "signer_title": "Phó Chủ tịch", "document_number": "15/BC-CĐ"}


def _submit(officer, tree, period, values=None):
    return services.report_save(unit=tree.officer_unit, period=period, actor=officer, values=values or {"pages": "2"},
                                notes={}, submit=True, **SIGNED)


def test_submit_return_resubmit_accept_lock_reopen(officer, upper, sibling, tree):
    period = open_period()
    report = _submit(officer, tree, period)
    assert report.status == ReportStatus.SUBMITTED and not report.is_late
    assert Notification.objects.filter(recipient=upper, title__contains="đã nộp báo cáo").exists()

    with pytest.raises(ServiceError, match="Cần ghi lý do trả lại."):
        services.report_return(report=report, actor=upper, reason=" ")
    with pytest.raises(ServiceError):  # the unit's own officer does not decide on its report
        services.report_accept(report=report, actor=officer)
    with pytest.raises(ServiceError):  # nor does the unit next door
        services.report_accept(report=report, actor=sibling)

    services.report_return(report=report, actor=upper, reason="Thiếu số liệu lượt tiếp cận")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.filter(recipient=officer, body__contains="Thiếu số liệu lượt tiếp cận").exists()

    report = _submit(officer, tree, period, {"pages": "2", "reach": "12.949"})
    assert report.status == ReportStatus.SUBMITTED
    services.report_accept(report=report, actor=upper)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.is_locked and report.accepted_at

    with pytest.raises(ServiceError, match="không sửa được"):
        _submit(officer, tree, period, {"pages": "9"})
    with pytest.raises(ServiceError, match="Cần ghi lý do mở lại."):
        services.report_reopen(report=report, actor=upper, reason="")
    with pytest.raises(ServiceError):
        services.report_reopen(report=report, actor=officer, reason="Tự mở lại")
    services.report_reopen(report=report, actor=upper, reason="Điều chỉnh số liệu vụ việc")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.can_edit()

    decisions = list(ReportReview.objects.filter(report=report).values_list("decision", flat=True))
    assert decisions == ["submit", "return", "resubmit", "accept", "reopen"]
    verbs = set(AuditEvent.objects.filter(object_type="reports.unitreport").values_list("verb", flat=True))
    assert {"unit_report.submit", "unit_report.return", "unit_report.resubmit", "unit_report.accept",
            "unit_report.reopen", "unit_report.save"} <= verbs


def test_state_rules():
    report = UnitReport(status=ReportStatus.DRAFT)
    assert report.can_edit() and report.can_submit() and not report.can_decide() and not report.can_reopen()
    report.status = ReportStatus.SUBMITTED
    assert not report.can_edit() and report.can_decide()
    report.status = ReportStatus.ACCEPTED
    assert report.is_locked and report.can_reopen() and not report.can_edit()
    report.status = ReportStatus.RETURNED
    assert report.can_edit() and report.can_submit()


def test_editing_the_set_of_a_period_with_filed_reports_makes_a_new_version(hq, officer, sibling, tree):
    period = open_period()
    filed = _submit(officer, tree, period)
    draft = services.report_save(unit=tree.sibling_unit, period=period, actor=sibling, values={"pages": "1"},
                                 notes={})
    old = period.version
    indicators = [{"code": i.code, "label": i.label, "group": i.group, "measure": i.measure, "mode": i.mode,
                   "source": i.source} for i in old.indicators.exclude(code="groups")]
    indicators.append({"code": "youtube", "label": "Số kênh YouTube", "measure": "count", "mode": "entered"})
    version = services.indicator_set_revise(period=period, actor=hq, indicators=indicators)
    period.refresh_from_db()
    filed.refresh_from_db()
    draft.refresh_from_db()
    assert version.number == 2 and period.version == version
    assert filed.version == old and filed.values.filter(indicator__code="groups").exists()
    assert draft.version == version
    assert set(draft.values.values_list("indicator__version", flat=True)) == {version.pk}
    assert draft.values.get(indicator__code="pages").value == 1
    assert IndicatorSetVersion.objects.count() == 2


def test_editing_the_set_of_a_period_without_filed_reports_edits_in_place(hq, tree):
    period = open_period()
    version = period.version
    indicators = [{"code": i.code, "label": i.label} for i in version.indicators.all()][:5]
    assert services.indicator_set_revise(period=period, actor=hq, indicators=indicators) == version
    assert version.indicators.count() == 5


def test_only_hq_opens_periods(officer, tree):
    import datetime as dt

    with pytest.raises(ServiceError):
        services.period_open(actor=officer, kind="annual", year=2027, title="Năm 2027", starts_on=dt.date(2027, 1, 1),
                             ends_on=dt.date(2027, 12, 31), due_on=dt.date(2027, 12, 15),
                             version=open_period().version)
