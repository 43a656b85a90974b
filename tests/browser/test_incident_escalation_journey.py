"""A grassroots officer on a phone escalates a hot issue; the upper officer sees it on the register,
opens it (and is listed among its viewers) and acknowledges it. No horizontal scroll at 360 px."""

import pytest
from playwright.sync_api import Page, expect

from incidents.models import HotIssue, Status
from tests.factories import PASSWORD, HotIssueFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _sign_in(page: Page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE)
def test_escalate_then_acknowledge_on_a_phone(transactional_db, officer, upper, tree, live_server, page):
    issue = HotIssueFactory(unit=tree.officer_unit, reported_by=officer, title="Công nhân ngừng việc tập thể",
                            source_links="https://www.facebook.com/groups/congnhan.kcn.que.vo/posts/100200300400500")
    _sign_in(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/incidents/{issue.pk}/")
    _no_horizontal_scroll(page)
    page.get_by_label("Ghi chú, kết quả hoặc lý do").fill("Vượt quá khả năng giải quyết của cơ sở.")
    page.get_by_role("button", name="Chuyển lên cấp trên").click()
    expect(page.get_by_test_id("assigned-unit")).to_contain_text(tree.upper.name)
    expect(page.get_by_role("button", name="Tiếp nhận")).to_have_count(0)  # the level above acts now

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "upper")
    page.goto(f"{live_server.url}/incidents/")
    page.get_by_role("link", name="Công nhân ngừng việc tập thể").click()
    expect(page.get_by_test_id("viewers")).to_contain_text(upper.get_full_name())
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã tiếp nhận")
    _no_horizontal_scroll(page)
    issue.refresh_from_db()
    assert issue.status == Status.ACKNOWLEDGED and issue.assigned_unit == tree.upper
    assert HotIssue.objects.get(pk=issue.pk).acknowledged_by == upper
