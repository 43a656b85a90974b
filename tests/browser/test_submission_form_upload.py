"""On a phone, a file over its size cap is refused before the upload starts."""

import pytest
from playwright.sync_api import expect

from submissions.models import Submission
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_oversized_photo_is_refused_before_uploading(transactional_db, personas, live_server, browser, settings, tmp_path):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "image": 1}
    big = tmp_path / "anh-lon.jpg"
    big.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * (2 * 1024 * 1024))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    uploads = []
    page.on("request", lambda r: uploads.append(r) if r.method == "POST" and "/submissions/new/" in r.url else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill("member")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/submissions/new/")
    page.get_by_label("Tiêu đề").fill("Ảnh quá lớn")
    page.get_by_label("Ảnh, video hoặc âm thanh").set_input_files(str(big))
    page.get_by_test_id("submit").click()
    message = page.get_by_test_id("too-big")
    expect(message).to_be_visible()
    expect(message).to_contain_text("anh-lon.jpg")
    expect(message).to_contain_text("tối đa 1 MB")
    expect(page.get_by_label("Tiêu đề")).to_have_value("Ảnh quá lớn")
    assert uploads == []
    assert not Submission.objects.exists()
    context.close()
