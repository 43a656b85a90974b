"""Adding one member never silently attaches an account the officer did not mean."""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from unions.models import Membership

from .factories import UserFactory


def add(client, unit, **data):
    return client.post(reverse("member_add", args=[unit.pk]), {"member_code": "", **data})


def field_errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.mark.django_db
def test_a_phone_of_an_account_with_another_name_is_a_form_error_and_attaches_nobody(personas, tree, client_for):
    stranger = UserFactory(full_name="Lý Thị Hoa", phone="0977000111", email="hoa@example.vn")
    memberships, users = Membership.objects.count(), User.objects.count()
    response = add(client_for(personas.officer), tree.officer_unit,
                   full_name="Phan Văn Đức", phone="0977 000 111", member_code="MAY10-00555")
    assert response.status_code == 200
    assert field_errors(response, "phone") == [
        "Số điện thoại này đã thuộc về một tài khoản mang họ tên khác. Hãy kiểm tra lại số điện thoại và họ tên "
        "(họ tên phải trùng với tài khoản đã có)."
    ]
    body = response.content.decode()
    assert 'value="Phan Văn Đức"' in body and 'value="MAY10-00555"' in body  # what was typed stays
    assert "Lý Thị Hoa" not in body  # the other account's name is not revealed
    assert (Membership.objects.count(), User.objects.count()) == (memberships, users)
    assert not stranger.memberships.exists()
    assert not AuditEvent.objects.filter(verb="member.added").exists()


@pytest.mark.django_db
def test_an_email_of_an_account_with_another_name_is_a_form_error(personas, tree, client_for):
    UserFactory(full_name="Lý Thị Hoa", phone="0977000111", email="hoa@example.vn")
    response = add(client_for(personas.officer), tree.officer_unit, full_name="Phan Văn Đức", email="HOA@example.vn")
    assert field_errors(response, "email") == [
        "Email này đã thuộc về một tài khoản mang họ tên khác. Hãy kiểm tra lại email và họ tên "
        "(họ tên phải trùng với tài khoản đã có)."
    ]
    assert not Membership.objects.filter(union=tree.officer_unit, user__email="hoa@example.vn").exists()


@pytest.mark.django_db
def test_phone_of_one_account_and_email_of_another_is_a_form_error(personas, tree, client_for):
    """The file import's rule, with its wording."""
    UserFactory(full_name="Lý Thị Hoa", phone="0977000111", email="hoa@example.vn")
    UserFactory(full_name="Lý Thị Hoa", phone="0977000222", email="hoa.ly@example.vn")
    memberships = Membership.objects.count()
    response = add(client_for(personas.officer), tree.officer_unit,
                   full_name="Lý Thị Hoa", phone="0977000222", email="hoa@example.vn")
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [
        "Số điện thoại và email thuộc về hai tài khoản khác nhau. Hãy kiểm tra lại."
    ]
    assert "Số điện thoại và email thuộc về hai tài khoản khác nhau." in response.content.decode()
    assert Membership.objects.count() == memberships


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Lý Thị Hoa", "ly thi hoa", "  LÝ  THỊ   HOA "])
def test_the_same_person_is_still_added_however_the_name_is_typed(personas, tree, client_for, typed):
    hoa = UserFactory(full_name="Lý Thị Hoa", phone="0977000111", email="hoa@example.vn")
    response = add(client_for(personas.officer), tree.officer_unit, full_name=typed, phone="+84977000111",
                   email="hoa@example.vn")
    assert response.status_code == 302
    membership = Membership.objects.get(union=tree.officer_unit, user=hoa)
    assert membership.status == Membership.Status.ACTIVE
    hoa.refresh_from_db()
    assert hoa.full_name == "Lý Thị Hoa"  # the account keeps its own name
    assert AuditEvent.objects.get(verb="member.added").data == {"user": hoa.pk, "new_user": False}
