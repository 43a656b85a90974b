"""Joining a unit: invite link and QR, registration, the officer's decision, signing in;
adding members one by one; granting and revoking roles."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from unions.models import Membership, Role, Union
from unions.services import union_recount_members

from .factories import MembershipFactory, UnionFactory

PASSWORD = "Lan-Tỏa-2025!"


def registration(**overrides):
    data = {
        "full_name": "Trịnh Thị Hồng Vân",
        "phone": "+84 977 123 456",
        "email": "Hong.Van@Example.VN",
        "member_code": "MAY10-00777",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def invite_token(client, unit):
    """The token shown on the unit's page (creating it on first view)."""
    client.get(reverse("unit_detail", args=[unit.pk]))
    return Union.objects.get(pk=unit.pk).invite_token


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def audit_count(verb):
    return AuditEvent.objects.filter(verb=verb).count()


def register(client, token, **overrides):
    return client.post(reverse("join", args=[token]), registration(**overrides))


# --- invite link and QR -------------------------------------------------------------------------


@pytest.mark.django_db
def test_unit_page_shows_invite_url_and_qr(personas, tree, client_for):
    client = client_for(personas.officer)
    body = client.get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    token = Union.objects.get(pk=tree.officer_unit.pk).invite_token
    assert token and len(token) >= 40
    invite_url = settings.SITE_URL + reverse("join", args=[token])
    assert f'data-testid="invite-url">{invite_url}</code>' in body
    assert reverse("invite_qr", args=[tree.officer_unit.pk]) in body
    # The token is stable across views.
    client.get(reverse("unit_detail", args=[tree.officer_unit.pk]))
    assert Union.objects.get(pk=tree.officer_unit.pk).invite_token == token

    response = client.get(reverse("invite_qr", args=[tree.officer_unit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"<path" in response.content
    assert response["Cache-Control"] == "private, max-age=300"


@pytest.mark.django_db
def test_upper_level_unit_page_has_no_invite(personas, tree, client_for):
    body = client_for(personas.upper).get(reverse("unit_detail", args=[tree.upper.pk])).content.decode()
    assert 'data-testid="invite-url"' not in body
    assert Union.objects.get(pk=tree.upper.pk).invite_token is None


@pytest.mark.django_db
def test_upper_level_unit_has_no_invite_link_qr_or_reset(personas, tree, client, client_for):
    """Invites are per grassroots union: the QR and reset URLs of an upper unit are 404, and an old
    token of an upper unit registers nobody."""
    upper = client_for(personas.upper)
    assert upper.get(reverse("invite_qr", args=[tree.upper.pk])).status_code == 404
    assert upper.post(reverse("invite_reset", args=[tree.upper.pk])).status_code == 404
    assert Union.objects.get(pk=tree.upper.pk).invite_token is None
    Union.objects.filter(pk=tree.upper.pk).update(invite_token="cu-cap-tren")
    client.logout()
    assert client.get(reverse("join", args=["cu-cap-tren"])).status_code == 404


@pytest.mark.django_db
def test_invite_reset_kills_the_old_link(personas, tree, client, client_for):
    officer = client_for(personas.officer)
    old = invite_token(officer, tree.officer_unit)
    old_qr = officer.get(reverse("invite_qr", args=[tree.officer_unit.pk])).content

    assert officer.get(reverse("invite_reset", args=[tree.officer_unit.pk])).status_code == 405
    response = officer.post(reverse("invite_reset", args=[tree.officer_unit.pk]), follow=True)
    assert "Đã tạo đường dẫn mời mới; đường dẫn cũ không còn dùng được." in messages_of(response)
    new = Union.objects.get(pk=tree.officer_unit.pk).invite_token
    assert new and new != old
    assert settings.SITE_URL + reverse("join", args=[new]) in response.content.decode()
    assert officer.get(reverse("invite_qr", args=[tree.officer_unit.pk])).content != old_qr
    event = AuditEvent.objects.get(verb="union.invite_reset")
    assert (event.actor, event.unit_id) == (personas.officer, tree.officer_unit.pk)

    client.logout()
    assert client.get(reverse("join", args=[old])).status_code == 404
    assert client.post(reverse("join", args=[old]), registration()).status_code == 404
    assert client.get(reverse("join", args=[new])).status_code == 200
    assert not User.objects.filter(phone="0977123456").exists()


@pytest.mark.django_db
def test_sibling_cannot_reset_or_see_the_invite(personas, tree, client_for):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    sibling = client_for(personas.sibling)
    assert sibling.post(reverse("invite_reset", args=[tree.officer_unit.pk])).status_code == 404
    assert sibling.get(reverse("invite_qr", args=[tree.officer_unit.pk])).status_code == 404
    assert Union.objects.get(pk=tree.officer_unit.pk).invite_token == token


@pytest.mark.django_db
def test_join_unknown_token_or_dissolved_unit_is_404(personas, tree, client, client_for):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    assert client.get(reverse("join", args=["khong-co-ma-nay"])).status_code == 404
    Union.objects.filter(pk=tree.officer_unit.pk).update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get(reverse("join", args=[token])).status_code == 404


# --- registration -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registration_creates_user_and_pending_membership(personas, tree, client, client_for):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    page = client.get(reverse("join", args=[token]))
    assert page.status_code == 200
    assert "Công đoàn Tổng Công ty May 10" in page.content.decode()

    response = register(client, token)
    assert response.status_code == 200
    assert "Đã gửi đăng ký" in response.content.decode()

    user = User.objects.get(phone="0977123456")
    assert (user.full_name, user.email) == ("Trịnh Thị Hồng Vân", "hong.van@example.vn")
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert membership.union == tree.officer_unit
    assert membership.status == Membership.Status.PENDING
    assert membership.member_code == "MAY10-00777"
    assert membership.joined_on is None and membership.decided_by is None
    event = AuditEvent.objects.get(verb="member.registered")
    assert (event.actor, event.unit_id) == (user, tree.officer_unit.pk)
    union_recount_members(union_id=tree.officer_unit.pk)
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 1  # a pending registration is not counted

    # The officer sees it waiting.
    body = client_for(personas.officer).get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    assert "Đăng ký chờ duyệt" in body and "Trịnh Thị Hồng Vân" in body
    assert reverse("membership_decide", args=[tree.officer_unit.pk, membership.pk, "approve"]) in body


@pytest.mark.django_db
def test_registration_needs_consent(personas, tree, client, client_for):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    response = register(client, token, consent=None)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert 'id="id_consent" class="form-check-input is-invalid"' in response.content.decode()
    assert not User.objects.filter(phone="0977123456").exists()
    assert not Membership.objects.filter(union=tree.officer_unit, status=Membership.Status.PENDING).exists()


@pytest.mark.django_db
def test_password_mismatch_is_a_form_error_and_keeps_typed_values(personas, tree, client, client_for):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    response = register(client, token, password2="Lan-Tỏa-2026!")
    body = response.content.decode()
    assert "Hai mật khẩu không khớp." in body
    assert 'value="Trịnh Thị Hồng Vân"' in body
    assert 'value="0977123456"' in body or 'value="+84 977 123 456"' in body
    assert 'value="hong.van@example.vn"' in body or 'value="Hong.Van@Example.VN"' in body
    assert 'value="MAY10-00777"' in body
    assert PASSWORD not in body  # passwords are never echoed back
    assert not User.objects.filter(phone="0977123456").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "0901 000 005", "Số điện thoại này đã có tài khoản."),  # the member persona's
        ("email", "MEMBER@example.org", "Email này đã có tài khoản."),
    ],
)
def test_existing_contact_is_a_form_error_and_keeps_typed_values(
    personas, tree, client, client_for, field, value, message
):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    users = User.objects.count()
    response = register(client, token, **{field: value})
    body = response.content.decode()
    assert message in body
    assert 'value="Trịnh Thị Hồng Vân"' in body and 'value="MAY10-00777"' in body
    assert User.objects.count() == users
    assert not Membership.objects.filter(status=Membership.Status.PENDING).exists()


@pytest.mark.django_db
def test_bad_phone_and_missing_contact(personas, tree, client, client_for):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    body = register(client, token, phone="12345").content.decode()
    assert "Số điện thoại không hợp lệ (ví dụ: 0912345678)." in body
    body = register(client, token, phone="", email="").content.decode()
    assert "Cần nhập số điện thoại hoặc email." in body
    assert not Membership.objects.filter(status=Membership.Status.PENDING).exists()


# --- the officer decides ------------------------------------------------------------------------


def pending_registration(client, client_for, personas, tree, **overrides):
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    register(client, token, **overrides)
    return Membership.objects.get(union=tree.officer_unit, status=Membership.Status.PENDING)


def decide(client, unit, membership, decision, **kwargs):
    return client.post(reverse("membership_decide", args=[unit.pk, membership.pk, decision]), **kwargs)


@pytest.mark.django_db
def test_officer_approves_a_registration(personas, tree, client, client_for, django_capture_on_commit_callbacks):
    membership = pending_registration(client, client_for, personas, tree)
    officer = client_for(personas.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(officer, tree.officer_unit, membership, "approve", follow=True)
    assert "Đã duyệt Trịnh Thị Hồng Vân vào đơn vị." in messages_of(response)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == personas.officer
    assert membership.joined_on == timezone.localdate()
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 2  # the persona member and the new one
    event = AuditEvent.objects.get(verb="member.approved")
    assert (event.actor, event.unit_id, event.data) == (
        personas.officer, tree.officer_unit.pk, {"user": membership.user_id}
    )
    body = response.content.decode()
    assert "Đăng ký chờ duyệt" not in body
    assert "Trịnh Thị Hồng Vân" in body  # now in the member list

    # Approving twice: a warning, nothing changes.
    decided_at = membership.decided_at
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(officer, tree.officer_unit, membership, "approve", follow=True)
    assert "Đăng ký này đã được xử lý." in messages_of(response)
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    membership.refresh_from_db()
    assert (membership.status, membership.decided_at) == (Membership.Status.ACTIVE, decided_at)
    assert audit_count("member.approved") == 1
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 2
    # Nor can it be rejected afterwards.
    decide(officer, tree.officer_unit, membership, "reject")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert audit_count("member.rejected") == 0


@pytest.mark.django_db
def test_officer_rejects_a_registration(personas, tree, client, client_for, django_capture_on_commit_callbacks):
    membership = pending_registration(client, client_for, personas, tree)
    officer = client_for(personas.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(officer, tree.officer_unit, membership, "reject", follow=True)
    assert "Đã từ chối đăng ký của Trịnh Thị Hồng Vân." in messages_of(response)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED
    assert membership.decided_by == personas.officer and membership.joined_on is None
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 1
    assert AuditEvent.objects.get(verb="member.rejected").actor == personas.officer
    assert "Đăng ký chờ duyệt" not in response.content.decode()

    response = decide(officer, tree.officer_unit, membership, "approve", follow=True)
    assert "Đăng ký này đã được xử lý." in messages_of(response)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED
    assert audit_count("member.approved") == 0


@pytest.mark.django_db
def test_decisions_are_post_only_scoped_and_named(personas, tree, client, client_for):
    membership = pending_registration(client, client_for, personas, tree)
    officer = client_for(personas.officer)
    url = reverse("membership_decide", args=[tree.officer_unit.pk, membership.pk, "approve"])
    assert officer.get(url).status_code == 405
    assert decide(officer, tree.officer_unit, membership, "maybe").status_code == 404
    # A membership of the unit looked up through another unit's URL.
    assert decide(client_for(personas.upper), tree.sibling_unit, membership, "approve").status_code == 404
    assert decide(client_for(personas.sibling), tree.officer_unit, membership, "approve").status_code == 404
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


# --- signing in ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["0977123456", "+84 977 123 456", "hong.van@example.vn", "HONG.VAN@example.vn"])
def test_new_member_signs_in_with_phone_or_email(personas, tree, client, client_for, login):
    membership = pending_registration(client, client_for, personas, tree)
    client.logout()
    response = client.post(reverse("login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(membership.user_id)
    assert "Trịnh Thị Hồng Vân" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_wrong_password_does_not_sign_in(personas, tree, client, client_for):
    pending_registration(client, client_for, personas, tree)
    client.logout()
    response = client.post(reverse("login"), {"username": "0977123456", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Thông tin đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- adding members one by one ------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_adds_a_member(personas, tree, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.officer)
    assert client.get(reverse("member_add", args=[tree.officer_unit.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("member_add", args=[tree.officer_unit.pk]),
            {"full_name": "Phan Văn Đức", "phone": "0977.555.666", "email": "", "member_code": "MAY10-00555"},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == reverse("unit_detail", args=[tree.officer_unit.pk])
    assert "Đã thêm đoàn viên Phan Văn Đức." in messages_of(response)
    user = User.objects.get(phone="0977555666")
    assert user.full_name == "Phan Văn Đức" and user.email is None
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.union, membership.status, membership.member_code, membership.decided_by) == (
        tree.officer_unit, Membership.Status.ACTIVE, "MAY10-00555", personas.officer
    )
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 2
    event = AuditEvent.objects.get(verb="member.added")
    assert event.data == {"user": user.pk, "new_user": True}
    assert "Phan Văn Đức" in response.content.decode()


@pytest.mark.django_db
def test_adding_someone_from_another_unit_reuses_their_account(personas, tree, client_for):
    elsewhere = MembershipFactory(union=tree.sibling_unit, user__phone="0977555666", user__full_name="Phan Văn Đức")
    users = User.objects.count()
    client_for(personas.officer).post(
        reverse("member_add", args=[tree.officer_unit.pk]),
        {"full_name": "Phan Văn Đức", "phone": "+84977555666"},
    )
    assert User.objects.count() == users
    assert Membership.objects.filter(user=elsewhere.user, status=Membership.Status.ACTIVE).count() == 2
    assert AuditEvent.objects.get(verb="member.added").data["new_user"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.PENDING])
def test_adding_a_duplicate_member_is_a_form_error(personas, tree, client_for, status):
    Membership.objects.filter(user=personas.member).update(status=status)
    memberships = Membership.objects.count()
    response = client_for(personas.officer).post(
        reverse("member_add", args=[tree.officer_unit.pk]),
        {"full_name": "Hoàng Văn Nam", "phone": "0901 000 005", "member_code": "MAY10-00009"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Người này đã là đoàn viên (hoặc đang chờ duyệt) của đơn vị." in body
    assert 'value="Hoàng Văn Nam"' in body and 'value="MAY10-00009"' in body
    assert Membership.objects.count() == memberships
    assert Membership.objects.get(user=personas.member).member_code == "MAY10-00001"
    assert not AuditEvent.objects.filter(verb="member.added").exists()


@pytest.mark.django_db
def test_a_rejected_person_can_be_added_by_the_officer(personas, tree, client_for):
    Membership.objects.filter(user=personas.member).update(status=Membership.Status.REJECTED)
    client_for(personas.officer).post(
        reverse("member_add", args=[tree.officer_unit.pk]), {"full_name": "Hoàng Văn Nam", "email": "member@example.org"}
    )
    membership = Membership.objects.get(user=personas.member)
    assert membership.status == Membership.Status.ACTIVE and membership.decided_by == personas.officer


@pytest.mark.django_db
def test_member_add_form_errors(personas, tree, client_for):
    client = client_for(personas.officer)
    url = reverse("member_add", args=[tree.officer_unit.pk])
    body = client.post(url, {"full_name": "Phan Văn Đức", "phone": "0977"}).content.decode()
    assert "Số điện thoại không hợp lệ (ví dụ: 0912345678)." in body
    body = client.post(url, {"full_name": "Phan Văn Đức"}).content.decode()
    assert "Cần nhập số điện thoại hoặc email." in body
    assert not User.objects.filter(full_name="Phan Văn Đức").exists()


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hq_grants_and_revokes_a_role(personas, tree, client_for):
    client = client_for(personas.hq)
    url = reverse("role_grant", args=[tree.officer_unit.pk])
    response = client.post(url, {"login": "0901 000 005", "kind": Role.Kind.EDITOR}, follow=True)
    assert "Đã giao vai trò." in messages_of(response)
    role = Role.objects.get(user=personas.member, union=tree.officer_unit)
    assert (role.kind, role.granted_by) == (Role.Kind.EDITOR, personas.hq)
    assert "Hoàng Văn Nam — Biên tập viên" in response.content.decode()
    event = AuditEvent.objects.get(verb="role.granted")
    assert (event.actor, event.unit_id, event.data) == (
        personas.hq, tree.officer_unit.pk, {"user": personas.member.pk, "kind": "editor"}
    )

    # Granting the same role again changes nothing.
    client.post(url, {"login": "member@example.org", "kind": Role.Kind.EDITOR})
    assert Role.objects.filter(user=personas.member).count() == 1
    assert audit_count("role.granted") == 1

    # The member now reaches the unit's officer pages.
    member_client = client_for(personas.member)
    assert member_client.get(reverse("unit_detail", args=[tree.officer_unit.pk])).status_code == 200

    client = client_for(personas.hq)
    response = client.post(reverse("role_revoke", args=[tree.officer_unit.pk, role.pk]), follow=True)
    assert "Đã thu hồi vai trò." in messages_of(response)
    assert not Role.objects.filter(pk=role.pk).exists()
    event = AuditEvent.objects.get(verb="role.revoked")
    assert (event.actor, event.data) == (personas.hq, {"user": personas.member.pk, "kind": "editor"})
    assert client_for(personas.member).get(reverse("unit_detail", args=[tree.officer_unit.pk])).status_code == 403


@pytest.mark.django_db
def test_grant_to_unknown_account_shows_an_error(personas, tree, client_for):
    response = client_for(personas.hq).post(
        reverse("role_grant", args=[tree.officer_unit.pk]), {"login": "0999999999", "kind": Role.Kind.OFFICER},
        follow=True,
    )
    assert "Không tìm thấy tài khoản này." in messages_of(response)
    assert not AuditEvent.objects.filter(verb="role.granted").exists()


@pytest.mark.django_db
def test_officer_without_admin_role_cannot_grant_or_revoke(personas, tree, client_for):
    client = client_for(personas.officer)
    page = client.get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    assert reverse("role_grant", args=[tree.officer_unit.pk]) not in page
    response = client.post(
        reverse("role_grant", args=[tree.officer_unit.pk]), {"login": "0901000005", "kind": Role.Kind.ADMIN}
    )
    assert response.status_code == 403
    assert not Role.objects.filter(user=personas.member).exists()
    own_role = Role.objects.get(user=personas.officer)
    response = client.post(reverse("role_revoke", args=[tree.officer_unit.pk, own_role.pk]))
    assert response.status_code == 404
    assert Role.objects.filter(pk=own_role.pk).exists()
    assert not AuditEvent.objects.filter(verb__startswith="role.").exists()


@pytest.mark.django_db
def test_role_revoke_through_another_units_url_is_404(personas, tree, client_for):
    role = Role.objects.get(user=personas.sibling)
    response = client_for(personas.hq).post(reverse("role_revoke", args=[tree.officer_unit.pk, role.pk]))
    assert response.status_code == 404
    assert Role.objects.filter(pk=role.pk).exists()


@pytest.mark.django_db
def test_invite_link_of_a_new_grassroots_unit(personas, tree, client, client_for):
    """A unit created later gets its own link; registrations land in that unit only."""
    new_unit = UnionFactory(parent=tree.officer_unit.parent, name="Công đoàn Công ty May Đức Giang")
    token = invite_token(client_for(personas.upper), new_unit)
    assert token != invite_token(client_for(personas.upper), tree.officer_unit)
    client.logout()
    register(client, token)
    assert Membership.objects.get(user__phone="0977123456").union == new_unit


# --- the Django admin: approvals and unit edits there are audited too ---------------------------


@pytest.mark.django_db
def test_approving_a_registration_in_the_admin_is_audited_and_recounted(
    personas, tree, client_for, django_capture_on_commit_callbacks
):
    pending = MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING, member_code="MAY10-9")
    client = client_for(personas.hq)
    url = reverse("admin:unions_membership_change", args=[pending.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "user": pending.user_id, "union": tree.officer_unit.pk, "member_code": "MAY10-9",
            "status": Membership.Status.ACTIVE, "joined_on": "", "decided_at_0": "", "decided_at_1": "",
            "decided_by": "",
        })
    assert response.status_code == 302, response.content.decode()[:3000]
    # The admin approves through the portal's service: the same audit row as the unit page.
    event = AuditEvent.objects.get(verb="member.approved")
    assert (event.actor, event.unit_id) == (personas.hq, tree.officer_unit.pk)
    assert not AuditEvent.objects.filter(verb="member.changed_in_admin").exists()
    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE and pending.decided_by == personas.hq
    assert Union.objects.get(pk=tree.officer_unit.pk).member_count == 2


@pytest.mark.django_db
def test_moving_a_unit_in_the_admin_is_audited(personas, tree, client_for):
    client = client_for(personas.hq)
    unit = tree.sibling_unit
    response = client.post(reverse("admin:unions_union_change", args=[unit.pk]), {
        "parent": tree.root.pk, "name": unit.name, "short_name": "", "code": unit.code, "level": unit.level,
        "unit_type": unit.unit_type, "valid_from": "", "valid_to": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Union.objects.get(pk=unit.pk).parent_id == tree.root.pk
    event = AuditEvent.objects.get(verb="union.changed_in_admin")
    assert (event.actor, event.object_id, event.data["fields"]) == (personas.hq, str(unit.pk), ["parent"])


# --- the officer is told about a registration ---------------------------------------------------


def _notifications(user):
    from notifications.models import Notification

    return list(Notification.objects.filter(recipient=user))


@pytest.mark.django_db
def test_a_registration_notifies_the_units_officers_with_a_link_to_the_pending_list(
    personas, tree, client, client_for, django_capture_on_commit_callbacks
):
    from django.core import mail

    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        assert register(client, token).status_code == 200
    (note,) = _notifications(personas.officer)
    assert note.title == "Đăng ký đoàn viên mới chờ duyệt: Trịnh Thị Hồng Vân"
    assert "Trịnh Thị Hồng Vân vừa đăng ký làm đoàn viên của Công đoàn Tổng Công ty May 10" in note.body
    assert note.url == reverse("unit_detail", args=[tree.officer_unit.pk]) + "#pending"
    assert note.category == "account"
    (email,) = mail.outbox
    assert email.to == [personas.officer.email]
    assert "Đăng ký đoàn viên mới chờ duyệt: Trịnh Thị Hồng Vân" in email.subject
    assert settings.SITE_URL + note.url in email.body
    # Only the unit's own officers: not the upper union, not the sibling, not the registrant.
    assert not any(_notifications(u) for u in (personas.upper, personas.sibling, personas.hq, personas.member))

    # The link opens the unit page at the pending list, where the registration waits.
    officer_client = client_for(personas.officer)
    response = officer_client.post(reverse("notification_open", args=[note.pk]))
    assert response.url == note.url
    page = officer_client.get(response.url).content.decode()
    assert 'id="pending"' in page and "Trịnh Thị Hồng Vân" in page


@pytest.mark.django_db
def test_a_unit_without_officers_has_its_registrations_announced_to_the_nearest_officers_above(
    personas, tree, client, client_for, django_capture_on_commit_callbacks
):
    new_unit = UnionFactory(parent=tree.upper, name="Công đoàn Công ty May Đức Giang")
    token = invite_token(client_for(personas.upper), new_unit)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        register(client, token)
    assert [n.url for n in _notifications(personas.upper)] == [reverse("unit_detail", args=[new_unit.pk]) + "#pending"]
    assert not _notifications(personas.officer) and not _notifications(personas.hq)


@pytest.mark.django_db
def test_a_registration_notice_is_in_each_officers_language(
    personas, tree, client, client_for, django_capture_on_commit_callbacks
):
    """The English text comes from the catalogue (English once the branch's translations are merged);
    the Vietnamese stays Vietnamese whatever language the registrant reads in."""
    from django.core import mail
    from django.utils import translation

    User.objects.filter(pk=personas.officer.pk).update(language="en")
    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        register(client, token)
    (note,) = _notifications(personas.officer)
    assert note.title == "Đăng ký đoàn viên mới chờ duyệt: Trịnh Thị Hồng Vân"
    with translation.override("en"):
        english = translation.gettext("Đăng ký đoàn viên mới chờ duyệt: %(name)s") % {"name": "Trịnh Thị Hồng Vân"}
    assert note.title_en == ("" if english == note.title else english)
    (email,) = mail.outbox
    assert (english if note.title_en else note.title) in email.subject


@pytest.mark.django_db
def test_a_refused_registration_notifies_nobody(personas, tree, client, client_for, django_capture_on_commit_callbacks):
    from django.core import mail

    token = invite_token(client_for(personas.officer), tree.officer_unit)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        register(client, token, phone=personas.member.phone)  # an existing account: a form error
    assert not _notifications(personas.officer) and not mail.outbox
