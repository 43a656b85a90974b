"""API keys on the profile page: created with a name, shown once, stored as a digest, revoked."""

import hashlib

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from audit.models import AuditEvent
from core.errors import ServiceError


def test_officer_creates_a_key_that_is_shown_once(client_for, officer):
    client = client_for(officer)
    page = client.get(reverse("profile")).content.decode()
    assert "Khóa API" in page and "Bạn chưa có khóa API nào." in page
    response = client.post(reverse("api_token_new"), {"name": "Bảng tính tổng hợp của Ban"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=officer)
    key = html.split('id="new-key-value" readonly value="')[1].split('"')[0]
    assert key.startswith("lt_") and len(key) > 40
    assert token.key_digest == hashlib.sha256(key.encode()).hexdigest() and key not in token.key_digest
    assert token.name == "Bảng tính tổng hợp của Ban" and key.startswith(token.prefix)
    again = client.get(reverse("profile")).content.decode()
    assert key not in again and token.prefix in again  # listed by its prefix, never shown again
    assert AuditEvent.objects.filter(verb="api_token.create", object_id=str(token.pk), actor=officer).exists()
    api = client.get(reverse("api_units"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_key_needs_a_name(client_for, officer):
    response = client_for(officer).post(reverse("api_token_new"), {"name": "  "})
    assert response.status_code == 400
    assert "Hãy đặt tên cho khóa" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_profile_page(client_for, officer, client):
    token, key = api_token_create(user=officer, name="Power BI")
    response = client_for(officer).post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert "Đã thu hồi khóa “Power BI”" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="api_token.revoke", object_id=str(token.pk)).count() == 1
    client.logout()
    assert client.get(reverse("api_units"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_only_the_owner_revokes(client_for, officer, sibling):
    token, _key = api_token_create(user=officer, name="Power BI")
    assert client_for(sibling).post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    with pytest.raises(ServiceError):
        api_token_revoke(token=token, actor=sibling)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_members_have_no_keys(client_for, member):
    client = client_for(member)
    assert "Khóa API" not in client.get(reverse("profile")).content.decode()
    assert client.post(reverse("api_token_new"), {"name": "Thử"}).status_code == 403
    with pytest.raises(ServiceError):
        api_token_create(user=member, name="Thử")
