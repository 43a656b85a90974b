"""HQ imports the unit tree from a CSV/XLSX file: web view, Django admin, management command."""

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from unions.models import ImportBatch, Level, Role, Union, UnitType, path_segment

from .factories import RoleFactory, UnionFactory, UserFactory

HEADER = [
    "Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Cấp", "Tên viết tắt", "Loại hình", "Hiệu lực từ", "Hiệu lực đến",
]


def row(code, name, parent, level, short="", unit_type="", valid_from="", valid_to=""):
    return [code, name, parent, level, short, unit_type, valid_from, valid_to]


def csv_bytes(rows, delimiter=";"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for r in rows:
        workbook.active.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_upload(rows, name="don-vi.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def xlsx_upload(rows, name="don-vi.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def unit(code):
    return Union.objects.get(code=code)


def assert_child_of(child, parent):
    assert child.parent_id == parent.pk
    assert child.path == parent.path + path_segment(child.pk)
    assert child.depth == parent.depth + 1


def clean_rows():
    """Children come before their parents: the file's order does not matter."""
    return [
        HEADER,
        row("MAY10-PX1", "Công đoàn bộ phận Phân xưởng Cắt", "MAY10-XN1", "5"),
        row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1", "MAY10", "bộ phận"),
        row("DMVN-ND", "Công đoàn Công ty CP Dệt Nam Định", "DMVN", "Công đoàn cơ sở", "CĐ Dệt Nam Định",
            "Doanh nghiệp nhà nước", "01/07/2019"),
        row("CDCT-HN", "Công đoàn Công Thương Hà Nội", "CDCT", "3", "", "union_body", "2020-01-01", "31-12-2030"),
    ]


def assert_clean_rows_imported(tree):
    xn1, px1, nd, hn = unit("MAY10-XN1"), unit("MAY10-PX1"), unit("DMVN-ND"), unit("CDCT-HN")
    assert_child_of(xn1, tree.officer_unit)
    assert_child_of(px1, xn1)
    assert_child_of(nd, tree.upper)
    assert_child_of(hn, tree.root)
    assert (px1.depth, xn1.depth, nd.depth, hn.depth) == (4, 3, 2, 1)
    assert px1.level == xn1.level == Level.BELOW_GRASSROOTS
    assert (nd.level, nd.short_name, nd.unit_type, nd.valid_from) == (
        Level.GRASSROOTS, "CĐ Dệt Nam Định", UnitType.STATE_ENTERPRISE, datetime.date(2019, 7, 1)
    )
    assert (hn.level, hn.unit_type, hn.valid_from, hn.valid_to) == (
        Level.UPPER_GRASSROOTS, UnitType.UNION_BODY, datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)
    )
    assert xn1.unit_type == UnitType.OTHER
    assert set(Union.objects.subtree_of(tree.officer_unit)) == {tree.officer_unit, xn1, px1}
    assert px1.search_text == "cong doan bo phan phan xuong cat may10-px1"


def bad_rows():
    return [
        HEADER,
        row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1", "MAY10", "5"),  # 2: fine
        row("VONG-A", "Tổ công đoàn A", "VONG-B", "5"),  # 3: cycle with line 4
        row("VONG-B", "Tổ công đoàn B", "VONG-A", "5"),  # 4
        row("MAY10-XN2", "Công đoàn bộ phận Xí nghiệp May 2", "KHONG-CO", "5"),  # 5: unknown parent
        row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1 (bản sao)", "MAY10", "5"),  # 6: duplicate code
        row("MAY10-XN3", "Công đoàn bộ phận Xí nghiệp May 3", "MAY10", "7"),  # 7: bad level
        row("MAY10-XN4", "Công đoàn bộ phận Xí nghiệp May 4", "MAY10", "5", valid_from="31/02/2024"),  # 8
        row("MAY10-XN5", "Công đoàn bộ phận Xí nghiệp May 5", "", "5"),  # 9: no parent
        row("MAY10-XN6", "Công đoàn bộ phận Xí nghiệp May 6", "MAY10", "5",
            valid_from="01/01/2025", valid_to="31/12/2024"),  # 10: ends before it starts
        row("MAY10-XN7", "Công đoàn bộ phận Xí nghiệp May 7", "MAY10", "5", unit_type="Hợp tác xã"),  # 11
        row("MAY10-XN8", "Công đoàn bộ phận Xí nghiệp May 8", "MAY10-XN8", "5"),  # 12: its own parent
        row("", "Công đoàn không mã", "MAY10", "5"),  # 13: no code
    ]


EXPECTED_BAD = {
    3: "Dòng 3: vòng lặp cấp trên qua mã “VONG-B”",
    4: "Dòng 4: vòng lặp cấp trên qua mã “VONG-A”",
    5: "Dòng 5: không tìm thấy đơn vị cấp trên “KHONG-CO”",
    6: "Dòng 6: mã đơn vị “MAY10-XN1” trùng với dòng 2",
    7: "Dòng 7: cấp “7” không hợp lệ (dùng 1–5 hoặc tên cấp)",
    8: "Dòng 8: ngày “31/02/2024” không hợp lệ (dùng dd/mm/yyyy)",
    9: "Dòng 9: thiếu mã đơn vị cấp trên",
    10: "Dòng 10: ngày hết hiệu lực trước ngày bắt đầu hiệu lực",
    11: "Dòng 11: loại hình “Hợp tác xã” không hợp lệ",
    12: "Dòng 12: đơn vị không thể là cấp trên của chính nó",
    13: "Dòng 13: thiếu mã đơn vị",
}


def tree_snapshot():
    return list(Union.objects.order_by("pk").values_list("pk", "code", "name", "parent_id", "path", "depth"))


@pytest.fixture
def dmvn_admin(tree):
    """An admin of the upper unit only (not a superuser): imports under DMVN, nowhere else."""
    user = UserFactory(username="dmvn_admin", full_name="Đỗ Minh Tuấn")
    RoleFactory(user=user, union=tree.upper, kind=Role.Kind.ADMIN)
    return user


# --- web view -----------------------------------------------------------------------------------


def web_upload(client, root, uploaded):
    response = client.post(reverse("units_import", args=[root.pk]), {"file": uploaded})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    assert response.url == reverse("import_batch", args=[root.pk, batch.pk])
    assert batch.kind == ImportBatch.Kind.UNITS
    return batch


def web_confirm(client, root, batch):
    return client.post(reverse("import_batch", args=[root.pk, batch.pk]), follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_officer_without_admin_role_gets_403(personas, tree, client_for):
    for user, root in ((personas.officer, tree.officer_unit), (personas.upper, tree.upper)):
        client = client_for(user)
        url = reverse("units_import", args=[root.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"file": csv_upload(clean_rows())}).status_code == 403
        # Nor is the button on their unit page.
        assert url not in client.get(reverse("unit_detail", args=[root.pk])).content.decode()
    assert not ImportBatch.objects.exists()
    # Outside one's subtree it is a 404, as everywhere.
    assert client_for(personas.sibling).get(reverse("units_import", args=[tree.officer_unit.pk])).status_code == 404


@pytest.mark.django_db
def test_admin_of_a_unit_sees_the_import_button_and_form(personas, tree, client_for, dmvn_admin):
    client = client_for(dmvn_admin)
    url = reverse("units_import", args=[tree.upper.pk])
    assert url in client.get(reverse("unit_detail", args=[tree.upper.pk])).content.decode()
    body = client.get(url).content.decode()
    assert "Nhập đơn vị trực thuộc từ tệp" in body
    # The admin of DMVN has no say over the HQ unit above it.
    assert client.get(reverse("units_import", args=[tree.root.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_upload, xlsx_upload], ids=["csv", "xlsx"])
def test_hq_imports_a_clean_file_in_any_order(personas, tree, client_for, make):
    client = client_for(personas.hq)
    batch = web_upload(client, tree.root, make(clean_rows()))
    assert batch.status == ImportBatch.Status.READY
    # Parents come first in the stored order.
    assert [r["code"] for r in batch.rows].index("MAY10-XN1") < [r["code"] for r in batch.rows].index("MAY10-PX1")

    preview = client.get(reverse("import_batch", args=[tree.root.pk, batch.pk])).content.decode()
    assert "Tệp hợp lệ: 4 dòng sẵn sàng nhập." in preview
    assert "Công đoàn Công ty CP Dệt Nam Định" in preview
    assert not Union.objects.filter(code="DMVN-ND").exists()  # nothing until confirmed

    response = web_confirm(client, tree.root, batch)
    assert response.redirect_chain[-1][0] == reverse("unit_detail", args=[tree.root.pk])
    assert "Đã nhập 4 dòng." in messages_of(response)
    assert "Công đoàn Công Thương Hà Nội" in response.content.decode()  # a new child on the page

    assert_clean_rows_imported(tree)
    event = AuditEvent.objects.get(verb="import.units")
    assert (event.actor, event.unit_id, event.data["rows"]) == (personas.hq, tree.root.pk, 4)

    # Confirming again imports nothing more.
    before = tree_snapshot()
    response = web_confirm(client, tree.root, batch)
    assert "Tệp này đã được nhập, hoặc còn lỗi." in messages_of(response)
    assert tree_snapshot() == before
    assert AuditEvent.objects.filter(verb="import.units").count() == 1


@pytest.mark.django_db
def test_bad_file_imports_nothing_and_names_each_line(personas, tree, client_for):
    client = client_for(personas.hq)
    before = tree_snapshot()
    batch = web_upload(client, tree.root, csv_upload(bad_rows()))
    assert batch.status == ImportBatch.Status.INVALID
    assert [e["line"] for e in batch.errors] == sorted(EXPECTED_BAD)

    body = client.get(reverse("import_batch", args=[tree.root.pk, batch.pk])).content.decode()
    assert f"Có {len(EXPECTED_BAD)} dòng lỗi. Chưa nhập dòng nào" in body
    for text in EXPECTED_BAD.values():
        assert text in body
    assert "Dòng 2:" not in body
    assert "Xác nhận nhập" not in body

    response = web_confirm(client, tree.root, batch)
    assert "Tệp này đã được nhập, hoặc còn lỗi." in messages_of(response)
    assert tree_snapshot() == before
    assert not AuditEvent.objects.filter(verb="import.units").exists()


@pytest.mark.django_db
def test_xlsx_date_and_number_cells(personas, tree, client_for):
    rows = [
        HEADER,
        ["DMVN-ND", "Công đoàn Công ty CP Dệt Nam Định", "DMVN", 4, "", "", datetime.date(2019, 7, 1),
         datetime.datetime(2031, 6, 30, 0, 0)],
    ]
    client = client_for(personas.hq)
    batch = web_upload(client, tree.root, xlsx_upload(rows))
    assert batch.errors == []
    web_confirm(client, tree.root, batch)
    nd = unit("DMVN-ND")
    assert (nd.level, nd.valid_from, nd.valid_to) == (Level.GRASSROOTS, datetime.date(2019, 7, 1),
                                                      datetime.date(2031, 6, 30))


@pytest.mark.django_db
def test_missing_required_column(personas, tree, client_for):
    rows = [["Mã đơn vị", "Tên đơn vị", "Cấp"], ["X1", "Công đoàn X", "4"]]
    response = client_for(personas.hq).post(reverse("units_import", args=[tree.root.pk]), {"file": csv_upload(rows)})
    assert response.status_code == 200
    assert "Thiếu cột bắt buộc: “Mã đơn vị cấp trên”." in response.content.decode()
    assert not ImportBatch.objects.exists()


def first_import(client, tree):
    rows = [
        HEADER,
        row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1", "MAY10", "5"),
        row("MAY10-PX1", "Tổ công đoàn Phân xưởng Cắt", "MAY10-XN1", "5"),
        row("MAY10-TO1", "Tổ công đoàn Ca sáng", "MAY10-PX1", "5"),
        row("MAY10-XN2", "Công đoàn bộ phận Xí nghiệp May 2", "MAY10", "5"),
    ]
    batch = web_upload(client, tree.root, csv_upload(rows))
    web_confirm(client, tree.root, batch)
    assert Union.objects.filter(code__startswith="MAY10-").count() == 4


@pytest.mark.django_db
def test_second_import_updates_names_and_moves_a_subtree(personas, tree, client_for):
    client = client_for(personas.hq)
    first_import(client, tree)
    count = Union.objects.count()

    # The whole list again, edited: XN1 goes to Việt Tiến; its children are renamed, listed first.
    rows = [
        HEADER,
        row("MAY10-TO1", "Tổ công đoàn Ca sáng (đổi tên)", "MAY10-PX1", "5"),
        row("MAY10-PX1", "Tổ công đoàn Phân xưởng Cắt (đổi tên)", "MAY10-XN1", "5"),
        row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp 1 Việt Tiến", "VIETTIEN", "5", short="XN1 VT"),
        row("MAY10-XN2", "Công đoàn bộ phận Xí nghiệp May 2", "MAY10", "5"),
    ]
    batch = web_upload(client, tree.root, xlsx_upload(rows))
    assert batch.status == ImportBatch.Status.READY
    response = web_confirm(client, tree.root, batch)
    assert "Đã nhập 4 dòng." in messages_of(response)

    assert Union.objects.count() == count  # updated, not duplicated
    xn1, px1, to1, xn2 = unit("MAY10-XN1"), unit("MAY10-PX1"), unit("MAY10-TO1"), unit("MAY10-XN2")
    assert (xn1.name, xn1.short_name) == ("Công đoàn bộ phận Xí nghiệp 1 Việt Tiến", "XN1 VT")
    assert px1.name == "Tổ công đoàn Phân xưởng Cắt (đổi tên)"
    assert to1.name == "Tổ công đoàn Ca sáng (đổi tên)"
    assert_child_of(xn1, tree.sibling_unit)
    assert_child_of(px1, xn1)
    assert_child_of(to1, px1)
    assert_child_of(xn2, tree.officer_unit)
    assert set(Union.objects.subtree_of(tree.sibling_unit)) == {tree.sibling_unit, xn1, px1, to1}
    assert set(Union.objects.subtree_of(tree.officer_unit)) == {tree.officer_unit, xn2}
    assert list(to1.ancestors()) == [tree.root, tree.upper, tree.sibling_unit, xn1, px1]


@pytest.mark.django_db
def test_moving_a_unit_under_its_own_descendant_is_refused_at_check(personas, tree, client_for):
    client = client_for(personas.hq)
    first_import(client, tree)
    before = tree_snapshot()
    rows = [HEADER, row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1", "MAY10-TO1", "5")]
    batch = web_upload(client, tree.root, csv_upload(rows))
    assert batch.status == ImportBatch.Status.INVALID
    assert batch.errors == [{"line": 2, "messages": ["vòng lặp cấp trên qua mã “MAY10-TO1”"]}]
    assert tree_snapshot() == before


@pytest.mark.django_db
def test_swapping_parent_and_child_in_one_file_works(personas, tree, client_for):
    """PX1 leaves XN1 for MAY10, then XN1 goes under PX1: no cycle once the whole file applies."""
    client = client_for(personas.hq)
    first_import(client, tree)
    rows = [
        HEADER,
        row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1", "MAY10-PX1", "5"),
        row("MAY10-PX1", "Tổ công đoàn Phân xưởng Cắt", "MAY10", "5"),
    ]
    batch = web_upload(client, tree.root, csv_upload(rows))
    assert batch.errors == []
    web_confirm(client, tree.root, batch)
    xn1, px1, to1 = unit("MAY10-XN1"), unit("MAY10-PX1"), unit("MAY10-TO1")
    assert_child_of(px1, tree.officer_unit)
    assert_child_of(xn1, px1)
    assert_child_of(to1, px1)


@pytest.mark.django_db
def test_codes_outside_the_importers_subtree_are_refused(personas, tree, client_for, dmvn_admin):
    other = UnionFactory(parent=tree.root, code="CDCT-HCM", name="Công đoàn Công Thương TP. Hồ Chí Minh",
                         level=Level.UPPER_GRASSROOTS)
    client = client_for(dmvn_admin)
    before = tree_snapshot()
    rows = [
        HEADER,
        row("CDCT-HCM", "Công đoàn bị chiếm mã", "MAY10", "4"),  # 2: someone else's unit
        row("MOI-1", "Công đoàn mới", "CDCT-HCM", "4"),  # 3: parent outside
        row("DMVN", "Đổi tên đơn vị gốc", "CDCT", "3"),  # 4: the importer's root itself
        row("CDCT", "Đổi tên HQ", "DMVN", "2"),  # 5: an ancestor
        row("MOI-2", "Công đoàn hợp lệ", "MAY10", "5"),  # 6: fine
    ]
    batch = web_upload(client, tree.upper, csv_upload(rows))
    assert batch.status == ImportBatch.Status.INVALID
    assert batch.errors == [
        {"line": 2, "messages": ["mã đơn vị “CDCT-HCM” đã thuộc về đơn vị ngoài phạm vi quản lý"]},
        {"line": 3, "messages": ["đơn vị cấp trên “CDCT-HCM” nằm ngoài phạm vi quản lý"]},
        {"line": 4, "messages": ["không thể sửa đơn vị gốc bằng tệp nhập"]},
        {"line": 5, "messages": ["mã đơn vị “CDCT” đã thuộc về đơn vị ngoài phạm vi quản lý"]},
    ]
    web_confirm(client, tree.upper, batch)
    assert tree_snapshot() == before
    other.refresh_from_db()
    assert other.name == "Công đoàn Công Thương TP. Hồ Chí Minh"


@pytest.mark.django_db
def test_code_taken_outside_the_subtree_after_the_check_is_refused_at_confirm(personas, tree, client_for, dmvn_admin):
    """Between preview and confirm, the file's new code is used by a unit outside the importer's
    subtree: confirming must not move or rename that unit."""
    client = client_for(dmvn_admin)
    batch = web_upload(client, tree.upper, csv_upload([HEADER, row("MOI-1", "Công đoàn mới", "MAY10", "4")]))
    assert batch.status == ImportBatch.Status.READY
    other = UnionFactory(parent=tree.root, code="MOI-1", name="Công đoàn Công Thương Hải Phòng",
                         level=Level.UPPER_GRASSROOTS)
    before = tree_snapshot()
    response = web_confirm(client, tree.upper, batch)
    assert "Dòng 2: mã đơn vị “MOI-1” đã thuộc về đơn vị ngoài phạm vi quản lý." in messages_of(response)
    assert tree_snapshot() == before
    other.refresh_from_db()
    assert (other.parent_id, other.name) == (tree.root.pk, "Công đoàn Công Thương Hải Phòng")
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.READY
    assert not AuditEvent.objects.filter(verb="import.units").exists()


@pytest.mark.django_db
def test_subtree_admin_imports_within_own_subtree(personas, tree, client_for, dmvn_admin):
    client = client_for(dmvn_admin)
    rows = [HEADER, row("DMVN-ND", "Công đoàn Công ty CP Dệt Nam Định", "DMVN", "4"),
            row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp May 1", "MAY10", "5")]
    batch = web_upload(client, tree.upper, csv_upload(rows))
    web_confirm(client, tree.upper, batch)
    assert_child_of(unit("DMVN-ND"), tree.upper)
    assert_child_of(unit("MAY10-XN1"), tree.officer_unit)
    assert AuditEvent.objects.get(verb="import.units").actor == dmvn_admin


# --- Django admin -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_page_imports_after_confirmation(personas, tree, client_for):
    client = client_for(personas.hq)
    url = reverse("admin:unions_union_import")
    page = client.get(url)
    assert page.status_code == 200
    assert "Nhập cây đơn vị từ tệp" in page.content.decode()
    assert reverse("admin:unions_union_import") in client.get(reverse("admin:unions_union_changelist")).content.decode()

    response = client.post(url, {"root": tree.root.pk, "file": xlsx_upload(clean_rows())})
    body = response.content.decode()
    batch = ImportBatch.objects.get()
    assert "4 dòng hợp lệ." in body
    assert f'name="apply" value="{batch.pk}"' in body
    assert not Union.objects.filter(code="DMVN-ND").exists()

    response = client.post(url, {"apply": batch.pk})
    assert response.status_code == 302 and response.url == reverse("admin:unions_union_changelist")
    assert_clean_rows_imported(tree)
    assert AuditEvent.objects.get(verb="import.units").actor == personas.hq

    # A second click does nothing more.
    before = tree_snapshot()
    response = client.post(url, {"apply": batch.pk}, follow=True)
    assert "Tệp này đã được nhập, hoặc còn lỗi." in messages_of(response)
    assert tree_snapshot() == before


@pytest.mark.django_db
def test_admin_page_lists_errors_and_imports_nothing(personas, tree, client_for):
    client = client_for(personas.hq)
    before = tree_snapshot()
    response = client.post(reverse("admin:unions_union_import"), {"root": tree.root.pk, "file": csv_upload(bad_rows())})
    body = response.content.decode()
    assert f"{len(EXPECTED_BAD)} dòng lỗi; chưa nhập gì." in body
    for text in EXPECTED_BAD.values():
        assert text in body
    assert 'name="apply"' not in body
    batch = ImportBatch.objects.get()
    client.post(reverse("admin:unions_union_import"), {"apply": batch.pk})
    assert tree_snapshot() == before


@pytest.mark.django_db
def test_admin_page_refuses_unreadable_file(personas, tree, client_for):
    response = client_for(personas.hq).post(
        reverse("admin:unions_union_import"),
        {"root": tree.root.pk, "file": SimpleUploadedFile("don-vi.csv", bytes(range(256)))},
    )
    assert "Tệp không phải CSV hay XLSX." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_admin_apply_of_an_unknown_or_foreign_batch_is_404(personas, tree, client_for, dmvn_admin):
    batch = web_upload(client_for(dmvn_admin), tree.upper, csv_upload(clean_rows()[:1] + [
        row("DMVN-ND", "Công đoàn Công ty CP Dệt Nam Định", "DMVN", "4")]))
    client = client_for(personas.hq)
    assert client.post(reverse("admin:unions_union_import"), {"apply": batch.pk}).status_code == 404
    assert client.post(reverse("admin:unions_union_import"), {"apply": "999999"}).status_code == 404
    assert not Union.objects.filter(code="DMVN-ND").exists()


@pytest.mark.django_db
def test_admin_page_needs_the_add_permission(tree, client_for):
    staff = UserFactory(username="staff", is_staff=True)
    response = client_for(staff).get(reverse("admin:unions_union_import"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:unions_union_changelist")
    assert "Bạn không có quyền nhập đơn vị." in messages_of(response)


# --- management command -------------------------------------------------------------------------


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_units", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("suffix", "make"), [(".csv", csv_bytes), (".xlsx", xlsx_bytes)])
def test_command_imports_a_clean_file(personas, tree, tmp_path, suffix, make):
    path = tmp_path / f"cay-don-vi{suffix}"
    path.write_bytes(make(clean_rows()))
    out, err = run(str(path), "--root", "CDCT", "--actor", "hq")
    assert "Đã nhập 4 đơn vị." in out and err == ""
    assert_clean_rows_imported(tree)
    event = AuditEvent.objects.get(verb="import.units")
    assert (event.actor, event.unit_id) == (personas.hq, tree.root.pk)


@pytest.mark.django_db
def test_command_reports_each_bad_line_and_imports_nothing(personas, tree, tmp_path):
    path = tmp_path / "cay-don-vi.csv"
    path.write_bytes(csv_bytes(bad_rows()))
    before = tree_snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match=f"{len(EXPECTED_BAD)} dòng có lỗi; không nhập gì."):
        call_command("import_units", str(path), root="CDCT", actor="hq", stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == list(EXPECTED_BAD.values())
    assert tree_snapshot() == before


@pytest.mark.django_db
def test_command_second_run_moves_and_renames(personas, tree, tmp_path):
    path = tmp_path / "cay-don-vi.csv"
    path.write_bytes(csv_bytes(clean_rows()))
    run(str(path), "--root", "CDCT", "--actor", "hq")
    rows = clean_rows()
    rows[2] = row("MAY10-XN1", "Công đoàn bộ phận Xí nghiệp 1", "DMVN-ND", "bộ phận")  # moved, renamed
    path.write_bytes(csv_bytes(rows, delimiter=","))
    out, _err = run(str(path), "--root", "CDCT", "--actor", "hq")
    assert "Đã nhập 4 đơn vị." in out
    xn1, px1 = unit("MAY10-XN1"), unit("MAY10-PX1")
    assert xn1.name == "Công đoàn bộ phận Xí nghiệp 1"
    assert_child_of(xn1, unit("DMVN-ND"))
    assert_child_of(px1, xn1)
    assert px1.depth == 4


@pytest.mark.django_db
def test_command_refuses_codes_outside_the_root(personas, tree, tmp_path):
    path = tmp_path / "cay-don-vi.csv"
    path.write_bytes(csv_bytes([HEADER, row("VIETTIEN", "Đổi tên Việt Tiến", "MAY10", "4")]))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_units", str(path), root="MAY10", actor="hq", stdout=StringIO(), stderr=err)
    assert "Dòng 2: mã đơn vị “VIETTIEN” đã thuộc về đơn vị ngoài phạm vi quản lý" in err.getvalue()
    assert unit("VIETTIEN").name == "Công đoàn Tổng Công ty May Việt Tiến"


@pytest.mark.django_db
def test_command_dry_run_imports_nothing(personas, tree, tmp_path):
    path = tmp_path / "cay-don-vi.csv"
    path.write_bytes(csv_bytes(clean_rows()))
    out, _err = run(str(path), "--root", "CDCT", "--actor", "hq", "--dry-run")
    assert "4 dòng hợp lệ (chạy thử, chưa nhập)." in out
    assert not Union.objects.filter(code__in=["MAY10-XN1", "MAY10-PX1", "DMVN-ND", "CDCT-HN"]).exists()
    assert not AuditEvent.objects.filter(verb="import.units").exists()


@pytest.mark.django_db
def test_command_bad_arguments(personas, tree, tmp_path):
    path = tmp_path / "cay-don-vi.csv"
    path.write_bytes(csv_bytes(clean_rows()))
    with pytest.raises(CommandError, match="No unit with code 'KHONG-CO'"):
        run(str(path), "--root", "KHONG-CO", "--actor", "hq")
    with pytest.raises(CommandError, match="No user 'ai-do'"):
        run(str(path), "--root", "CDCT", "--actor", "ai-do")
    with pytest.raises(CommandError):
        run(str(tmp_path / "khong-co.csv"), "--root", "CDCT", "--actor", "hq")
    png = tmp_path / "anh.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CommandError, match="Tệp không phải CSV hay XLSX."):
        run(str(png), "--root", "CDCT", "--actor", "hq")
    assert not Union.objects.filter(code="DMVN-ND").exists()


@pytest.mark.django_db
def test_admin_page_sends_a_large_tree_to_the_worker_and_its_progress_page(
    personas, tree, client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 2  # the clean file has 4 rows: above the threshold
    client = client_for(personas.hq)
    url = reverse("admin:unions_union_import")
    client.post(url, {"root": tree.root.pk, "file": xlsx_upload(clean_rows())})
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"apply": batch.pk})
    assert response.status_code == 302
    assert response.url == reverse("import_batch", args=[tree.root.pk, batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert_clean_rows_imported(tree)
    assert client.get(response.url).status_code == 200
