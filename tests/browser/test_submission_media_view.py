"""In a real browser: the photo of a pending story shows for its officer (through the access-checked
file view, within the CSP), is a 404 for a sibling unit's officer, and shows for everyone once published."""

import pytest
from playwright.sync_api import expect

from submissions import services
from submissions.models import Kind
from tests.factories import PASSWORD
from tests.submissions.helpers import photo
from uploads.checks import check_upload

pytestmark = pytest.mark.browser


def _page(browser, base, username=None):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    if username:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(f"{base}/")
    return context, page, errors


def _loaded(page, selector):
    page.wait_for_function(
        "s => [...document.querySelectorAll(s)].length > 0 && [...document.querySelectorAll(s)].every(i => i.complete)",
        arg=selector,
    )
    return page.eval_on_selector_all(selector, "imgs => imgs.map(i => i.naturalWidth)")


def test_pending_photo_shows_only_along_the_chain(transactional_db, personas, tree, live_server, browser):
    base = live_server.url
    upload = photo("anh.jpg", size=(1000, 750))
    item = services.submission_create(
        author=personas.member, unit=tree.officer_unit, kind=Kind.GOOD_DEED, title="Chị Hoa khéo tay",
        body="Chuyện thật.", consent_publication=True, consent_people=True,
        files=[(upload, check_upload(upload))], submit=True,
    )
    media = item.media.get()

    context, page, errors = _page(browser, base, "officer")
    page.goto(f"{base}/submissions/{item.pk}/")
    assert all(width > 0 for width in _loaded(page, ".submission-media img"))
    page.goto(f"{base}/submissions/queue/")
    assert all(width > 0 for width in _loaded(page, "[data-testid=queue-item] img"))
    assert errors == []
    context.close()

    context, page, _ = _page(browser, base, "sibling")
    for variant in ("original", "thumbnail"):
        assert page.goto(base + media.url(variant)).status == 404
    context.close()
    context, page, _ = _page(browser, base)
    assert page.goto(base + media.url("original")).status == 404
    context.close()

    services.submission_decide(submission=item, reviewer=personas.officer, decision="publish")
    context, page, errors = _page(browser, base)
    page.goto(f"{base}/stories/{item.pk}/")
    assert all(width > 0 for width in _loaded(page, ".submission-media img"))
    page.goto(f"{base}/stories/")
    assert all(width > 0 for width in _loaded(page, "[data-testid=story-card] img"))
    assert errors == []
    context.close()
