"""A unit report in a real browser: officer fills and submits it, upper returns it with a reason,
officer fixes and resubmits, upper accepts it, and the filing board shows it accepted."""

import pytest
from playwright.sync_api import expect

from reports.models import ReportStatus, UnitReport
from tests.factories import PASSWORD
from tests.reports.helpers import open_period

pytestmark = pytest.mark.browser

REASON = "Thiếu số liệu lượt tiếp cận, đề nghị bổ sung."


def _session(browser, base, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/")
    return context, page, errors


def test_officer_files_upper_returns_officer_resubmits_upper_accepts(transactional_db, personas, tree, live_server,
                                                                    browser):
    period = open_period()
    base = live_server.url

    # officer fills and submits
    context, page, errors = _session(browser, base, "officer")
    page.goto(f"{base}/reports/")
    form = page.get_by_test_id("report-form")
    form.locator('input[name="v_pages"]').fill("2")
    form.locator('input[name="v_followers"]').fill("12.949")
    page.get_by_label("Người ký").fill("Lê Thị Hồng Nhung")
    page.get_by_label("Chức vụ").fill("Phó Chủ tịch")
    page.get_by_label("Số văn bản").fill("15/BC-CĐ")
    page.locator('textarea[name="narrative_1"]').fill("Giới thiệu 5 gương người tốt, việc tốt.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nộp báo cáo.")
    expect(page.get_by_test_id("report-status")).to_have_text("Đã nộp")
    assert errors == []
    context.close()

    # upper returns it with a reason
    context, page, errors = _session(browser, base, "upper")
    page.goto(f"{base}/reports/?period={period.pk}")
    board = page.get_by_test_id("board")
    expect(board.locator('tr[data-unit="MAY10"] [data-status]')).to_have_text("Đã nộp")
    board.get_by_role("link", name="Công đoàn Tổng Công ty May 10").click()
    expect(page.locator('[data-value="followers"]')).to_have_text("12.949")
    page.get_by_label("Lý do trả lại").fill(REASON)
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã trả lại báo cáo.")
    assert errors == []
    context.close()

    # officer sees the reason, fixes and resubmits
    context, page, errors = _session(browser, base, "officer")
    page.goto(f"{base}/reports/")
    expect(page.get_by_test_id("returned-reason")).to_contain_text(REASON)
    expect(page.locator('input[name="v_followers"]')).to_have_value("12.949")
    page.locator('input[name="v_reach"]').fill("45.000")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã nộp")
    assert errors == []
    context.close()

    # upper accepts; the board shows it accepted
    context, page, errors = _session(browser, base, "upper")
    page.goto(f"{base}/reports/?period={period.pk}")
    page.get_by_test_id("board").get_by_role("link", name="Công đoàn Tổng Công ty May 10").click()
    expect(page.locator('[data-value="reach"]')).to_have_text("45.000")
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tiếp nhận báo cáo.")
    page.goto(f"{base}/reports/?period={period.pk}")
    expect(page.get_by_test_id("board").locator('tr[data-unit="MAY10"] [data-status]')).to_have_text("Đã tiếp nhận")
    assert errors == []
    context.close()

    report = UnitReport.objects.get(unit=tree.officer_unit, period=period)
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.reviews.values_list("decision", flat=True)) == ["submit", "return", "resubmit", "accept"]
