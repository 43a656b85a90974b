"""Signing in (username, phone, email), lockout, password reset, sign-out and the profile page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

from .factories import PASSWORD, UserFactory

WRONG_PASSWORD_TEXT = "Thông tin đăng nhập hoặc mật khẩu không đúng"
LOCKOUT_TEXT = "Tạm khóa đăng nhập"


def _login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def _signed_in_as(client):
    """The user the client's session belongs to (None when anonymous), as the home page shows it."""
    response = client.get(reverse("home"))
    return response.wsgi_request.user if response.wsgi_request.user.is_authenticated else None


@pytest.fixture(autouse=True)
def _clean_axes(db):
    """Lockout counters live in the database; start every test with none."""
    from axes.models import AccessAttempt, AccessFailureLog

    AccessAttempt.objects.all().delete()
    AccessFailureLog.objects.all().delete()


# --- Sign in ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "login",
    ["member", "MEMBER", "0901000005", "+84 901 000 005", "0901.000.005", "member@example.org", "Member@Example.org"],
)
def test_member_signs_in_with_username_phone_or_email(client, member, login):
    response = _login(client, login)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert _signed_in_as(client) == member
    home = client.get(reverse("home")).content.decode()
    assert "Xin chào, Hoàng Văn Nam!" in home


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in body
    assert "Số điện thoại, email hoặc tên đăng nhập" in body
    assert "Quên mật khẩu?" in body


def test_wrong_password_is_refused_with_a_vietnamese_message(client, member):
    response = _login(client, "0901000005", "sai-mat-khau")
    body = response.content.decode()
    assert response.status_code == 200
    assert WRONG_PASSWORD_TEXT in body
    assert "sau 5 lần sai, việc đăng nhập bị tạm khóa 15 phút" in body
    # What the member typed stays in the form; the password does not.
    assert 'value="0901000005"' in body
    assert "sai-mat-khau" not in body
    assert _signed_in_as(client) is None


def test_unknown_login_gets_the_same_message(client, member):
    body = _login(client, "0999999999", PASSWORD).content.decode()
    assert WRONG_PASSWORD_TEXT in body
    assert _signed_in_as(client) is None


def test_inactive_user_cannot_sign_in(client, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = _login(client, "member")
    assert response.status_code == 200
    assert _signed_in_as(client) is None


def test_signed_in_user_visiting_login_goes_home(client, member):
    client.force_login(member, backend="accounts.backends.LoginBackend")
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_next_parameter_is_followed_but_not_off_site(client, member):
    response = client.post(
        reverse("login") + "?next=/accounts/profile/",
        {"username": "member", "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response.url == "/accounts/profile/"
    client.post(reverse("logout"))
    response = client.post(
        reverse("login"), {"username": "member", "password": PASSWORD, "next": "https://evil.example.com/"}
    )
    assert response.url == reverse("home")


# --- Lockout ----------------------------------------------------------------------------------


def test_five_failures_lock_the_member_out_even_with_the_right_password(client, member):
    for _attempt in range(4):
        response = _login(client, "member", "sai-mat-khau")
        assert response.status_code == 200
        assert WRONG_PASSWORD_TEXT in response.content.decode()
    fifth = _login(client, "member", "sai-mat-khau")
    assert fifth.status_code == 429

    response = _login(client, "member", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKOUT_TEXT in body
    assert "tạm khóa 15 phút" in body
    assert _signed_in_as(client) is None


def test_lockout_counts_phone_forms_and_username_case_as_one_account(client, member):
    """Typing the same phone number five different ways must not give five times five tries."""
    for login in ["0901000005", "+84 901 000 005", "84901000005", "0901 000 005", "0901-000-005"]:
        _login(client, login, "sai-mat-khau")
    response = _login(client, "0901000005", PASSWORD)
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()


def test_lockout_does_not_touch_another_user_on_the_same_client(client, member, officer):
    for _attempt in range(5):
        _login(client, "member", "sai-mat-khau")
    assert _login(client, "member", PASSWORD).status_code == 429

    response = _login(client, "officer", PASSWORD)
    assert response.status_code == 302
    assert _signed_in_as(client) == officer


def test_successful_login_resets_the_failure_count(client, member):
    for _attempt in range(4):
        _login(client, "member", "sai-mat-khau")
    assert _login(client, "member", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert _login(client, "member", "sai-mat-khau").status_code == 200
    assert _login(client, "member", PASSWORD).status_code == 302


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_email_link_sets_a_new_password(client, member, settings):
    response = client.post(reverse("password_reset"), {"email": "Member@Example.org"})
    assert response.status_code == 302
    done = client.get(response.url).content.decode()
    assert "Đã gửi hướng dẫn" in done

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["member@example.org"]
    assert settings.SITE_NAME in message.subject
    assert "Đặt lại mật khẩu" in message.subject
    assert "Chào Hoàng Văn Nam," in message.body
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    link = match.group(1)

    # The link redirects to a page that hides the token, then shows the new-password form.
    response = client.get(link, follow=True)
    body = response.content.decode()
    assert "Đặt mật khẩu mới" in body
    form_url = response.redirect_chain[-1][0]
    new_password = "Hoa-sen-nở-2025"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert "Đã đổi mật khẩu" in client.get(response.url).content.decode()

    assert _login(client, "member", PASSWORD).status_code == 200  # old password no longer works
    assert _login(client, "member", new_password).status_code == 302
    assert _signed_in_as(client) == member

    # The link works once only.
    client.post(reverse("logout"))
    body = client.get(link, follow=True).content.decode()
    assert "Đường dẫn không còn hiệu lực" in body


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client, member):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert "Đã gửi hướng dẫn" in client.get(response.url).content.decode()
    assert mail.outbox == []


def test_member_added_by_an_officer_sets_a_first_password_through_the_reset_link(client, tree, officer):
    """Added or imported members have no password yet: the reset link is how they get one."""
    from unions import services

    membership = services.member_add(actor=officer, union=tree.officer_unit, full_name="Phan Văn Đức",
                                     email="duc@example.org")
    assert not membership.user.has_usable_password()
    assert client.post(reverse("password_reset"), {"email": "Duc@Example.org"}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["duc@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "Hoa-sen-nở-2025"
    assert client.post(form_url, {"new_password1": new_password, "new_password2": new_password}).status_code == 302
    assert _login(client, "duc@example.org", new_password).status_code == 302
    assert _signed_in_as(client) == membership.user


def test_password_reset_skips_inactive_accounts(client, member):
    member.is_active = False
    member.save(update_fields=["is_active"])
    client.post(reverse("password_reset"), {"email": "member@example.org"})
    assert mail.outbox == []


# --- Sign out ---------------------------------------------------------------------------------


def test_logout_is_a_post_and_lands_on_the_landing_page(client, member):
    assert _login(client, "member").status_code == 302
    # A link (GET) must not sign anyone out.
    assert client.get(reverse("logout")).status_code == 405
    assert _signed_in_as(client) == member

    response = client.post(reverse("logout"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert _signed_in_as(client) is None
    assert f'href="{reverse("login")}"' in body
    assert "Xin chào" not in body


def test_navbar_logout_button_posts_with_csrf(client, member):
    client.force_login(member, backend="accounts.backends.LoginBackend")
    body = client.get(reverse("home")).content.decode()
    logout = re.escape(reverse("logout"))
    form = re.search(rf'<form action="{logout}" method="post">(.*?)</form>', body, re.S)
    assert form, "the navbar has no sign-out form"
    assert "csrfmiddlewaretoken" in form.group(1)
    assert "Đăng xuất" in form.group(1)


# --- Profile ----------------------------------------------------------------------------------


def test_profile_requires_sign_in(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_profile_saves_name_phone_and_email(client_for, member):
    client = client_for(member)
    page = client.get(reverse("profile")).content.decode()
    assert "Hồ sơ cá nhân" in page
    assert 'value="Hoàng Văn Nam"' in page

    response = client.post(
        reverse("profile"),
        {"full_name": "Hoàng Văn Nam Anh", "phone": "+84 912 345 678", "email": "Nam.Anh@Example.org"},
        follow=True,
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("profile")
    assert "Đã lưu thông tin cá nhân." in body

    member.refresh_from_db()
    assert member.full_name == "Hoàng Văn Nam Anh"
    assert member.phone == "0912345678"
    assert member.email == "nam.anh@example.org"
    # The navbar shows the new name, and the new phone number signs in.
    assert "Hoàng Văn Nam Anh" in body
    client.post(reverse("logout"))
    assert _login(client, "0912 345 678").status_code == 302

    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="account.profile_updated").count() == 1


def test_profile_refuses_a_phone_used_by_someone_else(client_for, member):
    UserFactory(username="other", phone="0987654321", full_name="Đỗ Thị Lan")
    client = client_for(member)
    response = client.post(
        reverse("profile"),
        {"full_name": "Tên Mới", "phone": "0987 654 321", "email": "member@example.org"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Số điện thoại này đã được dùng cho tài khoản khác." in body
    # Nothing was saved, and what the member typed is still in the form.
    member.refresh_from_db()
    assert member.full_name == "Hoàng Văn Nam"
    assert member.phone == "0901000005"
    assert 'value="Tên Mới"' in body
    # The navbar still shows the saved name, not the rejected one.
    assert "Tên Mới</a>" not in body


def test_profile_refuses_an_email_used_by_someone_else_and_a_bad_phone(client_for, member, officer):
    client = client_for(member)
    body = client.post(
        reverse("profile"),
        {"full_name": "Hoàng Văn Nam", "phone": "12345", "email": officer.email.upper()},
    ).content.decode()
    assert "Email này đã được dùng cho tài khoản khác." in body
    assert "Số điện thoại không hợp lệ" in body
    member.refresh_from_db()
    assert member.email == "member@example.org"


def test_profile_may_clear_phone_and_email(client_for, member):
    client = client_for(member)
    response = client.post(reverse("profile"), {"full_name": "Hoàng Văn Nam", "phone": "", "email": ""})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone is None and member.email is None
    assert User.objects.filter(phone__isnull=True, email__isnull=True, pk=member.pk).exists()


def test_password_reset_lifts_the_lockout(client, member):
    """The lockout page tells a locked-out member to use "forgot password": that must let them in."""
    for login in ["0901000005", "member", "member@example.org"]:
        for _attempt in range(5):
            _login(client, login, "sai-mat-khau")
        assert _login(client, login, PASSWORD).status_code == 429
    locked_page = _login(client, "member", PASSWORD).content.decode()
    assert f'href="{reverse("password_reset")}"' in locked_page

    client.post(reverse("password_reset"), {"email": "member@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "Hoa-sen-nở-2025"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302

    for login in ["0901000005", "member", "member@example.org"]:
        assert _login(client, login, new_password).status_code == 302, login
        assert _signed_in_as(client) == member
        client.post(reverse("logout"))

    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="account.password_reset", object_id=str(member.pk)).count() == 1


def test_lockout_messages_follow_the_configured_limits(client, member, settings):
    from datetime import timedelta

    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    body = _login(client, "0901000005", "sai-mat-khau").content.decode()
    assert "sau 3 lần sai, việc đăng nhập bị tạm khóa 30 phút" in body
    for _attempt in range(2):
        response = _login(client, "0901000005", "sai-mat-khau")
    assert response.status_code == 429
    assert "sai mật khẩu 3 lần" in response.content.decode()
    assert "tạm khóa 30 phút" in response.content.decode()
