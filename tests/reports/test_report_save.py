"""services.report_save and the report form: parsing, validation rules, overrides, nothing lost."""

from decimal import Decimal

import pytest

from reports import services, validation
from reports.models import ReportStatus, ReportValue, UnitReport

from .helpers import form, open_period


def _save(officer, unit, period, values, notes=None, **kw):
    return services.report_save(unit=unit, period=period, actor=officer, values=values, notes=notes or {}, **kw)


@pytest.mark.parametrize(("text", "expected"), [
    ("12.949", Decimal("12949")), ("12949", Decimal("12949")), ("38,05", Decimal("38.05")),
    ("1.234.567", Decimal("1234567")), (" 7 ", Decimal("7")), ("", None), ("2.5", Decimal("2.5")),
])
def test_parse_number_reads_vietnamese_separators(text, expected):
    assert validation.parse_number(text) == expected


def test_format_number_writes_vietnamese_separators():
    assert validation.format_number(Decimal("12949")) == "12.949"
    assert validation.format_number(Decimal("38.05"), "percent") == "38,05%"


@pytest.mark.parametrize("text", ["mười", "12a", "1,2,3", "NaN", "Infinity"])
def test_text_is_refused(officer, tree, text):
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, open_period(), {"pages": text})
    assert exc.value.errors["pages"] == "«Số trang (fanpage) đơn vị quản lý» phải là một con số."
    assert not UnitReport.objects.exists()


def test_negative_is_refused_except_where_allowed(officer, tree):
    period = open_period()
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, period, {"followers": "-5"})
    assert exc.value.errors == {"followers": "«Lượt theo dõi cuối kỳ» không được là số âm."}
    report = _save(officer, tree.officer_unit, period, {"followers_growth": "-5"})
    assert ReportValue.objects.get(report=report, indicator__code="followers_growth").value == Decimal("-5")


def test_absurd_value_is_refused(officer, tree):
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, open_period(), {"reach": "9" * 17})
    assert exc.value.errors["reach"] == "«Tổng lượt tiếp cận» quá lớn, không hợp lý."


def test_fractional_count_is_refused(officer, tree):
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, open_period(), {"pages": "2,5"})
    assert exc.value.errors["pages"] == "«Số trang (fanpage) đơn vị quản lý» phải là số nguyên."


@pytest.mark.parametrize(("left", "right", "message"), [
    ("hot_issues_resolved", "hot_issues_found",
     "«Số vụ việc nóng đã phối hợp giải quyết» (5) không được lớn hơn «Số vụ việc nóng về quan hệ lao động phát hiện» (3)."),
    ("takedowns", "toxic_found",
     "«Số thông tin xấu, độc đề nghị gỡ» (5) không được lớn hơn «Số thông tin xấu, độc phát hiện» (3)."),
    ("work_stoppages", "hot_issues_found",
     "«Số cuộc ngừng việc tập thể» (5) không được lớn hơn «Số vụ việc nóng về quan hệ lao động phát hiện» (3)."),
])
def test_lte_rules_between_values(officer, tree, left, right, message):
    # Both figures are computed from the incidents register; the officer overrides them with a note.
    notes = {left: "Theo biên bản làm việc với doanh nghiệp", right: "Theo biên bản làm việc với doanh nghiệp"}
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, open_period(), {left: "5", right: "3"}, notes=notes)
    assert exc.value.errors[left] == message


def test_grassroots_online_not_above_grassroots_unions(officer, tree):
    # officer's unit is one grassroots union: at most 1 can be online.
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, open_period(), {"grassroots_online": "2"})
    assert exc.value.errors["grassroots_online"] == (
        "«Số CĐCS có trang/nhóm/tài khoản mạng xã hội» (2) không được lớn hơn «Tổng số CĐCS» (1).")


def test_answered_not_above_received_even_when_overriding(officer, tree):
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, open_period(), {"aspirations_answered": "4"},
              {"aspirations_answered": "Tiếp nhận trực tiếp tại hội nghị"})
    assert exc.value.errors["aspirations_answered"] == (
        "«Số ý kiến tâm tư, nguyện vọng đã phản hồi» (4) không được lớn hơn "
        "«Số ý kiến tâm tư, nguyện vọng tiếp nhận» (0).")


def test_override_of_a_computed_value_needs_a_note(officer, tree):
    period = open_period()
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, period, {"good_deeds": "3"})
    assert exc.value.errors["good_deeds"] == (
        "Điều chỉnh số liệu tự tính «Số gương người tốt, việc tốt được giới thiệu» cần ghi chú lý do.")
    report = _save(officer, tree.officer_unit, period, {"good_deeds": "3"},
                   {"good_deeds": "Ba gương được giới thiệu trên bản tin giấy"})
    value = ReportValue.objects.get(report=report, indicator__code="good_deeds")
    assert (value.computed_value, value.entered_value, value.value) == (Decimal(0), Decimal(3), Decimal(3))
    assert value.is_override


def test_typing_the_computed_figure_is_no_override(officer, tree):
    report = _save(officer, tree.officer_unit, open_period(), {"good_deeds": "0"})
    assert ReportValue.objects.get(report=report, indicator__code="good_deeds").entered_value is None


def test_value_far_above_member_count_is_flagged_until_confirmed_with_a_note(officer, tree):
    period = open_period()
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, period, {"training_attendance": "5.000"})
    assert not exc.value.errors
    assert exc.value.flags["training_attendance"].startswith(
        "«Lượt cán bộ tham dự tập huấn» (5.000) cao bất thường so với số đoàn viên của đơn vị (0).")
    report = _save(officer, tree.officer_unit, period, {"training_attendance": "5.000"},
                   {"training_attendance": "Tập huấn trực tuyến mở cho cả khu công nghiệp"})
    assert ReportValue.objects.get(report=report, indicator__code="training_attendance").value == 5000


def test_submit_needs_signer_and_document_number(officer, tree):
    with pytest.raises(services.ServiceError, match="Cần điền người ký, số văn bản trước khi nộp."):
        _save(officer, tree.officer_unit, open_period(), {}, submit=True)


def test_only_the_units_officers_file_its_report(upper, tree):
    with pytest.raises(services.ServiceError):
        _save(upper, tree.officer_unit, open_period(), {})


def test_submit_after_the_due_date_is_allowed_and_marked_late(officer, tree):
    import datetime as dt

    period = open_period(year=2026, due_on=dt.date(2026, 1, 2))
    report = _save(officer, tree.officer_unit, period, {"pages": "2"}, signer_name="Lê Thị Hồng Nhung",
                   document_number="15/BC-CĐ", submit=True)
    assert report.status == ReportStatus.SUBMITTED and report.is_late


def test_a_refused_form_keeps_every_typed_value(client_for, officer, tree):
    period = open_period()
    data = form(v_pages="3", v_groups="abc", v_followers="12.949", n_followers="Tính đến 31/12",
                narrative_1="Giới thiệu 5 gương điển hình", v_hot_issues_found="1", v_hot_issues_resolved="2",
                n_hot_issues_found="Theo sổ theo dõi của đơn vị", n_hot_issues_resolved="Theo sổ theo dõi của đơn vị",
                action="draft")
    response = client_for(officer).post(f"/reports/{period.pk}/units/{tree.officer_unit.pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "«Số nhóm Facebook/Zalo đơn vị quản lý» phải là một con số." in html
    assert "không được lớn hơn" in html
    for name, value in [("v_pages", "3"), ("v_groups", "abc"), ("v_followers", "12.949"),
                        ("n_followers", "Tính đến 31/12"), ("v_hot_issues_resolved", "2"),
                        ("signer_name", "Lê Thị Hồng Nhung"), ("document_number", "15/BC-CĐ")]:
        assert f'name="{name}" value="{value}"' in html, name
    assert "Giới thiệu 5 gương điển hình</textarea>" in html
    assert not UnitReport.objects.exists()


def test_value_many_times_last_year_is_flagged_until_confirmed(officer, upper, tree):
    last = open_period(year=2025, is_open=True)
    report = _save(officer, tree.officer_unit, last, {"items_posted": "40"}, signer_name="Lê Thị Hồng Nhung",
                   document_number="15/BC-CĐ", submit=True)
    services.report_accept(report=report, actor=upper)
    period = open_period(year=2026)
    with pytest.raises(services.ReportInvalid) as exc:
        _save(officer, tree.officer_unit, period, {"items_posted": "900"})
    assert exc.value.flags == {"items_posted": (
        "«Số tin, bài, ảnh, video đăng tải» (900) cao gấp nhiều lần cùng kỳ năm trước (40). "
        "Kiểm tra lại, hoặc ghi chú ở chỉ tiêu này để xác nhận số liệu.")}
    _save(officer, tree.officer_unit, period, {"items_posted": "900"}, {"items_posted": "Thêm trang Zalo OA"})
    _save(officer, tree.officer_unit, period, {"items_posted": "400"})  # within ten times: no flag
