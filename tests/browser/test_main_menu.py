"""The main menu on a 360 px phone (Bootstrap's collapse menu) and on desktop widths: stories,
news, lessons and contests for members and visitors; the landing page fits a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_member_session import PHONE_SIZE, horizontal_overflow, sign_in, watch_console

pytestmark = pytest.mark.browser

MENU_LINKS = ["Trang chủ", "Chiến dịch", "Tin đơn vị", "Câu chuyện", "Bộ lọc thông tin", "Cuộc thi"]


def open_menu(page: Page):
    menu = page.locator("#main-nav")
    page.locator(".navbar-toggler").click()
    expect(menu).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # the collapse animation has ended
    return menu


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
def test_member_reaches_stories_lessons_and_contests_from_the_phone_menu(transactional_db, member, live_server, page):
    errors = watch_console(page)
    sign_in(page, live_server.url, "0901000005")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Hoàng Văn Nam!")
    menu = open_menu(page)
    for name in [*MENU_LINKS, "Bài gửi"]:
        link = menu.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_SIZE["width"], name
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]
    for name, heading in [("Câu chuyện", "Câu chuyện công đoàn"), ("Bộ lọc thông tin", "Bộ lọc thông tin"),
                          ("Cuộc thi", "Cuộc thi, trắc nghiệm"), ("Tin đơn vị", "Tin chính thức của đơn vị")]:
        page.goto(f"{live_server.url}/")
        open_menu(page).get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert horizontal_overflow(page) <= PHONE_SIZE["width"]
    assert errors == []


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
def test_the_landing_page_fits_a_phone_and_its_menu_has_the_public_pages(transactional_db, tree, live_server, page):
    errors = watch_console(page)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("landing-join")).to_be_visible()
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]
    menu = open_menu(page)
    for name in [*MENU_LINKS, "Đăng nhập"]:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Bài gửi", exact=True)).to_have_count(0)
    assert errors == []


@pytest.mark.parametrize("width", [1200, 1440])
def test_the_officer_menu_fits_desktop_widths(transactional_db, personas, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server.url, "hq")
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    for name in [*MENU_LINKS, "Duyệt bài", "Đơn vị", "Quản trị"]:
        expect(page.locator("#main-nav").get_by_role("link", name=name, exact=True)).to_be_visible()
    assert horizontal_overflow(page) <= width
