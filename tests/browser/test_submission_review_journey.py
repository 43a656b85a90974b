"""The submission journey in a real browser: a member's story with a photo goes up the tree to HQ,
is published, and shows on the public gallery with Open Graph tags; every step is visible to the
member; a sibling unit's officer never sees it while it is pending."""

import re

import pytest
from playwright.sync_api import expect

from submissions.models import Status, Submission
from tests.factories import PASSWORD
from tests.submissions.helpers import jpeg_bytes

pytestmark = pytest.mark.browser

TITLE = "Anh Tuấn sửa máy cứu cả chuyền may"
BODY = "Đêm mưa bão, anh Tuấn ở lại xưởng sửa máy may hỏng.\n\nNhờ anh, chuyền số 5 kịp giao hàng."


def _errors(page):
    """JavaScript errors and CSP violations (media 404s of the test server are not errors here)."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return errors


def _session(browser, base, username):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    errors = _errors(page)
    if username:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(f"{base}/")
    return context, page, errors


def _review(browser, base, username, decision, reason):
    context, page, errors = _session(browser, base, username)
    page.goto(f"{base}/submissions/queue/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Lý do / ghi chú / nội dung trả lời").fill(reason)
    page.get_by_test_id(f"decide-{decision}").click()
    expect(page).to_have_url(f"{base}/submissions/queue/")
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận")
    assert errors == []
    context.close()


def _assert_sibling_sees_nothing(browser, base, pk):
    context, page, _ = _session(browser, base, "sibling")
    for path in (f"/submissions/{pk}/", f"/stories/{pk}/"):
        response = page.goto(base + path)
        assert response.status == 404
    page.goto(f"{base}/submissions/queue/")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    context.close()


def test_story_goes_up_to_hq_and_is_published(transactional_db, personas, live_server, browser, tmp_path):
    base = live_server.url
    picture = tmp_path / "anh-tuan.jpg"
    picture.write_bytes(jpeg_bytes((1600, 1200)))

    # member writes the story; a first try without consent fails and keeps the text.
    context, page, errors = _session(browser, base, "member")
    page.goto(f"{base}/submissions/new/")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung").fill(BODY)
    page.get_by_label("Ảnh, video hoặc âm thanh").set_input_files(str(picture))
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("files-dropped")).to_be_visible()
    expect(page.get_by_test_id("error-consent_publication")).to_be_visible()
    expect(page.get_by_label("Tiêu đề")).to_have_value(TITLE)
    expect(page.get_by_label("Nội dung")).to_have_value(BODY)
    assert not Submission.objects.exists()
    page.get_by_label("Ảnh, video hoặc âm thanh").set_input_files(str(picture))
    page.get_by_label(re.compile("Tôi đồng ý cho công đoàn đăng bài này")).check()
    page.get_by_label(re.compile("Tôi xác nhận những người xuất hiện")).check()
    page.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"/submissions/mine/#s-\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Bài đang chờ duyệt")
    expect(page.get_by_test_id("mine-item").get_by_test_id("status")).to_have_text("Chờ duyệt")
    assert errors == []
    context.close()
    item = Submission.objects.get()
    assert item.media.count() == 1 and item.status == Status.PENDING

    _assert_sibling_sees_nothing(browser, base, item.pk)
    _review(browser, base, "officer", "forward", "Gương tiêu biểu, đề nghị cấp trên xem xét")
    _assert_sibling_sees_nothing(browser, base, item.pk)
    _review(browser, base, "upper", "forward", "Đề nghị đăng Fanpage ngành")
    _review(browser, base, "hq", "publish", "Duyệt đăng Fanpage tuần này")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.published_unit.parent_id is None

    # An anonymous visitor finds it in the gallery, with an Open Graph card.
    context, page, errors = _session(browser, base, None)
    page.goto(f"{base}/stories/")
    page.get_by_label("Tìm").fill("sua may cuu ca chuyen")  # no diacritics
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(f"{base}/stories/{item.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator('meta[property="og:title"]')).to_have_attribute("content", TITLE)
    expect(page.locator('meta[property="og:description"]')).to_have_attribute("content", re.compile("^Đêm mưa bão"))
    expect(page.locator('meta[property="og:image"]')).to_have_attribute("content", re.compile(r"/media/submissions/share/.+\.jpg$"))
    expect(page.locator('meta[property="og:image:width"]')).to_have_attribute("content", "1200")
    expect(page.get_by_test_id("share-facebook")).to_have_attribute("href", re.compile(r"^https://www\.facebook\.com/sharer/sharer\.php\?u="))
    page.get_by_test_id("copy-link").click()
    expect(page.get_by_text("Đã sao chép liên kết")).to_be_visible()
    assert errors == []
    context.close()

    # The member sees every step and every reason.
    context, page, _ = _session(browser, base, "member")
    page.goto(f"{base}/submissions/mine/")
    card = page.get_by_test_id("mine-item")
    expect(card.get_by_test_id("status")).to_have_text("Đã duyệt đăng")
    card.get_by_text("Các bước duyệt").click()
    history = card.get_by_test_id("history")
    for text in ("Gửi duyệt", "Duyệt, chuyển cấp trên", "Duyệt đăng", "Gương tiêu biểu, đề nghị cấp trên xem xét",
                 "Đề nghị đăng Fanpage ngành", "Duyệt đăng Fanpage tuần này", "Công đoàn Tập đoàn Dệt May Việt Nam"):
        expect(history).to_contain_text(text)
    expect(history.locator("li")).to_have_count(4)
    context.close()
