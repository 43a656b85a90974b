"""A unit whose validity ended (merged into another, or dissolved): the unit page says so and
links the successor; adding, importing, inviting and approving members are hidden and refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from unions import services
from unions.models import ImportBatch, Membership, Union
from unions.services import ServiceError

from .factories import MembershipFactory, UnionFactory
from .test_unit_import import HEADER, csv_upload, row

pytestmark = pytest.mark.django_db

YESTERDAY_BUT_ONE = timezone.localdate() - dt.timedelta(days=2)


def end(unit, successor=None, on=YESTERDAY_BUT_ONE):
    Union.objects.filter(pk=unit.pk).update(valid_to=on, successor=successor)
    unit.refresh_from_db()
    return unit


def page(client, unit):
    return client.get(reverse("unit_detail", args=[unit.pk])).content.decode()


def test_merged_unit_says_where_it_went_links_there_and_offers_no_member_actions(personas, tree, client_for):
    token = services.union_get_or_create_invite(union=tree.officer_unit)
    end(tree.officer_unit, successor=tree.sibling_unit)
    html = page(client_for(personas.upper), tree.officer_unit)
    day = (YESTERDAY_BUT_ONE + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    sibling_url = reverse("unit_detail", args=[tree.sibling_unit.pk])
    assert (f'Đơn vị đã sáp nhập vào <a href="{sibling_url}">Công đoàn Tổng Công ty May Việt Tiến</a> '
            f"từ ngày {day}.") in html
    for hidden in ("member_add", "member_import", "invite_qr", "invite_reset"):
        assert reverse(hidden, args=[tree.officer_unit.pk]) not in html, hidden
    assert token not in html and 'data-testid="invite-url"' not in html
    assert "Hoàng Văn Nam" in html  # the members stay, as history


def test_dissolved_unit_says_since_when(personas, tree, client_for):
    end(tree.officer_unit)
    html = page(client_for(personas.upper), tree.officer_unit)
    day = (YESTERDAY_BUT_ONE + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Đơn vị đã giải thể từ ngày {day}." in html
    assert "sáp nhập vào" not in html


def test_a_successor_outside_the_viewers_scope_is_named_without_a_link(personas, tree, client_for):
    other = UnionFactory(parent=tree.root, name="Công đoàn Tổng Công ty Giấy Việt Nam")
    end(tree.sibling_unit, successor=other)
    html = page(client_for(personas.upper), tree.sibling_unit)
    assert "Đơn vị đã sáp nhập vào Công đoàn Tổng Công ty Giấy Việt Nam từ ngày" in html
    assert reverse("unit_detail", args=[other.pk]) not in html


def test_a_unit_that_ends_today_is_still_open(personas, tree, client_for):
    end(tree.officer_unit, on=timezone.localdate())
    html = page(client_for(personas.upper), tree.officer_unit)
    assert 'data-testid="unit-ended"' not in html
    assert reverse("member_add", args=[tree.officer_unit.pk]) in html


def test_member_pages_and_invite_urls_of_an_ended_unit_are_refused(personas, tree, client_for):
    end(tree.officer_unit, successor=tree.sibling_unit)
    client = client_for(personas.upper)
    for name in ("member_add", "member_import"):
        response = client.get(reverse(name, args=[tree.officer_unit.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("unit_detail", args=[tree.officer_unit.pk])
        assert "Đơn vị đã sáp nhập vào Công đoàn Tổng Công ty May Việt Tiến" in response.content.decode()
    assert client.get(reverse("invite_qr", args=[tree.officer_unit.pk])).status_code == 404
    assert client.post(reverse("invite_reset", args=[tree.officer_unit.pk])).status_code == 404


def test_the_invite_link_of_an_ended_unit_is_a_404(personas, tree, client):
    token = services.union_get_or_create_invite(union=tree.officer_unit)
    end(tree.officer_unit)
    assert client.get(reverse("join", args=[token])).status_code == 404
    assert client.post(reverse("join", args=[token]), {"full_name": "Lê Văn Tám"}).status_code == 404


def test_services_refuse_new_members_in_an_ended_unit(personas, tree):
    pending = MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    end(tree.officer_unit, successor=tree.sibling_unit)
    unit = tree.officer_unit
    calls = [
        lambda: services.member_add(actor=personas.upper, union=unit, full_name="Lê Văn Tám", phone="0912000111"),
        lambda: services.member_register(union=unit, full_name="Lê Văn Tám", phone="0912000112", email=None,
                                         password="mat-khau-dai-123"),
        lambda: services.membership_approve(actor=personas.upper, membership=pending),
        lambda: services.union_reset_invite(actor=personas.upper, union=unit),
        lambda: services.union_get_or_create_invite(union=unit),
        lambda: services.import_preview(actor=personas.upper, union=unit, kind=ImportBatch.Kind.MEMBERS,
                                        uploaded=SimpleUploadedFile("dv.csv", "Họ và tên,Số điện thoại\nLê Văn Tám,0912000113\n".encode())),
    ]
    for call in calls:
        with pytest.raises(ServiceError, match="Đơn vị đã sáp nhập vào Công đoàn Tổng Công ty May Việt Tiến"):
            call()
    # Rejecting a pending registration stays possible.
    services.membership_reject(actor=personas.upper, membership=pending)
    assert Membership.objects.get(pk=pending.pk).status == Membership.Status.REJECTED


def test_a_member_file_checked_before_the_unit_ended_is_not_applied_after(personas, tree, client_for):
    uploaded = SimpleUploadedFile("dv.csv", "Họ và tên,Số điện thoại\nLê Văn Tám,0912000113\n".encode())
    batch = services.import_preview(actor=personas.officer, union=tree.officer_unit, kind=ImportBatch.Kind.MEMBERS,
                                    uploaded=uploaded)
    assert batch.status == ImportBatch.Status.READY
    end(tree.officer_unit)
    batch.union.refresh_from_db()
    with pytest.raises(ServiceError, match="Đơn vị đã giải thể"):
        services.import_confirm(actor=personas.officer, batch=batch)
    assert not Membership.objects.filter(user__full_name="Lê Văn Tám").exists()


def test_admin_validation_of_the_successor(tree):
    unit = tree.officer_unit
    unit.successor = unit
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert set(caught.value.message_dict) >= {"successor", "valid_to"}
    upper = tree.upper
    upper.successor, upper.valid_to = tree.officer_unit, YESTERDAY_BUT_ONE
    with pytest.raises(ValidationError, match="đơn vị trực thuộc của chính nó"):
        upper.full_clean()
    sibling = Union.objects.get(pk=tree.sibling_unit.pk)
    sibling.successor, sibling.valid_to = tree.officer_unit, YESTERDAY_BUT_ONE
    sibling.full_clean()


def test_hq_sets_the_successor_in_the_admin(personas, tree, client_for):
    unit = tree.sibling_unit
    data = {
        "parent": tree.upper.pk, "name": unit.name, "short_name": "", "code": unit.code, "level": unit.level,
        "unit_type": unit.unit_type, "valid_from": "", "valid_to": YESTERDAY_BUT_ONE.isoformat(),
        "successor": tree.officer_unit.pk,
    }
    response = client_for(personas.hq).post(reverse("admin:unions_union_change", args=[unit.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Union.objects.get(pk=unit.pk).successor == tree.officer_unit


# --- Unit import: the "Sáp nhập vào" column -----------------------------------------------------


def _import_units(actor, root, rows):
    batch = services.import_preview(actor=actor, union=root, uploaded=csv_upload(rows), kind=ImportBatch.Kind.UNITS)
    return batch


def test_unit_import_sets_the_successor_from_its_column(personas, tree):
    rows = [
        [*HEADER, "Sáp nhập vào"],
        [*row("VIETTIEN", "Công đoàn Tổng Công ty May Việt Tiến", "DMVN", "4", valid_to="30/06/2023"), "MAY10-NEW"],
        [*row("MAY10-NEW", "Công đoàn Tổng Công ty May 10 – CTCP", "DMVN", "4"), ""],
    ]
    batch = _import_units(personas.hq, tree.root, rows)
    assert batch.errors == [] and batch.status == ImportBatch.Status.READY
    services.import_confirm(actor=personas.hq, batch=batch)
    merged = Union.objects.get(code="VIETTIEN")
    assert merged.successor == Union.objects.get(code="MAY10-NEW")
    assert merged.valid_to == dt.date(2023, 6, 30)


def test_unit_import_refuses_a_successor_without_end_date_or_unknown(personas, tree):
    rows = [
        [*HEADER, "Sáp nhập vào"],
        [*row("VIETTIEN", "Công đoàn Tổng Công ty May Việt Tiến", "DMVN", "4"), "MAY10"],
        [*row("MAY10", "Công đoàn Tổng Công ty May 10", "DMVN", "4", valid_to="30/06/2023"), "KHONGCO"],
    ]
    batch = _import_units(personas.hq, tree.root, rows)
    assert batch.status == ImportBatch.Status.INVALID
    assert [(e["line"], e["messages"]) for e in batch.errors] == [
        (2, ["đơn vị sáp nhập vào đơn vị khác cần có ngày hết hiệu lực"]),
        (3, ["không tìm thấy đơn vị sáp nhập vào “KHONGCO”"]),
    ]


def test_unit_import_without_the_column_keeps_the_successor(personas, tree):
    end(tree.sibling_unit, successor=tree.officer_unit)
    rows = [HEADER, row("VIETTIEN", "Công đoàn Tổng Công ty May Việt Tiến (cũ)", "DMVN", "4",
                        valid_to=YESTERDAY_BUT_ONE.strftime("%d/%m/%Y"))]
    batch = _import_units(personas.hq, tree.root, rows)
    services.import_confirm(actor=personas.hq, batch=batch)
    assert Union.objects.get(code="VIETTIEN").successor == tree.officer_unit
