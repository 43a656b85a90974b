"""The production configuration in ``deploy/``, run: Debian's nginx, with the site rendered from
``deploy/nginx/`` (loopback ports, temporary folders, as the current user), in front of gunicorn
with production settings.

Private files are served only after the portal's access check (X-Accel-Redirect to an
``internal`` location), an over-size upload is refused with 413 by nginx before gunicorn sees it,
and static files come from nginx.
"""

import getpass
import os
import re

import pytest
from axes.models import AccessAttempt
from django.core.files.base import ContentFile
from django.test import Client

from submissions.models import SubmissionMedia
from tests.ops_support import (
    BASE_DIR,
    BIN,
    NGINX,
    Browser,
    Process,
    collectstatic,
    database_url_of_tests,
    free_port,
    gunicorn,
    production_env,
    request,
    run,
    secret_key,
    static_root,
    wait_for_port,
)
from tests.submissions.helpers import jpeg_bytes, pending
from uploads.storage import private_storage

from .factories import CampaignFactory, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not NGINX.exists(), reason=(
        "Debian's nginx is not installed (/usr/sbin/nginx): scripts/ensure-system-packages.sh nginx "
        "installs it (make test and CI do)")),
]

IMAGE_CAP_MB = 1  # a small image cap, so the over-size body is small too


def _nginx_conf(tmp, site):
    """A main nginx.conf of our own: no system paths written, no service, our user."""
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / "nginx" / folder).mkdir(parents=True, exist_ok=True)
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # root: workers stay root, not nobody
    conf = tmp / "nginx" / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {tmp}/nginx/nginx.pid;\nerror_log {tmp}/nginx/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    client_body_temp_path {tmp}/nginx/body;\n    proxy_temp_path {tmp}/nginx/proxy;\n"
        f"    fastcgi_temp_path {tmp}/nginx/fastcgi;\n    uwsgi_temp_path {tmp}/nginx/uwsgi;\n"
        f"    scgi_temp_path {tmp}/nginx/scgi;\n    include {site};\n}}\n"
    )
    return conf


@pytest.fixture
def stack(transactional_db, settings, tmp_path):
    """gunicorn (production settings, the test database) behind nginx; yields both ports."""
    key = secret_key()
    settings.SECRET_KEY = key  # sessions made here must be valid for gunicorn
    env = production_env(
        tmp_path, database_url=database_url_of_tests(), key=key, MEDIA_ACCEL_REDIRECT_PREFIX="/protected-media/",
        TRUSTED_PROXY_COUNT=1, UPLOAD_MAX_IMAGE_MB=IMAGE_CAP_MB,
    )
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private-media"), "base_url": "/protected-media/"}}}
    collectstatic(env)
    processes = []
    try:
        app, app_port = gunicorn(env, tmp_path)
        processes.append(app)
        port = free_port()
        site = tmp_path / "nginx-site.conf"
        site.write_text(run([
            str(BIN / "python"), "deploy/render_nginx.py", "--server-name", "127.0.0.1 localhost",
            "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{app_port}",
            "--proxy-include", str(BASE_DIR / "deploy" / "nginx" / "portal-proxy.conf"),
            "--access-log", str(tmp_path / "nginx-access.log"), "--error-log", str(tmp_path / "nginx-error.log"),
        ], env))
        conf = _nginx_conf(tmp_path, site)
        run([str(NGINX), "-t", "-q", "-c", str(conf), "-e", str(tmp_path / "nginx" / "error.log")], os.environ)
        web = Process("nginx", [str(NGINX), "-c", str(conf), "-e", str(tmp_path / "nginx" / "error.log")],
                      env=dict(os.environ), log_dir=tmp_path)
        processes.append(web)
        wait_for_port(port, web)
        yield type("Stack", (), {"port": port, "app_port": app_port, "env": env, "tmp": tmp_path,
                                 "site": site.read_text(), "app": app})
    finally:
        for process in reversed(processes):
            process.stop()
    assert all(not process.alive() for process in processes)


def _cookie(user):
    client = Client()
    client.force_login(user, backend="accounts.backends.LoginBackend")
    return {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}


def _private_photo(member, unit):
    item = pending(member, unit, title="Chị Lan ở tổ may số 3")
    data = jpeg_bytes(size=(320, 240))
    name = private_storage().save("submissions/2026/12/to-may-so-3.jpg", ContentFile(data))
    media = SubmissionMedia.objects.create(submission=item, kind="image", file=name, mime="image/jpeg",
                                           size=len(data), status=SubmissionMedia.State.READY)
    return item, media, name, data


def test_private_file_only_after_the_portals_access_check(stack, tree, member):
    item, media, name, data = _private_photo(member, tree.officer_unit)
    stranger = UserFactory(username="nguoi-la", full_name="Đỗ Minh Quân")
    MembershipFactory(user=stranger, union=tree.sibling_unit)
    url = f"/submissions/{item.pk}/files/{media.pk}/original"

    status, headers, body = request(stack.port, "GET", url, headers=_cookie(member))
    assert status == 200, body[:500]
    assert body == data  # nginx sent the file itself
    assert headers["content-type"] == "image/jpeg"
    assert headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in headers["content-security-policy"]
    assert headers["cache-control"] == "private, max-age=600"
    assert "x-accel-redirect" not in headers  # consumed by nginx, never shown to the client

    # Behind nginx, the portal only said where the file is.
    status, headers, body = request(stack.app_port, "GET", url, headers=_cookie(member))
    assert status == 200 and body == b""
    assert headers["x-accel-redirect"] == f"/protected-media/{name}"

    for who in (_cookie(stranger), {}):
        status, _headers, body = request(stack.port, "GET", url, headers=who)
        assert status == 404
        assert data not in body
        assert "Không tìm thấy trang" in body.decode()  # the portal's page: the check said no

    status, _headers, body = request(stack.port, "GET", f"/protected-media/{name}", headers=_cookie(member))
    assert status == 404 and data not in body  # the internal location is not reachable from outside


def test_oversize_upload_is_refused_by_nginx_before_gunicorn(stack, tree, member):
    campaign = CampaignFactory(is_public=True)
    assert "client_max_body_size 2m;" in stack.site  # the frame studio: image cap (1 MB) + 1 MB
    too_big = b"x" * (3 * 1024 * 1024)
    path = f"/campaigns/{campaign.slug}/frame/"
    headers = {**_cookie(member), "Content-Type": "multipart/form-data; boundary=b"}

    status, response_headers, body = request(stack.port, "POST", path, headers=headers, body=too_big)
    assert status == 413
    assert response_headers["server"].startswith("nginx")
    page = body.decode()
    assert "Tệp gửi lên quá lớn" in page and "chưa có gì được lưu" in page  # not nginx's English page
    assert path not in stack.app.output()  # gunicorn never saw it

    # The same body on a route with a larger cap (a submission's video) reaches the portal.
    status, _headers, _body = request(stack.port, "POST", "/submissions/new/", headers=headers, body=too_big)
    assert status != 413
    assert "/submissions/new/" in stack.app.output()


def test_gunicorn_down_gives_the_bilingual_unavailable_page(stack):
    stack.app.stop()
    status, _headers, body = request(stack.port, "GET", "/")
    assert status == 502
    assert "Cổng tạm thời gián đoạn" in body.decode()


def test_static_files_are_served_by_nginx(stack):
    status, headers, body = request(stack.port, "GET", "/static/portal/favicon.png")
    assert status == 200
    assert body == (static_root() / "portal" / "favicon.png").read_bytes()
    assert headers["content-type"] == "image/png"
    assert headers["cache-control"] == "max-age=2592000"  # nginx's `expires 30d`, not whitenoise
    assert "/static/portal/favicon.png" not in stack.app.output()
    status, _headers, _body = request(stack.port, "GET", "/static/../manage.py")
    assert status in (400, 404)


def test_the_site_carries_the_caps_of_the_settings(tmp_path):
    env = production_env(tmp_path, database_url="sqlite:///unused.sqlite3", key=secret_key(),
                         UPLOAD_MAX_VIDEO_MB=300, IMPORT_MAX_MB=4)
    site = run([str(BIN / "python"), "deploy/render_nginx.py", "--listen", "127.0.0.1:8080"], env)
    assert "client_max_body_size 301m;" in site  # submissions: the video cap + 1 MB
    assert "client_max_body_size 5m;" in site  # imports: IMPORT_MAX_MB + 1 MB
    assert not re.search(r"\{\{\s*\w+\s*\}\}", site)  # every value filled in
    assert "client_max_body_size 11m;" in site  # everything else
    assert "internal;" in site


def test_the_portal_sees_the_address_nginx_saw_not_a_forged_one(stack, member):
    """nginx appends the client's address to X-Forwarded-For; with TRUSTED_PROXY_COUNT=1 the
    portal takes that one, so a forged header cannot dodge the login lockout."""
    phone = Browser(stack.port, source="127.0.0.2")  # gunicorn itself sees nginx, 127.0.0.1
    phone.sign_in("member", "sai-mat-khau", headers={"X-Forwarded-For": "203.0.113.9"}, expect=200)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.2"}
