"""The member's home on a phone: a share kit, copy caption with one tap, no horizontal scroll."""

import pytest
from playwright.sync_api import Page, expect

from campaigns.models import TrackedLink
from campaigns.sharing import share_code
from tests.factories import PASSWORD, ShareKitFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _sign_in(page: Page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
def test_member_home_on_a_phone_shows_a_kit_and_copies_its_caption(transactional_db, member, tree, live_server, page):
    kit = ShareKitFactory(
        audience=tree.upper, title="Mừng Đại hội XII",
        caption="Đoàn viên May 10 hướng về Đại hội XII Công đoàn Việt Nam, nhiệm kỳ 2018–2023. "
                "Cùng chia sẻ để lan tỏa tinh thần đoàn kết, đổi mới, dân chủ, phát triển!",
    )
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Failed to load resource" not in msg.text else None)
    # Our script and styles must load (the favicon is not ours to check).
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type in ("script", "stylesheet", "image") else None)
    _sign_in(page, live_server.url, "member")

    card = page.get_by_test_id("kit-card")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading", name="Mừng Đại hội XII")).to_be_visible()
    code = share_code(kit.pk, member.pk)
    expect(card.get_by_test_id("share-url")).to_contain_text(f"/s/{code}")
    assert not TrackedLink.objects.exists()  # showing the link wrote nothing

    button = card.get_by_role("button", name="Chép nội dung")
    button.click()
    expect(card.get_by_role("button", name="Đã chép nội dung!")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Đoàn viên May 10 hướng về Đại hội XII")
    assert "#DaiHoiCongDoan" in copied and copied.rstrip().endswith(f"/s/{code}")

    facebook = card.get_by_role("link", name="Chia sẻ lên Facebook")
    assert "facebook.com/sharer/sharer.php?u=" in facebook.get_attribute("href")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not errors, errors
