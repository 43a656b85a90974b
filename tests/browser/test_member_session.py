"""A member's session in a real browser: sign in by phone, Vietnamese home, English, sign out; phones.

The English text is read from the compiled catalogue (``manage.py compilemessages -l en``), so the
test follows the translators' wording but fails when a string the member sees is left untranslated.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PHONE_SIZE = {"width": 360, "height": 740}
MEMBER_NAME = "Hoàng Văn Nam"


def english(vietnamese, **values):
    """The English text for a Vietnamese source string; fails if it is not translated."""
    with translation.override("en"):
        text = translation.gettext(vietnamese)
    if text == vietnamese:
        pytest.fail(
            f"{vietnamese!r} has no English translation: fill it in locale/en/LC_MESSAGES/django.po "
            "and run `manage.py compilemessages -l en`"
        )
    return text % values if values else text


def watch_console(page: Page):
    """Collect JavaScript errors, CSP violations and failed loads: a blocked script breaks the menu.

    The browser's own /favicon.ico probe is left out (the portal declares no icon yet).
    """
    errors = []

    def on_console(msg):
        if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", on_console)
    return errors


def sign_in(page: Page, base_url, login, password=PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def horizontal_overflow(page: Page):
    return page.evaluate("document.documentElement.scrollWidth")


# A phone set to English (Accept-Language: en-US) still gets Vietnamese until the member picks English.
@pytest.mark.browser_context_args(locale="en-US")
def test_member_signs_in_by_phone_switches_to_english_and_signs_out(transactional_db, member, live_server, page):
    base = live_server.url
    errors = watch_console(page)
    html = page.locator("html")

    sign_in(page, base, "0901 000 005")
    expect(page).to_have_url(f"{base}/")
    expect(html).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {MEMBER_NAME}!")
    expect(page.get_by_text("Công đoàn Tổng Công ty May 10")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    # English, from the language button in the navbar; the page stays the member's home.
    page.get_by_test_id("lang-en").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(english("Xin chào, %(name)s!", name=MEMBER_NAME))
    expect(page.get_by_role("heading", name=english("Công đoàn của tôi"))).to_be_visible()
    sign_out = page.get_by_role("button", name=english("Đăng xuất"))
    expect(sign_out).to_be_visible()
    expect(page.get_by_test_id("lang-en")).to_have_count(0)
    expect(page.get_by_test_id("lang-vi")).to_be_visible()

    # The choice sticks across pages.
    page.goto(f"{base}/accounts/profile/")
    expect(html).to_have_attribute("lang", "en")

    # Sign out: the public landing page, still in English, with the sign-in link.
    page.get_by_role("button", name=english("Đăng xuất")).click()
    expect(page).to_have_url(f"{base}/")
    expect(html).to_have_attribute("lang", "en")
    sign_in_link = page.locator("main").get_by_role("link", name=english("Đăng nhập"))
    expect(sign_in_link).to_be_visible()
    expect(sign_in_link).to_have_attribute("href", "/accounts/login/")
    expect(page.get_by_text(MEMBER_NAME)).to_have_count(0)
    expect(page.get_by_role("button", name=english("Đăng xuất"))).to_have_count(0)

    # And back to Vietnamese.
    page.get_by_test_id("lang-vi").click()
    expect(html).to_have_attribute("lang", "vi")
    expect(page.locator("main").get_by_role("link", name="Đăng nhập")).to_be_visible()

    # Signed out means signed out: the profile page asks to sign in again.
    page.goto(f"{base}/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/profile/$"))
    assert errors == []


@pytest.mark.browser_context_args(locale="vi-VN")
def test_wrong_password_shows_the_vietnamese_message_in_the_browser(transactional_db, member, live_server, page):
    sign_in(page, live_server.url, "0901000005", "sai-mat-khau")
    expect(page.get_by_role("alert")).to_contain_text("Thông tin đăng nhập hoặc mật khẩu không đúng")
    expect(page.get_by_label("Số điện thoại, email hoặc tên đăng nhập")).to_have_value("0901000005")
    expect(page.get_by_label("Mật khẩu")).to_have_value("")


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE_SIZE, is_mobile=True, has_touch=True)
def test_phone_sized_screen_collapses_the_navbar_and_never_scrolls_sideways(
    transactional_db, member, live_server, page
):
    base = live_server.url
    errors = watch_console(page)
    menu = page.locator("#main-nav")
    toggler = page.locator(".navbar-toggler")

    page.goto(f"{base}/accounts/login/")
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    toggler.click()
    expect(menu).to_be_visible()
    # Wait for Bootstrap's collapse animation to end before clicking inside the menu.
    expect(menu).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(menu.get_by_test_id("lang-en")).to_be_visible()
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]

    # The form fits the screen: the sign-in button is reachable without sideways scrolling.
    box = page.locator("main").get_by_role("button", name="Đăng nhập").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_SIZE["width"]

    sign_in(page, base, "0901000005")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {MEMBER_NAME}!")
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]
    expect(menu).to_be_hidden()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()
    toggler.click()
    expect(menu).to_be_visible()
    # Wait for Bootstrap's collapse animation to end before clicking inside the menu.
    expect(menu).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(menu.get_by_role("link", name=MEMBER_NAME)).to_be_visible()
    sign_out = menu.get_by_role("button", name="Đăng xuất")
    expect(sign_out).to_be_visible()
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]

    # The menu's sign-out works on a phone too.
    sign_out.click()
    expect(page.locator("main").get_by_role("link", name="Đăng nhập")).to_be_visible()
    assert horizontal_overflow(page) <= PHONE_SIZE["width"]
    assert errors == []
