"""404, 403, CSRF-403 and 500 pages are the portal's own Vietnamese pages, not Django's English ones.

This module is also a URLconf (for the 500 test): the portal's URLs plus one view that crashes.
"""

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from campaign_portal import views


def _boom(request):
    raise RuntimeError("something broke")


def _database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


urlpatterns = [path("__boom__/", _boom), path("__db_down__/", _database_down), path("", include("campaign_portal.urls"))]
handler403 = "campaign_portal.views.error_403"
handler404 = "campaign_portal.views.error_404"
handler500 = "campaign_portal.views.error_500"


def test_404_page_is_vietnamese(client, db, settings):
    assert settings.DEBUG is False  # Django's technical 404 page is shown only with DEBUG on
    response = client.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in body
    assert "Không tìm thấy trang" in body
    assert "Trang bạn tìm không tồn tại" in body
    assert f'href="{reverse("home")}"' in body
    assert "Not Found" not in body


def test_404_for_an_object_outside_the_users_subtree_is_the_same_page(client_for, personas, tree):
    response = client_for(personas.sibling).get(reverse("unit_detail", args=[tree.officer_unit.pk]))
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    # The signed-in user keeps the navbar with their name.
    assert "Phạm Quốc Hùng" in body


def test_403_page_is_vietnamese(client_for, personas):
    response = client_for(personas.member).get(reverse("units_index"))
    body = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="vi">' in body
    assert "Không có quyền truy cập" in body
    assert "Trang này dành cho cán bộ công đoàn có thẩm quyền" in body
    assert "Forbidden" not in body


def test_csrf_failure_page_is_vietnamese(db, member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "member", "password": "demo1234"})
    body = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="vi">' in body
    assert "Không gửi được biểu mẫu" in body
    assert "CSRF verification failed" not in body
    assert "Forbidden" not in body


def test_500_handler_renders_the_vietnamese_page_without_the_database(db):
    request = RequestFactory().get("/bat-ky/")
    with CaptureQueriesContext(connection) as queries:
        response = views.error_500(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in body
    assert "Đã xảy ra lỗi hệ thống" in body
    assert "Dữ liệu bạn đã lưu trước đó không bị mất" in body
    assert "Lan Tỏa" in body
    assert 'href="/"' in body
    assert len(queries) == 0  # it must render while the database is down


@pytest.mark.urls("tests.test_error_pages")
def test_a_crashing_view_shows_the_vietnamese_500_page(db, caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi hệ thống" in body
    assert "something broke" not in body  # no traceback for the public
    assert "Traceback" not in body


@pytest.mark.urls("tests.test_error_pages")
def test_database_down_shows_the_vietnamese_503_page_not_a_traceback(db):
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/__db_down__/")
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="vi">' in body
    assert "Cổng tạm thời gián đoạn" in body
    assert "Những gì bạn đã lưu trước đó vẫn còn nguyên" in body
    assert "Connection refused" not in body
    assert "Traceback" not in body
    assert len(queries) == 0
