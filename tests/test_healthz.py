"""/healthz: what a load balancer and an operator see when the database, broker or storage fail."""

import pytest
from django.urls import reverse

from campaign_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def _get(client):
    response = client.get(reverse("healthz"))
    assert response["Content-Type"] == "application/json"
    return response, response.json()


@pytest.fixture
def unreachable_broker(monkeypatch):
    """Point the Celery app's sending side at a port where nothing listens; put it back after.

    Celery prefers the CELERY_BROKER_URL environment variable over ``conf.broker_url`` (CI sets
    it), so the override goes into ``broker_write_url``, which ``connection_for_write`` uses.
    """
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    saved = celery_app.conf.get("broker_write_url")  # the raw value, not the resolved URL
    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        yield
    finally:
        celery_app.conf.broker_write_url = saved


def test_healthz_is_ok_when_everything_is_up(client):
    response, data = _get(client)
    assert response.status_code == 200
    assert data["status"] == "ok"
    assert data["checks"] == {"database": {"ok": True}, "broker": {"ok": True}, "storage": {"ok": True}}


def test_healthz_is_public_and_never_cached(client):
    response, _data = _get(client)
    assert response.status_code == 200  # no sign-in redirect
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_broker(client, unreachable_broker):
    response, data = _get(client)
    assert response.status_code == 503
    assert data["status"] == "fail"
    assert data["checks"]["broker"]["ok"] is False
    assert data["checks"]["broker"]["error"]
    assert data["checks"]["database"] == {"ok": True}
    assert data["checks"]["storage"] == {"ok": True}


def test_broker_failure_does_not_stick_after_recovery(client, unreachable_broker):
    assert _get(client)[0].status_code == 503
    celery_app.conf.broker_write_url = None  # back to the configured broker
    assert _get(client)[0].status_code == 200


def test_healthz_reports_failing_storage(client, settings, tmp_path):
    # The media folder's parent is a plain file: nothing can be written under it.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    response, data = _get(client)
    assert response.status_code == 503
    assert data["status"] == "fail"
    assert data["checks"]["storage"]["ok"] is False
    assert data["checks"]["database"] == {"ok": True}
    assert data["checks"]["broker"] == {"ok": True}


def test_healthz_reports_storage_that_loses_what_it_stored(client, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    def open_elsewhere(self, name, mode="rb"):
        raise FileNotFoundError(name)

    monkeypatch.setattr(FileSystemStorage, "open", open_elsewhere)
    response, data = _get(client)
    assert response.status_code == 503
    assert data["checks"]["storage"] == {"ok": False, "error": "FileNotFoundError"}


def test_healthz_leaves_no_probe_files_behind(client, settings, tmp_path):
    media = tmp_path / "media"
    assert _get(client)[0].status_code == 200
    leftovers = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert leftovers == []


def test_healthz_reports_a_failing_database(client, monkeypatch):
    from django.db import OperationalError

    from campaign_portal import views

    def broken():
        raise OperationalError("server closed the connection to db.internal:5432")

    monkeypatch.setattr(views, "_check_database", broken)
    response, data = _get(client)
    assert response.status_code == 503
    assert data["checks"]["database"]["ok"] is False
    # The reply names the failing part, not internals such as hosts or passwords.
    assert "db.internal" not in response.content.decode()


def test_healthz_answers_plain_http_probes_when_https_is_enforced(client, settings):
    """A load balancer probes the backend over HTTP; only the pages people visit are redirected."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("home")).status_code == 301
    response, data = _get(client)
    assert response.status_code == 200
    assert data["status"] == "ok"


def test_healthz_reports_failing_private_storage(client, settings, tmp_path):
    """Submissions' files live in the private storage: a broken one is a failing storage too."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "private")},
        },
    }
    response, data = _get(client)
    assert response.status_code == 503
    assert data["checks"]["storage"]["ok"] is False
