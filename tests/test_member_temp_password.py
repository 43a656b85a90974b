"""An officer gives a member a temporary password (members imported with a phone number only have
no other way in: password reset is by email), and the member must then choose their own."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.passwords import ALPHABET
from audit.models import AuditEvent
from unions.models import ImportBatch, Level, Membership, Role

from .factories import PASSWORD, MembershipFactory, RoleFactory, UnionFactory, UserFactory

TEMP = re.compile(r'data-testid="temp-password">([a-z0-9-]+)<')
PHONE = "0912 777 001"


def import_phone_only_member(client, unit, name="Trần Thị Mai", phone=PHONE):
    out = io.StringIO()
    csv.writer(out).writerows([["Họ và tên", "Số điện thoại", "Email", "Mã đoàn viên"], [name, phone, "", "MAY10-777"]])
    upload = SimpleUploadedFile("doan-vien.csv", out.getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("member_import", args=[unit.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:1000]
    batch = ImportBatch.objects.latest("pk")
    assert client.post(reverse("import_batch", args=[unit.pk, batch.pk])).status_code == 302
    return Membership.objects.get(union=unit, user__full_name=name)


def url(unit, membership):
    return reverse("member_temp_password", args=[unit.pk, membership.pk])


def issue(client, unit, membership):
    response = client.post(url(unit, membership))
    assert response.status_code == 200, response.content.decode()[:2000]
    match = TEMP.search(response.content.decode())
    assert match, "the password is on the page"
    return match.group(1), response


def sign_in(client, login, password):
    return client.post(reverse("login"), {"username": login, "password": password})


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
def test_phone_only_imported_member_gets_a_temporary_password_signs_in_and_must_set_their_own(
    personas, tree, client, client_for
):
    officer = client_for(personas.officer)
    membership = import_phone_only_member(officer, tree.officer_unit)
    person = membership.user
    assert person.email is None and not person.has_usable_password()

    # The unit page links to the action for the member.
    page = officer.get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    assert url(tree.officer_unit, membership) in page
    assert "Cấp mật khẩu tạm cho Trần Thị Mai" in page
    confirm = officer.get(url(tree.officer_unit, membership))
    assert confirm.status_code == 200
    assert "Trần Thị Mai" in confirm.content.decode() and "0912777001" in confirm.content.decode()
    assert not TEMP.search(confirm.content.decode())  # nothing issued by looking

    password, response = issue(officer, tree.officer_unit, membership)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    assert set(password.replace("-", "")) <= set(ALPHABET) and not set("01lio") & set(password)
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Mật khẩu này chỉ hiện một lần" in body and "“0912777001”" in body

    person.refresh_from_db()
    assert person.must_change_password and person.check_password(password)
    assert password not in person.password  # only the hash

    event = AuditEvent.objects.get(verb="account.temp_password_issued")
    assert event.actor == personas.officer and event.object_id == str(person.pk)
    assert event.unit_id == tree.officer_unit.pk
    assert event.data == {"user": person.pk, "membership": membership.pk, "replaced_own_password": False}
    stored = json.dumps([list(AuditEvent.objects.values()), list(User.objects.values())], default=str)
    assert password not in stored and password.replace("-", "") not in stored

    # The member signs in by phone with it, typed as a phone keyboard does (capital first letter,
    # spaces instead of dashes), and lands on "set your own password".
    client.logout()
    typed = password.replace("-", " ").capitalize()
    response = sign_in(client, "0912777001", typed)
    assert response.status_code == 302 and signed_in_user_id(client) == str(person.pk)
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(reverse("password_set_own"))

    # Every other page sends them back there, keeping where they were going.
    for path in (reverse("home"), reverse("profile"), reverse("submission_mine"), reverse("notification_list")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{reverse('password_set_own')}?next={path}", path
    assert client.post(reverse("notification_mark_all_read")).url.startswith(reverse("password_set_own"))
    htmx = client.get(reverse("notification_list"), headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == reverse("password_set_own")

    page = client.get(reverse("password_set_own"))
    assert page.status_code == 200
    assert "Bạn vừa đăng nhập bằng mật khẩu tạm do cán bộ công đoàn cấp" in page.content.decode()

    # Errors keep them on the page; the temporary password itself is not a choice.
    set_url = f"{reverse('password_set_own')}?next=/accounts/profile/"
    response = client.post(set_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert "Hãy chọn mật khẩu khác với mật khẩu tạm." in response.content.decode()
    response = client.post(set_url, {"new_password1": "Hoa-sen-nở-2025", "new_password2": "khác"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.must_change_password

    response = client.post(set_url, {"new_password1": "Hoa-sen-nở-2025", "new_password2": "Hoa-sen-nở-2025"})
    assert response.status_code == 302 and response.url == "/accounts/profile/"
    person.refresh_from_db()
    assert not person.must_change_password and person.check_password("Hoa-sen-nở-2025")
    assert AuditEvent.objects.get(verb="account.password_set").data == {"replaced_temporary": True}
    # Still signed in, and the portal is open again.
    assert client.get(reverse("profile")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    # The set-password page is no back door: without a temporary password it is "change password".
    assert client.get(reverse("password_set_own")).url == reverse("password_change")

    # The temporary password is dead; the member's own one works.
    client.logout()
    assert sign_in(client, "0912777001", password).status_code == 200
    assert sign_in(client, "0912777001", "Hoa-sen-nở-2025").status_code == 302


@pytest.mark.django_db
def test_only_the_temporary_password_is_forgiving_about_case_and_spaces(personas, client):
    member = personas.member
    member.set_password("Abcd-efgh-jkmn")
    member.save()
    assert sign_in(client, "0901000005", "abcd efgh jkmn").status_code == 200
    assert signed_in_user_id(client) is None


@pytest.mark.django_db
def test_lost_password_a_new_temporary_one_replaces_the_old_and_signs_out_old_sessions(
    personas, tree, client_for, client
):
    from django.test import Client

    member_session = Client()
    member_session.force_login(personas.member, backend="accounts.backends.LoginBackend")
    assert member_session.get(reverse("profile")).status_code == 200
    officer = client_for(personas.officer)
    membership = Membership.objects.get(user=personas.member)

    confirm = officer.get(url(tree.officer_unit, membership)).content.decode()
    assert "Người này đã có mật khẩu riêng." in confirm
    first, _ = issue(officer, tree.officer_unit, membership)
    second, _ = issue(officer, tree.officer_unit, membership)
    assert first != second

    personas.member.refresh_from_db()
    assert not personas.member.check_password(PASSWORD)
    assert not personas.member.check_password(first)
    assert personas.member.check_password(second)
    events = AuditEvent.objects.filter(verb="account.temp_password_issued").order_by("pk")
    assert [e.data["replaced_own_password"] for e in events] == [True, False]
    # The session opened with the old password is over.
    assert member_session.get(reverse("profile")).url.startswith(reverse("login"))

    client.logout()
    assert sign_in(client, "member@example.org", PASSWORD).status_code == 200
    assert sign_in(client, "member@example.org", first).status_code == 200
    assert sign_in(client, "member@example.org", second).status_code == 302


@pytest.mark.django_db
def test_a_locked_out_member_can_sign_in_with_the_temporary_password_at_once(personas, tree, client, client_for):
    for _ in range(5):
        sign_in(client, "0901000005", "sai-mat-khau")
    assert sign_in(client, "0901000005", PASSWORD).status_code == 429  # locked out
    password, _ = issue(client_for(personas.officer), tree.officer_unit, Membership.objects.get(user=personas.member))
    client.logout()
    assert sign_in(client, "0901000005", password).status_code == 302


@pytest.mark.django_db
def test_sibling_gets_404_member_403_anonymous_sign_in(personas, tree, client, client_for):
    membership = Membership.objects.get(user=personas.member)
    target = url(tree.officer_unit, membership)
    assert client.get(target).url.startswith(reverse("login"))
    sibling = client_for(personas.sibling)
    assert sibling.get(target).status_code == 404
    assert sibling.post(target).status_code == 404
    # Nor through the sibling's own unit with the member's membership.
    assert sibling.post(url(tree.sibling_unit, membership)).status_code == 404
    assert client_for(personas.member).post(target).status_code == 403
    personas.member.refresh_from_db()
    assert personas.member.check_password(PASSWORD) and not personas.member.must_change_password
    assert not AuditEvent.objects.filter(verb="account.temp_password_issued").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["upper", "hq", "officer", "peer"])
def test_officer_cannot_issue_for_accounts_on_their_level_or_above(personas, tree, client_for, target):
    """``upper`` and ``hq`` hold roles above the officer, a peer officer on the same unit, and the
    officer is themself: all of them are members of the officer's unit here, and all are refused."""
    if target == "peer":
        user = UserFactory(full_name="Đinh Thị Lan")
        RoleFactory(user=user, union=tree.officer_unit, kind=Role.Kind.EDITOR)
    else:
        user = getattr(personas, target)
    membership = MembershipFactory(user=user, union=tree.officer_unit)
    client = client_for(personas.officer)

    page = client.get(url(tree.officer_unit, membership))
    assert page.status_code == 400
    assert "Không thể cấp mật khẩu tạm" in page.content.decode() or "Bạn không thể tự cấp" in page.content.decode()
    response = client.post(url(tree.officer_unit, membership))
    assert response.status_code == 400 and not TEMP.search(response.content.decode())
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.must_change_password
    assert not AuditEvent.objects.filter(verb="account.temp_password_issued").exists()


@pytest.mark.django_db
def test_the_rule_is_relative_upper_may_issue_for_the_officer_below_and_hq_for_upper(personas, tree, client_for):
    MembershipFactory(user=personas.officer, union=tree.officer_unit)
    membership = MembershipFactory(user=personas.upper, union=tree.officer_unit)
    password, _ = issue(client_for(personas.upper), tree.officer_unit,
                        Membership.objects.get(user=personas.officer))
    personas.officer.refresh_from_db()
    assert personas.officer.check_password(password)
    password, _ = issue(client_for(personas.hq), tree.officer_unit, membership)
    personas.upper.refresh_from_db()
    assert personas.upper.check_password(password)


@pytest.mark.django_db
def test_officer_of_a_unit_below_may_be_helped_but_not_one_with_a_role_elsewhere(personas, tree, client_for):
    section = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    below = MembershipFactory(user__full_name="Bùi Văn Tổ", union=tree.officer_unit)
    RoleFactory(user=below.user, union=section, kind=Role.Kind.OFFICER)
    elsewhere = MembershipFactory(user__full_name="Lò Thị Khác", union=tree.officer_unit)
    RoleFactory(user=elsewhere.user, union=UnionFactory(parent=tree.sibling_unit), kind=Role.Kind.OFFICER)
    client = client_for(personas.officer)
    issue(client, tree.officer_unit, below)
    assert client.post(url(tree.officer_unit, elsewhere)).status_code == 400


@pytest.mark.django_db
def test_pending_or_locked_accounts_are_not_given_one(personas, tree, client_for):
    client = client_for(personas.officer)
    pending = MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    assert client.post(url(tree.officer_unit, pending)).status_code == 404
    membership = Membership.objects.get(user=personas.member)
    User.objects.filter(pk=personas.member.pk).update(is_active=False)
    response = client.post(url(tree.officer_unit, membership))
    assert response.status_code == 400
    assert "Tài khoản này đã bị khóa" in response.content.decode()


@pytest.mark.django_db
def test_upper_officer_issues_through_a_unit_below(personas, tree, client_for):
    membership = Membership.objects.get(user=personas.member)
    password, _ = issue(client_for(personas.upper), tree.officer_unit, membership)
    assert AuditEvent.objects.get(verb="account.temp_password_issued").actor == personas.upper
    personas.member.refresh_from_db()
    assert personas.member.check_password(password)


@pytest.mark.django_db
def test_password_reset_by_email_also_ends_the_temporary_state(personas, tree, client, client_for, settings):
    from django.core import mail

    issue(client_for(personas.officer), tree.officer_unit, Membership.objects.get(user=personas.member))
    client.logout()
    client.post(reverse("password_reset"), {"email": "member@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Hoa-sen-nở-2025", "new_password2": "Hoa-sen-nở-2025"})
    personas.member.refresh_from_db()
    assert not personas.member.must_change_password and personas.member.check_password("Hoa-sen-nở-2025")


@pytest.mark.django_db
def test_unit_page_query_count_does_not_grow_with_members(personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.officer)
    detail = reverse("unit_detail", args=[tree.officer_unit.pk])
    client.get(detail)  # warm the session and the invite token
    with django_assert_max_num_queries(25) as few:
        client.get(detail)
    MembershipFactory.create_batch(30, union=tree.officer_unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(detail).content.decode()
    assert body.count("Cấp mật khẩu tạm cho ") == 31
