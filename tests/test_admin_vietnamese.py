"""The Django admin in Vietnamese: the strings Django's own vi catalogue leaves in English come
from the portal's supplement (locale/vi/LC_MESSAGES/django.po)."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

ENGLISH = ["Please correct the error", "Skip to main content", "Toggle theme", "Toggle navigation",
           "Filter navigation items", "Select all objects on this page", "Breadcrumbs"]


def _vi(client):
    client.cookies["django_language"] = "vi"
    return client


def test_change_form_with_an_error_is_vietnamese(personas, client_for):
    client = _vi(client_for(personas.hq))
    response = client.post("/admin/reports/reportperiod/add/", {})
    html = response.content.decode()
    assert response.status_code == 200 and 'class="errornote"' in html
    assert "Vui lòng sửa lỗi bên dưới." in html and "<title>Lỗi:" in html
    assert "<title>Error:" not in html
    assert "Chuyển đến nội dung chính" in html
    for text in ENGLISH:
        assert text not in html, text


def test_changelist_is_vietnamese(personas, client_for):
    client = _vi(client_for(personas.hq))
    html = client.get("/admin/unions/union/").content.decode()
    assert "Chọn tất cả đối tượng trên trang này để thực hiện thao tác" in html
    assert "Lọc các mục điều hướng" in html
    for text in ENGLISH:
        assert text not in html, text


def test_the_supplement_translates_the_plural_and_auth_strings():
    # Aliases, so that makemessages does not take Django's English msgids for portal strings.
    one, many = translation.gettext, translation.ngettext
    with translation.override("vi"):
        assert many("Please correct the error below.", "Please correct the errors below.", 3) == (
            "Vui lòng sửa lỗi bên dưới.")
        assert one("Password-based authentication") == "Đăng nhập bằng mật khẩu"
    with translation.override("en"):
        assert one("Please correct the error below.") == "Please correct the error below."
