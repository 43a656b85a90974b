"""An officer imports members from a CSV/XLSX file: upload, preview, confirm (all or nothing)."""

import csv
import io
import struct
import unicodedata
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from unions.models import ImportBatch, Membership

from .factories import MembershipFactory, UserFactory

HEADER = ["Họ và tên", "Số điện thoại", "Email", "Mã đoàn viên"]

# --- building real files ------------------------------------------------------------------------


def csv_file(rows, *, delimiter=",", bom=True, name="doan-vien.csv", encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows, *, name="doan-vien.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đoàn viên"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        name, out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def png_bytes():
    """A real 1×1 PNG image (signature, IHDR, IDAT, IEND)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xc8\x1e\x1e"))
        + chunk(b"IEND", b"")
    )


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Vietnamese text as Windows-1258 bytes (what an old Excel "CSV" save produces)."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONE_MARKS).encode("cp1258")
    return out


FORMATS = {
    "csv-utf8-bom-semicolon": lambda rows: csv_file(rows, delimiter=";", bom=True),
    "csv-utf8-comma": lambda rows: csv_file(rows, delimiter=",", bom=False),
    "csv-utf8-bom-comma": lambda rows: csv_file(rows, delimiter=",", bom=True),
    "csv-utf8-semicolon": lambda rows: csv_file(rows, delimiter=";", bom=False),
    "xlsx": xlsx_file,
}


# --- helpers ------------------------------------------------------------------------------------


def upload(client, unit, uploaded):
    return client.post(reverse("member_import", args=[unit.pk]), {"file": uploaded})


def upload_to_batch(client, unit, uploaded):
    """Upload a file; return the batch the officer is sent to preview."""
    response = upload(client, unit, uploaded)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    assert response.url == reverse("import_batch", args=[unit.pk, batch.pk])
    return batch


def confirm(client, unit, batch, *, follow=True):
    return client.post(reverse("import_batch", args=[unit.pk, batch.pk]), follow=follow)


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def counts():
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.filter(verb="import.members").count()


# --- bad rows: nothing is imported --------------------------------------------------------------


def bad_rows():
    return [
        HEADER,
        ["Trần Thị Mai", "0912345001", "mai@example.vn", "MAY10-101"],  # 2: fine on its own
        ["", "0912345002", "", ""],  # 3: no name
        ["Lê Văn Bốn", "12345", "", ""],  # 4: bad phone
        ["Phạm Thị Năm", "", "nam@@example", ""],  # 5: bad email
        ["Vũ Văn Sáu", "0912 345 001", "", ""],  # 6: same phone as line 2
        ["Hoàng Văn Nam", "0901000005", "", ""],  # 7: already a member of the unit
        ["Đỗ Thị Tám", "", "", ""],  # 8: neither phone nor email
        ["Ngô Văn Chín", "0912345009", "chin@example.vn", "MAY10-00001"],  # 9: member code taken
    ]


EXPECTED_BAD_LINES = {
    3: "Dòng 3: thiếu họ và tên",
    4: "Dòng 4: số điện thoại “12345” không hợp lệ",
    5: "Dòng 5: email “nam@@example” không hợp lệ",
    6: "Dòng 6: số điện thoại trùng với dòng 2",
    7: "Dòng 7: người này đã là đoàn viên của đơn vị",
    8: "Dòng 8: cần số điện thoại hoặc email",
    9: "Dòng 9: mã đoàn viên “MAY10-00001” đã có trong đơn vị",
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_file_with_bad_rows_imports_nothing_and_names_each_line(personas, tree, client_for, fmt):
    client = client_for(personas.officer)
    before = counts()

    batch = upload_to_batch(client, tree.officer_unit, FORMATS[fmt](bad_rows()))
    assert batch.status == ImportBatch.Status.INVALID
    assert [e["line"] for e in batch.errors] == sorted(EXPECTED_BAD_LINES)

    response = client.get(reverse("import_batch", args=[tree.officer_unit.pk, batch.pk]))
    body = response.content.decode()
    assert "Có 7 dòng lỗi. Chưa nhập dòng nào" in body
    for text in EXPECTED_BAD_LINES.values():
        assert text in body
    assert "Dòng 2:" not in body  # the good row is not blamed
    assert "Xác nhận nhập" not in body
    assert counts() == before

    # Forcing the confirmation does not import the good row either.
    response = confirm(client, tree.officer_unit, batch)
    assert "Tệp này đã được nhập, hoặc còn lỗi." in page_messages(response)
    assert counts() == before
    assert not User.objects.filter(phone="0912345001").exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INVALID and batch.applied_at is None


@pytest.mark.django_db
def test_line_numbers_count_blank_rows_of_the_file(personas, tree, client_for):
    """An empty row in the middle of the sheet does not shift the line numbers the officer sees."""
    rows = [
        HEADER,
        ["Trần Thị Mai", "0912345001", "", ""],
        ["", "", "", ""],
        ["Lê Văn Bốn", "12345", "", ""],  # line 4 of the sheet
    ]
    for uploaded in (xlsx_file(rows), csv_file(rows, delimiter=";")):
        batch = upload_to_batch(client_for(personas.officer), tree.officer_unit, uploaded)
        assert batch.errors == [{"line": 4, "messages": ["số điện thoại “12345” không hợp lệ"]}]
        assert [r["line"] for r in batch.rows] == [2]


@pytest.mark.django_db
def test_email_of_one_account_and_phone_of_another_is_an_error(personas, tree, client_for):
    UserFactory(full_name="Lý Thị Hoa", phone="0977000111", email="hoa@example.vn")
    UserFactory(full_name="Lý Văn Hòa", phone="0977000222", email="hoa.ly@example.vn")
    rows = [HEADER, ["Lý Thị Hoa", "0977 000 222", "HOA@example.vn", ""]]
    batch = upload_to_batch(client_for(personas.officer), tree.officer_unit, csv_file(rows))
    assert batch.errors == [{"line": 2, "messages": ["số điện thoại và email thuộc về hai tài khoản khác nhau"]}]


@pytest.mark.django_db
def test_same_person_twice_under_different_contacts_is_an_error(personas, tree, client_for):
    UserFactory(full_name="Lý Thị Hoa", phone="0977000111", email="hoa@example.vn")
    rows = [
        HEADER,
        ["Lý Thị Hoa", "0977000111", "", "MAY10-201"],
        ["Lý Thị Hoa", "0977000999", "hoa@example.vn", "MAY10-202"],  # her email, a new phone
        ["Mạc Văn Khải", "0977000333", "", "MAY10-201"],  # member code of line 2
    ]
    batch = upload_to_batch(client_for(personas.officer), tree.officer_unit, csv_file(rows))
    assert batch.errors == [
        {"line": 3, "messages": ["cùng một người với dòng 2"]},
        {"line": 4, "messages": ["mã đoàn viên trùng với dòng 2"]},
    ]


@pytest.mark.django_db
def test_member_who_left_comes_back_with_their_own_code(personas, tree, client_for):
    Membership.objects.filter(user=personas.member).update(status=Membership.Status.LEFT)
    rows = [
        HEADER,
        ["Hoàng Văn Nam", "0901000005", "", "MAY10-00001"],  # the code was, and is, his
    ]
    client = client_for(personas.officer)
    batch = upload_to_batch(client, tree.officer_unit, csv_file(rows))
    assert batch.errors == []
    confirm(client, tree.officer_unit, batch)
    membership = Membership.objects.get(user=personas.member)
    assert (membership.status, membership.member_code) == (Membership.Status.ACTIVE, "MAY10-00001")

    # Someone else may not take a code held in the unit, even by a former member.
    Membership.objects.filter(user=personas.member).update(status=Membership.Status.LEFT)
    rows = [HEADER, ["Mạc Văn Khải", "0977000333", "", "MAY10-00001"]]
    batch = upload_to_batch(client, tree.officer_unit, csv_file(rows))
    assert batch.errors == [{"line": 2, "messages": ["mã đoàn viên “MAY10-00001” đã có trong đơn vị"]}]


# --- a clean file: everything is imported -------------------------------------------------------


def clean_rows(fmt):
    excel = fmt == "xlsx"
    return [
        HEADER,
        ["Trần Thị Mai", "+84 912 345 678", "Mai.Tran@Example.VN", "MAY10-101"],
        # Excel ate the leading zero: a number cell in a workbook, a bare number in a CSV.
        ["Ngô Văn Hải", 912345679 if excel else "912345679", "", ""],
        ["Bùi Thị Lan", "", "lan@example.vn", "MAY10-103"],
        ["Đinh Văn Cường", "0988.000.111", "", ""],  # an existing account, re-used by phone
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_clean_file_imports_every_row(
    personas, tree, client_for, fmt, django_capture_on_commit_callbacks
):
    existing = UserFactory(full_name="Đinh Văn Cường", phone="0988000111", email="cuong@example.vn")
    users_before = User.objects.count()
    client = client_for(personas.officer)

    batch = upload_to_batch(client, tree.officer_unit, FORMATS[fmt](clean_rows(fmt)))
    assert batch.status == ImportBatch.Status.READY and batch.errors == []
    preview = client.get(reverse("import_batch", args=[tree.officer_unit.pk, batch.pk])).content.decode()
    assert "Tệp hợp lệ: 4 dòng sẵn sàng nhập." in preview
    assert "0912345678" in preview and "0912345679" in preview  # normalised before import
    assert "Xác nhận nhập" in preview
    assert not Membership.objects.filter(union=tree.officer_unit, user=existing).exists()  # not yet

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, tree.officer_unit, batch)
    assert response.redirect_chain[-1][0] == reverse("unit_detail", args=[tree.officer_unit.pk])
    assert "Đã nhập 4 dòng." in page_messages(response)

    assert User.objects.count() == users_before + 3
    mai = User.objects.get(phone="0912345678")
    assert (mai.full_name, mai.email) == ("Trần Thị Mai", "mai.tran@example.vn")
    assert not mai.has_usable_password()
    assert User.objects.get(phone="0912345679").full_name == "Ngô Văn Hải"
    lan = User.objects.get(email="lan@example.vn")
    assert lan.phone is None
    existing.refresh_from_db()
    assert existing.full_name == "Đinh Văn Cường"  # re-used, not duplicated or renamed

    memberships = Membership.objects.filter(union=tree.officer_unit).exclude(user=personas.member)
    assert {m.user for m in memberships} == {mai, User.objects.get(phone="0912345679"), lan, existing}
    today = timezone.localdate()
    for m in memberships:
        assert m.status == Membership.Status.ACTIVE
        assert m.joined_on == today and m.decided_by == personas.officer
    assert memberships.get(user=mai).member_code == "MAY10-101"
    assert memberships.get(user=lan).member_code == "MAY10-103"

    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 5  # the persona member and four imported

    event = AuditEvent.objects.get(verb="import.members")
    assert event.actor == personas.officer
    assert event.unit_id == tree.officer_unit.pk and event.unit_path == tree.officer_unit.path
    assert event.data["rows"] == 4
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.applied_at is not None

    # The new members are on the unit page.
    body = client.get(reverse("unit_detail", args=[tree.officer_unit.pk])).content.decode()
    for name in ("Trần Thị Mai", "Ngô Văn Hải", "Bùi Thị Lan", "Đinh Văn Cường"):
        assert name in body
    assert "Tệp này đã được nhập." in client.get(
        reverse("import_batch", args=[tree.officer_unit.pk, batch.pk])
    ).content.decode()


@pytest.mark.django_db
def test_xlsx_phone_stored_as_float_and_header_aliases(personas, tree, client_for):
    rows = [
        ["Họ tên", "SĐT", "Thư điện tử"],
        ["Trần Thị Mai", 912345678.0, ""],
        ["Ngô Văn Hải", "84912345679", "hai@example.vn"],
    ]
    batch = upload_to_batch(client_for(personas.officer), tree.officer_unit, xlsx_file(rows))
    assert batch.errors == []
    assert [(r["full_name"], r["phone"], r["email"]) for r in batch.rows] == [
        ("Trần Thị Mai", "0912345678", None),
        ("Ngô Văn Hải", "0912345679", "hai@example.vn"),
    ]


@pytest.mark.django_db
def test_confirming_twice_imports_once(personas, tree, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.officer)
    batch = upload_to_batch(client, tree.officer_unit, csv_file(clean_rows("csv")[:3]))
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, tree.officer_unit, batch)
    after_first = counts()
    assert after_first[2] == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, tree.officer_unit, batch, follow=False)
    assert response.url == reverse("import_batch", args=[tree.officer_unit.pk, batch.pk])
    response = client.get(response.url)
    assert "Tệp này đã được nhập, hoặc còn lỗi." in page_messages(response)
    assert counts() == after_first
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 3


@pytest.mark.django_db
def test_database_changed_between_preview_and_confirm(personas, tree, client_for):
    client = client_for(personas.officer)
    batch = upload_to_batch(client, tree.officer_unit, csv_file(clean_rows("csv")))
    # Meanwhile someone else adds Mai by hand.
    MembershipFactory(union=tree.officer_unit, user__phone="0912345678", user__full_name="Trần Thị Mai")
    before = counts()

    response = confirm(client, tree.officer_unit, batch)
    assert "Dữ liệu đã thay đổi từ lúc kiểm tra; hãy tải tệp lên lại." in page_messages(response)
    assert counts() == before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY


@pytest.mark.django_db
def test_former_rejected_member_can_be_imported_again(personas, tree, client_for):
    rejected = MembershipFactory(
        union=tree.officer_unit, status=Membership.Status.REJECTED, user__phone="0912345678",
        user__full_name="Trần Thị Mai",
    )
    client = client_for(personas.officer)
    batch = upload_to_batch(client, tree.officer_unit, csv_file([HEADER, ["Trần Thị Mai", "0912345678", "", ""]]))
    assert batch.errors == []
    confirm(client, tree.officer_unit, batch)
    rejected.refresh_from_db()
    assert rejected.status == Membership.Status.ACTIVE
    assert Membership.objects.filter(user=rejected.user, union=tree.officer_unit).count() == 1


@pytest.mark.django_db
def test_a_known_phone_under_another_name_is_a_row_error_not_a_silent_attach(personas, tree, client_for):
    from .factories import UserFactory

    UserFactory(phone="0912345678", full_name="Phạm Văn Khác")
    client = client_for(personas.officer)
    rows = [HEADER, ["Trần Thị Mai", "0912345678", "", ""], ["Trần  thị MAI", "0912345679", "", ""]]
    batch = upload_to_batch(client, tree.officer_unit, csv_file(rows))
    assert [e["line"] for e in batch.errors] == [2]
    assert "họ tên khác" in batch.errors[0]["messages"][0]
    assert not Membership.objects.filter(union=tree.officer_unit, user__phone="0912345678").exists()


# --- who may see a batch ------------------------------------------------------------------------


@pytest.mark.django_db
def test_sibling_officer_gets_404_on_the_batch(personas, tree, client, client_for):
    batch = upload_to_batch(client_for(personas.officer), tree.officer_unit, csv_file(clean_rows("csv")))
    client.logout()
    sibling = client_for(personas.sibling)
    url = reverse("import_batch", args=[tree.officer_unit.pk, batch.pk])
    assert sibling.get(url).status_code == 404
    assert sibling.post(url).status_code == 404
    # Nor through their own unit's URL.
    other_url = reverse("import_batch", args=[tree.sibling_unit.pk, batch.pk])
    assert sibling.get(other_url).status_code == 404
    assert sibling.post(other_url).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.READY
    assert not User.objects.filter(phone="0912345678").exists()


@pytest.mark.django_db
def test_member_cannot_import(personas, tree, client_for):
    client = client_for(personas.member)
    response = upload(client, tree.officer_unit, csv_file(clean_rows("csv")))
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


# --- files that cannot be read ------------------------------------------------------------------


def assert_file_refused(response, message):
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "is-invalid" in body  # shown on the file field
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh-the.png", None),  # PNG
        ("doan-vien.csv", bytes(range(256)) * 8),  # any binary, whatever its name
        ("doan-vien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),  # old Excel 97-2003
    ],
)
def test_not_a_csv_or_xlsx_file_is_refused(personas, tree, client_for, name, data):
    uploaded = SimpleUploadedFile(name, data if data is not None else png_bytes())
    response = upload(client_for(personas.officer), tree.officer_unit, uploaded)
    assert_file_refused(response, "Tệp không phải CSV hay XLSX.")


@pytest.mark.django_db
def test_zip_that_is_not_a_workbook_is_refused(personas, tree, client_for):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải bảng tính")
    response = upload(client_for(personas.officer), tree.officer_unit, SimpleUploadedFile("doan-vien.xlsx", out.getvalue()))
    assert_file_refused(response, "Không đọc được tệp Excel.")


@pytest.mark.django_db
def test_csv_not_in_utf8_is_refused_with_the_utf8_hint(personas, tree, client_for):
    text = "Họ và tên;Số điện thoại\r\nLê Văn Hà;0912345678\r\nNguyễn Thị Thủy;0912345679\r\n"
    data = cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("cp1258") != text  # decomposed tone marks, as Windows writes them
    response = upload(client_for(personas.officer), tree.officer_unit, SimpleUploadedFile("doan-vien.csv", data))
    assert_file_refused(response, "Tệp CSV phải dùng bảng mã UTF-8")


@pytest.mark.django_db
def test_missing_name_column_is_refused(personas, tree, client_for):
    response = upload(
        client_for(personas.officer), tree.officer_unit,
        csv_file([["Số điện thoại", "Email"], ["0912345678", "mai@example.vn"]]),
    )
    assert_file_refused(response, "Thiếu cột bắt buộc: “Họ và tên”.")


@pytest.mark.django_db
def test_missing_contact_columns_is_refused(personas, tree, client_for):
    response = upload(
        client_for(personas.officer), tree.officer_unit, csv_file([["Họ và tên", "Mã đoàn viên"], ["Trần Thị Mai", "1"]])
    )
    assert_file_refused(response, "Tệp cần có cột “Số điện thoại” hoặc cột “Email”.")


@pytest.mark.django_db
def test_empty_file_is_refused(personas, tree, client_for):
    response = upload(client_for(personas.officer), tree.officer_unit, SimpleUploadedFile("trong.csv", b"\xef\xbb\xbf\r\n\r\n"))
    assert_file_refused(response, "Tệp không có dữ liệu.")


@pytest.mark.django_db
def test_too_many_rows_is_refused(personas, tree, client_for, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [HEADER] + [[f"Người {i}", f"091234500{i}", "", ""] for i in range(3)]
    response = upload(client_for(personas.officer), tree.officer_unit, csv_file(rows))
    assert_file_refused(response, "Tệp có quá nhiều dòng (tối đa 2).")
