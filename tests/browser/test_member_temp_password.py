"""In a real browser: an officer imports a member with a phone number only, gives them a temporary
password on the unit page, and the member signs in by phone on a phone-sized screen, is made to set
their own password before anything else, then uses the portal."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PHONE_SIZE = {"width": 360, "height": 740}
NAME = "Trần Thị Mai"
NEW_PASSWORD = re.compile(r"^Mật khẩu mới")
CONFIRM_PASSWORD = re.compile(r"^Xác nhận mật khẩu mới")
CSV = "Họ và tên,Số điện thoại,Email,Mã đoàn viên\r\nTrần Thị Mai,0912 777 001,,MAY10-777\r\n".encode()


def watch(page):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico") else None)
    return errors


def sign_in(page, base, login, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def officer_issues_temp_password(browser, base, tree):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    errors = watch(page)
    sign_in(page, base, "officer", PASSWORD)
    expect(page).to_have_url(f"{base}/")

    page.goto(f"{base}/units/{tree.officer_unit.pk}/members/import/")
    page.get_by_label("Tệp CSV hoặc Excel (.xlsx)").set_input_files(
        {"name": "doan-vien.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page).to_have_url(f"{base}/units/{tree.officer_unit.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Đã nhập 1 dòng.")

    page.get_by_role("link", name=f"Cấp mật khẩu tạm cho {NAME}").click()
    expect(page.get_by_role("heading", name="Cấp mật khẩu tạm")).to_be_visible()
    expect(page.get_by_test_id("temp-password-person")).to_have_text(NAME)
    page.get_by_role("button", name="Cấp mật khẩu tạm").click()
    password = page.get_by_test_id("temp-password").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    expect(page.get_by_text("Mật khẩu này chỉ hiện một lần")).to_be_visible()
    assert errors == []
    context.close()
    return password


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
def test_imported_phone_only_member_signs_in_with_a_temporary_password_and_sets_their_own(
    transactional_db, personas, tree, live_server, browser, page
):
    base = live_server.url
    password = officer_issues_temp_password(browser, base, tree)
    errors = watch(page)

    # The member types it the way it was read out: spaces, not dashes.
    sign_in(page, base, "0912 777 001", password.replace("-", " "))
    expect(page).to_have_url(re.compile(r"/accounts/password/new/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt mật khẩu của bạn")
    expect(page.get_by_text("Bạn vừa đăng nhập bằng mật khẩu tạm do cán bộ công đoàn cấp.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"]

    # Other pages are closed until the member has a password of their own.
    page.goto(f"{base}/submissions/mine/")
    expect(page).to_have_url(re.compile(r"/accounts/password/new/\?next=/submissions/mine/$"))

    page.get_by_label(NEW_PASSWORD).fill("Hoa-sen-nở-2025")
    page.get_by_label(CONFIRM_PASSWORD).fill("khác hẳn")
    page.get_by_role("button", name="Lưu mật khẩu").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/new/"))
    expect(page.get_by_label(NEW_PASSWORD)).to_have_value("")

    page.get_by_label(NEW_PASSWORD).fill("Hoa-sen-nở-2025")
    page.get_by_label(CONFIRM_PASSWORD).fill("Hoa-sen-nở-2025")
    page.get_by_role("button", name="Lưu mật khẩu").click()
    expect(page).to_have_url(f"{base}/submissions/mine/")
    expect(page.get_by_role("status")).to_contain_text("Đã đặt mật khẩu mới.")

    # The portal is theirs: home greets them with their unit.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {NAME}!")
    expect(page.get_by_text("Công đoàn Tổng Công ty May 10")).to_be_visible()
    page.goto(f"{base}/accounts/profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cá nhân")
    assert errors == []

    user = User.objects.get(phone="0912777001")
    assert user.check_password("Hoa-sen-nở-2025") and not user.must_change_password
    assert not user.check_password(password)
