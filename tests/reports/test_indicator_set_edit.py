"""HQ edits an indicator set on /reports/indicator-sets/<code>/: labels, units, order, removing and
adding from the catalogue; a set with filed reports gets a new version and the filed report keeps its own."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from reports import services
from reports.catalogue import INDICATORS, SET_CODE
from reports.models import Indicator, IndicatorSetVersion, ReportPeriod, UnitReport

from .helpers import form, open_period


def edit_url():
    return reverse("indicator_set_edit", args=[SET_CODE])


def posted(version, **changes):
    """The form as the page sends it, with ``changes`` on top (``label_<code>``, ``remove_<code>``…)."""
    data = {"code": [], "note": ""}
    for n, ind in enumerate(Indicator.objects.filter(version=version).order_by("position", "id")):
        data["code"].append(ind.code)
        data[f"label_{ind.code}"] = ind.label
        data[f"measure_{ind.code}"] = ind.measure
        data[f"pos_{ind.code}"] = str(n + 1)
    data.update(changes)
    return data


def codes(version):
    return list(Indicator.objects.filter(version=version).order_by("position").values_list("code", flat=True))


def test_the_page_lists_the_latest_version(client_for, hq):
    period = open_period()
    response = client_for(hq).get(edit_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Số trang (fanpage) đơn vị quản lý"' in html
    assert "Chưa có báo cáo nào nộp theo phiên bản này" in html
    assert period.title in html


def test_editing_a_set_without_filed_reports_changes_it_in_place(client_for, hq):
    period = open_period()
    version = period.version
    data = posted(version, label_pages="Số trang fanpage do đơn vị quản lý", measure_reach="percent",
                  pos_groups="0", remove_trainings="1", note="Gộp chỉ tiêu tập huấn")
    data["code"].remove("frame_uses")  # not sent: a stale form
    response = client_for(hq).post(edit_url(), data, follow=True)
    assert "Đã lưu phiên bản 1." in response.content.decode()
    assert IndicatorSetVersion.objects.count() == 1
    assert codes(version)[:2] == ["groups", "pages"]
    assert "trainings" not in codes(version) and "frame_uses" not in codes(version)
    assert Indicator.objects.get(version=version, code="pages").label == "Số trang fanpage do đơn vị quản lý"
    assert Indicator.objects.get(version=version, code="reach").measure == "percent"
    event = AuditEvent.objects.get(verb="indicator_set.edit")
    assert event.actor == hq and event.data["new_version"] is False


def test_adding_from_the_catalogue_keeps_the_computed_source(client_for, hq):
    period = open_period()
    version = period.version
    services.indicator_set_edit(indicator_set=version.indicator_set, actor=hq, indicators=[
        {"code": c, "label": label, "measure": m} for c, label, _g, m, *_rest in INDICATORS if c != "frame_uses"])
    client = client_for(hq)
    assert 'name="add" value="frame_uses"' in client.get(edit_url()).content.decode()
    client.post(edit_url(), posted(version, add="frame_uses"))
    added = Indicator.objects.get(version=version, code="frame_uses")
    assert added.mode == "computed" and added.source == "frame_uses"
    assert codes(version)[-1] == "frame_uses"


def test_a_set_with_a_filed_report_gets_a_new_version_and_the_report_keeps_its_own(client_for, hq, officer, tree):
    period = open_period()
    old = period.version
    client = client_for(officer)
    client.post(reverse("report_save", args=[period.pk, tree.officer_unit.pk]),
                form(v_pages="3", v_trainings="2", action="submit"))
    report = UnitReport.objects.get(unit=tree.officer_unit)
    assert report.status == "submitted"
    closed = ReportPeriod.objects.create(kind="annual", year=2025, title="Báo cáo năm 2025", starts_on="2025-01-01",
                                         ends_on="2025-12-31", due_on="2025-12-15", version=old, is_open=False)
    hq_client = client_for(hq)
    page = hq_client.get(edit_url()).content.decode()
    assert "Đã có 1 báo cáo nộp theo phiên bản này" in page
    response = hq_client.post(edit_url(), posted(old, remove_trainings="1",
                                                 label_pages="Số trang Facebook đơn vị quản lý"), follow=True)
    assert "Đã lưu thành phiên bản 2. Báo cáo đã nộp vẫn giữ phiên bản cũ." in response.content.decode()
    new = IndicatorSetVersion.objects.get(number=2)
    period.refresh_from_db()
    closed.refresh_from_db()
    report.refresh_from_db()
    assert period.version == new and closed.version == old and report.version == old
    assert "trainings" in codes(old) and "trainings" not in codes(new)
    assert Indicator.objects.get(version=old, code="pages").label == "Số trang (fanpage) đơn vị quản lý"
    # The filed report still shows the indicators and labels it was filed with.
    detail = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Số lớp tập huấn kỹ năng mạng xã hội" in detail and "Số trang Facebook" not in detail
    assert new.indicators.get(code="frame_uses").source == "frame_uses"  # computed ones stay computed


@pytest.mark.parametrize(("changes", "message"), [
    ({"label_pages": "   "}, "Chỉ tiêu «pages» cần có tên."),
    ({"pos_pages": "hai"}, "Thứ tự của chỉ tiêu «pages» phải là một số nguyên dương."),
    ({"measure_pages": "tấn"}, "Đơn vị tính của «Số trang (fanpage) đơn vị quản lý» không hợp lệ."),
    ({}, "Không có thay đổi nào để lưu."),
])
def test_refusals_are_in_vietnamese_and_keep_what_was_typed(client_for, hq, changes, message):
    period = open_period()
    data = posted(period.version, label_groups="Số nhóm Zalo", **changes)
    if not changes:
        data["label_groups"] = Indicator.objects.get(version=period.version, code="groups").label
    response = client_for(hq).post(edit_url(), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if changes:
        assert 'value="Số nhóm Zalo"' in html
    assert Indicator.objects.get(version=period.version, code="groups").label == "Số nhóm Facebook/Zalo đơn vị quản lý"


def test_removing_every_indicator_is_refused(client_for, hq):
    period = open_period()
    data = posted(period.version)
    data.update({f"remove_{c}": "1" for c in data["code"]})
    response = client_for(hq).post(edit_url(), data)
    assert "Bộ chỉ tiêu cần có ít nhất một chỉ tiêu." in response.content.decode()


def test_only_hq_admins(client_for, upper, db):
    open_period()
    assert client_for(upper).get(edit_url()).status_code == 403
    with pytest.raises(services.ServiceError):
        services.indicator_set_edit(indicator_set=IndicatorSetVersion.objects.get().indicator_set, actor=upper,
                                    indicators=[{"code": "pages", "label": "Số trang", "measure": "count"}])
