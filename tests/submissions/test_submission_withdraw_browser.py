"""On a phone: "Rút bài" asks first (no JavaScript needed), then withdraws; the detail page says so."""

import pytest
from playwright.sync_api import expect

from submissions.models import Status
from tests.factories import PASSWORD

from .helpers import pending

pytestmark = pytest.mark.browser


def test_member_withdraws_after_confirming(transactional_db, personas, tree, live_server, browser):
    item = pending(personas.member, tree.officer_unit, title="Tổ may 7 giúp bạn ốm")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill("member")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/submissions/mine/")
    confirm = page.get_by_test_id("withdraw-confirm")
    expect(confirm).to_be_hidden()
    page.get_by_test_id("withdraw").locator("summary").click()  # first tap: the question
    expect(page.get_by_text("Rút bài này?")).to_be_visible()
    item.refresh_from_db()
    assert item.status == Status.PENDING
    confirm.click()  # second tap: withdrawn
    expect(page.get_by_test_id("status")).to_have_text("Đã rút")
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    page.goto(f"{live_server.url}/submissions/{item.pk}/")
    expect(page.get_by_test_id("withdrawn-notice")).to_contain_text("Bạn đã rút bài này")
    expect(page.get_by_test_id("delete")).to_be_visible()
    context.close()
