"""Login lockout per account (accounts/lockout.py): every identifier counts against one account,
per address and over all addresses, one address limited across accounts; officers unlock."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from unions.models import Membership

from .factories import PASSWORD, UserFactory

LOCKED = "Tạm khóa đăng nhập"
WRONG = "sai-mat-khau"


@pytest.fixture(autouse=True)
def _clean_axes(db):
    from axes.models import AccessAttempt, AccessFailureLog

    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()


def _login(client, login, password=WRONG, ip="203.0.113.10"):
    return client.post(reverse("login"), {"username": login, "password": password}, REMOTE_ADDR=ip)


def _signed_in(response):
    return response.status_code == 302


@pytest.mark.parametrize("login", ["member", "0901000005", "+84 901 000 005", "member@example.org"])
def test_username_phone_plus84_and_email_count_against_one_account(client, member, login):
    for typed in ["member", "0901000005", "+84901000005", "MEMBER@example.org", "+84 901-000-005"]:
        _login(client, typed)
    response = _login(client, login, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body and "sai mật khẩu 5 lần" in body
    assert "Còn khoảng 15 phút nữa" in body


def test_a_second_address_is_not_locked_by_five_and_does_not_reset_the_first(client, member):
    for _ in range(5):
        _login(client, "0901000005", ip="203.0.113.10")
    assert _login(client, "member", PASSWORD, ip="203.0.113.10").status_code == 429
    # The owner at another address still signs in: a stranger's five tries do not lock them out.
    assert _signed_in(_login(client, "member@example.org", PASSWORD, ip="198.51.100.7"))
    client.post(reverse("logout"))
    # ...and that sign-in did not reset the first address's count.
    assert _login(client, "+84 901 000 005", PASSWORD, ip="203.0.113.10").status_code == 429


def test_twenty_failures_spread_over_addresses_lock_the_account_everywhere(client, member):
    for n in range(5):
        for login in ["member", "0901000005", "+84901000005", "member@example.org"]:  # 4 per address
            _login(client, login, ip=f"192.0.2.{n + 1}")
    response = _login(client, "member", PASSWORD, ip="198.51.100.99")  # a fresh address
    assert response.status_code == 429
    body = response.content.decode()
    assert "từ nhiều nơi" in body and "ở mọi thiết bị" in body


def test_one_address_spraying_many_accounts_is_locked(client, member, officer, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        _login(client, f"nguoi-dung-{n}", ip="203.0.113.66")  # one try on each of 8 accounts
    response = _login(client, "officer", PASSWORD, ip="203.0.113.66")
    assert response.status_code == 429
    assert "Từ mạng này" in response.content.decode()
    assert _signed_in(_login(client, "officer", PASSWORD, ip="198.51.100.1"))


def test_limits_come_from_the_settings(client, member, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    for n in range(6):
        _login(client, "member", ip=f"192.0.2.{n + 1}")
    assert _login(client, "member", PASSWORD, ip="198.51.100.2").status_code == 429


def _membership(member):
    return Membership.objects.get(user=member)


def test_officer_unlocks_a_member_of_their_unit(client, client_for, personas, tree):
    for _ in range(5):
        _login(client, "member")
    page = client_for(personas.officer).get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    unlock_url = reverse("member_login_unlock", args=[tree.officer_unit.pk, _membership(personas.member).pk])
    assert unlock_url in page and "Mở khóa đăng nhập" in page
    response = client.post(unlock_url)
    assert response.status_code == 302
    assert "Đã mở khóa đăng nhập cho Hoàng Văn Nam." in client.get(response.url).content.decode()
    event = AuditEvent.objects.get(verb="account.unlocked")
    assert event.actor == personas.officer and event.object_id == str(personas.member.pk)
    client.post(reverse("logout"))
    assert _signed_in(_login(client, "member", PASSWORD))


def test_unit_page_shows_no_unlock_button_for_members_not_locked(client_for, personas, tree):
    client = client_for(personas.officer)
    page = client.get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    assert "Mở khóa đăng nhập" not in page


def test_sibling_officer_cannot_unlock_and_hq_can(client, client_for, personas, tree):
    url = reverse("member_login_unlock", args=[tree.officer_unit.pk, _membership(personas.member).pk])
    assert client_for(personas.sibling).post(url).status_code == 404
    assert client_for(personas.hq).post(url).status_code == 302
    assert AuditEvent.objects.filter(verb="account.unlocked", actor=personas.hq).exists()


def test_an_officer_cannot_unlock_a_fellow_officer(client, client_for, personas, tree):
    from unions.models import Role

    colleague = UserFactory(username="pho-chu-tich", full_name="Đỗ Minh Tuấn")
    membership = Membership.objects.create(user=colleague, union=tree.officer_unit, status=Membership.Status.ACTIVE)
    Role.objects.create(user=colleague, union=tree.officer_unit, kind=Role.Kind.OFFICER)
    response = client_for(personas.officer).post(
        reverse("member_login_unlock", args=[tree.officer_unit.pk, membership.pk]), follow=True)
    assert "Không thể mở khóa cho người này" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="account.unlocked").exists()
