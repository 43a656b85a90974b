"""Reading and checking CSV/XLSX files of members or units.

Parsing is separate from writing: :func:`check_members` and :func:`check_units` return clean rows
and a list of Vietnamese error messages, one per problem, each naming its row. Nothing is written
here; the services apply a batch only when it has no errors (all or nothing).
"""

import csv
import datetime
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.text import fold, normalize_phone

from .models import Level, Membership, Union, UnitType


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header...)."""


MEMBER_COLUMNS = {
    "full_name": ["ho va ten", "ho ten", "full name", "name"],
    "phone": ["so dien thoai", "dien thoai", "sdt", "phone"],
    "email": ["email", "thu dien tu"],
    "member_code": ["ma doan vien", "member code"],
}
UNIT_COLUMNS = {
    "code": ["ma don vi", "ma", "code"],
    "name": ["ten don vi", "ten", "name"],
    "short_name": ["ten viet tat", "short name"],
    "parent_code": ["ma don vi cap tren", "ma cap tren", "parent code"],
    "level": ["cap", "level"],
    "unit_type": ["loai hinh", "unit type", "type"],
    "valid_from": ["hieu luc tu", "valid from"],
    "valid_to": ["hieu luc den", "valid to"],
    "successor_code": ["sap nhap vao", "ma don vi sap nhap vao", "ma don vi tiep nhan", "merged into", "successor code"],
}


def read_table(uploaded):
    """Rows of a CSV or XLSX upload as lists of strings, blank rows kept in place (line numbers)."""
    if uploaded.size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    head = uploaded.read(4)
    uploaded.seek(0)
    if head.startswith(b"PK"):
        rows = _read_xlsx(uploaded)
    else:
        rows = _read_csv(uploaded)
    # Blank rows stay in place (dropped only at the end) so that line numbers match the file.
    while rows and not _filled(rows[-1]):
        rows.pop()
    filled = sum(1 for r in rows if _filled(r))
    if filled < 2:  # nothing, or a header alone
        raise ImportFileError(_("Tệp không có dữ liệu."))
    if filled - 1 > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(_("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": settings.IMPORT_MAX_ROWS})
    return rows


def _filled(row):
    return any(cell.strip() for cell in row)


def _numbered(rows):
    """(header, [(line, row), ...]): the first non-blank row is the header; blank rows are skipped
    but still counted, so ``line`` is the row's number in the file."""
    start = next(i for i, r in enumerate(rows) if _filled(r))
    body = [(line, row) for line, row in enumerate(rows[start + 1 :], start=start + 2) if _filled(row)]
    return rows[start], body


def _read_csv(uploaded):
    raw = uploaded.read()
    if b"\x00" in raw[:4096]:
        raise ImportFileError(_("Tệp không phải CSV hay XLSX. Hãy lưu bảng tính dưới dạng .xlsx hoặc .csv (UTF-8)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Tệp CSV phải dùng bảng mã UTF-8 (trong Excel: Lưu thành “CSV UTF-8”).")) from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(uploaded):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("Không đọc được tệp Excel. Hãy lưu lại dưới dạng .xlsx rồi thử lại.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows, filled = [], 0
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            filled += _filled(rows[-1])
            if filled > settings.IMPORT_MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _map_header(header, columns, required):
    index = {}
    for position, title in enumerate(header):
        key = fold(title).replace("_", " ").strip(" *:")
        for field, aliases in columns.items():
            if key in aliases and field not in index:
                index[field] = position
    missing = [field for field in required if field not in index]
    if missing:
        names = ", ".join(f"“{_column_label(columns, f)}”" for f in missing)
        raise ImportFileError(_("Thiếu cột bắt buộc: %(names)s.") % {"names": names})
    return index


def _column_label(columns, field):
    labels = {
        "full_name": _("Họ và tên"),
        "phone": _("Số điện thoại"),
        "email": "Email",
        "member_code": _("Mã đoàn viên"),
        "code": _("Mã đơn vị"),
        "name": _("Tên đơn vị"),
        "short_name": _("Tên viết tắt"),
        "parent_code": _("Mã đơn vị cấp trên"),
        "level": _("Cấp"),
        "unit_type": _("Loại hình"),
        "valid_from": _("Hiệu lực từ"),
        "valid_to": _("Hiệu lực đến"),
        "successor_code": _("Sáp nhập vào"),
    }
    return labels.get(field, field)


def _get(row, index, field):
    position = index.get(field)
    if position is None or position >= len(row):
        return ""
    return row[position].strip()


def check_members(rows, union):
    """Check member rows for ``union``. Returns (clean_rows, errors)."""
    header, body = _numbered(rows)
    index = _map_header(header, MEMBER_COLUMNS, required=["full_name"])
    if "phone" not in index and "email" not in index:
        raise ImportFileError(_("Tệp cần có cột “Số điện thoại” hoặc cột “Email”."))
    clean, errors = [], []
    seen_phone, seen_email, seen_code = {}, {}, {}
    for line, row in body:
        full_name = " ".join(_get(row, index, "full_name").split())
        phone_raw = _get(row, index, "phone")
        email = _get(row, index, "email").lower()
        code = _get(row, index, "member_code")
        row_errors = []
        if not full_name:
            row_errors.append(_("thiếu họ và tên"))
        elif len(full_name) > 150:
            row_errors.append(_("họ và tên quá dài (tối đa 150 ký tự)"))
        phone = normalize_phone(phone_raw) if phone_raw else None
        if phone_raw and not phone:
            row_errors.append(_("số điện thoại “%(v)s” không hợp lệ") % {"v": phone_raw})
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(_("email “%(v)s” không hợp lệ") % {"v": email})
                email = ""
        if not phone_raw and not _get(row, index, "email"):
            row_errors.append(_("cần số điện thoại hoặc email"))
        if phone and phone in seen_phone:
            row_errors.append(_("số điện thoại trùng với dòng %(n)s") % {"n": seen_phone[phone]})
        if email and email in seen_email:
            row_errors.append(_("email trùng với dòng %(n)s") % {"n": seen_email[email]})
        if code and code in seen_code:
            row_errors.append(_("mã đoàn viên trùng với dòng %(n)s") % {"n": seen_code[code]})
        if len(code) > 50:
            row_errors.append(_("mã đoàn viên quá dài (tối đa 50 ký tự)"))
        if phone:
            seen_phone.setdefault(phone, line)
        if email:
            seen_email.setdefault(email, line)
        if code:
            seen_code.setdefault(code, line)
        if row_errors:
            errors.append({"line": line, "messages": row_errors})
        else:
            clean.append({"line": line, "full_name": full_name, "phone": phone, "email": email or None, "member_code": code})
    _check_members_against_db(clean, union, errors)
    errors.sort(key=lambda e: e["line"])
    return clean, errors


def _in_chunks(queryset, field, values, size=5000):
    """``queryset.filter(<field>__in=values)``, a few thousand values per query (SQLite allows at
    most 32,766 parameters in one statement; a file may have 50,000 rows)."""
    values = sorted(set(values), key=str)
    for i in range(0, len(values), size):
        yield from queryset.filter(**{f"{field}__in": values[i : i + size]})


def _check_members_against_db(clean, union, errors):
    """Same person twice under different contacts, or already a member here: name the row."""
    phones = [r["phone"] for r in clean if r["phone"]]
    emails = [r["email"] for r in clean if r["email"]]
    by_phone = dict(_in_chunks(User.objects.values_list("phone", "pk"), "phone", phones))
    by_email = dict(_in_chunks(User.objects.values_list("email", "pk"), "email", emails))
    user_ids = set(by_phone.values()) | set(by_email.values())
    names = {pk: fold(name) for pk, name in _in_chunks(User.objects.values_list("pk", "full_name"), "pk", user_ids)}
    members_here = set(
        _in_chunks(
            Membership.objects.filter(union=union)
            .exclude(status__in=[Membership.Status.REJECTED, Membership.Status.LEFT])
            .values_list("user_id", flat=True),
            "user_id",
            user_ids,
        )
    )
    codes = [r["member_code"] for r in clean if r["member_code"]]
    codes_here = dict(
        _in_chunks(Membership.objects.filter(union=union).values_list("member_code", "user_id"), "member_code", codes)
    )
    seen_users = {}
    for row in list(clean):
        messages = []
        phone_user = by_phone.get(row["phone"])
        email_user = by_email.get(row["email"])
        if phone_user and email_user and phone_user != email_user:
            messages.append(_("số điện thoại và email thuộc về hai tài khoản khác nhau"))
        user_id = phone_user or email_user
        if user_id and not messages and names.get(user_id) != fold(row["full_name"]):
            # Never attach someone else's account because a contact was mistyped.
            which = _("số điện thoại") if phone_user else _("email")
            messages.append(
                _("%(which)s này đã thuộc về một tài khoản mang họ tên khác; hãy kiểm tra lại") % {"which": which}
            )
        if user_id and user_id in seen_users:
            messages.append(_("cùng một người với dòng %(n)s") % {"n": seen_users[user_id]})
        if user_id:
            seen_users.setdefault(user_id, row["line"])
        if user_id and user_id in members_here:
            messages.append(_("người này đã là đoàn viên của đơn vị"))
        elif row["member_code"] and codes_here.get(row["member_code"], user_id) != user_id:
            # A code may come back with its own holder (re-admitted after leaving), not anyone else.
            messages.append(_("mã đoàn viên “%(v)s” đã có trong đơn vị") % {"v": row["member_code"]})
        if messages:
            clean.remove(row)
            errors.append({"line": row["line"], "messages": messages})
        else:
            row["user_id"] = user_id


_LEVEL_ALIASES = {
    "1": Level.CENTRAL,
    "trung uong": Level.CENTRAL,
    "2": Level.PROVINCE_SECTOR,
    "tinh": Level.PROVINCE_SECTOR,
    "nganh": Level.PROVINCE_SECTOR,
    "3": Level.UPPER_GRASSROOTS,
    "cap tren co so": Level.UPPER_GRASSROOTS,
    "cap tren truc tiep co so": Level.UPPER_GRASSROOTS,
    "4": Level.GRASSROOTS,
    "co so": Level.GRASSROOTS,
    "cong doan co so": Level.GRASSROOTS,
    "cdcs": Level.GRASSROOTS,
    "5": Level.BELOW_GRASSROOTS,
    "duoi co so": Level.BELOW_GRASSROOTS,
    "bo phan": Level.BELOW_GRASSROOTS,
    "to cong doan": Level.BELOW_GRASSROOTS,
}


def _parse_level(raw):
    key = fold(raw)
    if key in _LEVEL_ALIASES:
        return int(_LEVEL_ALIASES[key])
    for value, label in Level.choices:
        if key == fold(str(label)):
            return value
    return None


def _parse_unit_type(raw):
    if not raw:
        return UnitType.OTHER.value
    key = fold(raw)
    for value, label in UnitType.choices:
        if key in (value, fold(str(label))):
            return value
    return None


def _parse_date(raw):
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def check_units(rows, root):
    """Check unit rows to create or update under ``root``. Returns (clean_rows, errors).

    A parent may be an existing unit inside ``root``'s subtree or another row of the file.
    Rows come back in an order where every parent precedes its children.
    """
    header, body = _numbered(rows)
    index = _map_header(header, UNIT_COLUMNS, required=["code", "name", "parent_code", "level"])
    clean, errors = {}, []
    seen = {}
    for line, row in body:
        values = {field: _get(row, index, field) for field in UNIT_COLUMNS}
        row_errors = []
        code = values["code"]
        if not code:
            row_errors.append(_("thiếu mã đơn vị"))
        elif len(code) > 50:
            row_errors.append(_("mã đơn vị quá dài (tối đa 50 ký tự)"))
        elif code in seen:
            row_errors.append(_("mã đơn vị “%(v)s” trùng với dòng %(n)s") % {"v": code, "n": seen[code]})
        if not values["name"]:
            row_errors.append(_("thiếu tên đơn vị"))
        elif len(values["name"]) > 255:
            row_errors.append(_("tên đơn vị quá dài"))
        level = _parse_level(values["level"])
        if level is None:
            row_errors.append(_("cấp “%(v)s” không hợp lệ (dùng 1–5 hoặc tên cấp)") % {"v": values["level"]})
        unit_type = _parse_unit_type(values["unit_type"])
        if unit_type is None:
            row_errors.append(_("loại hình “%(v)s” không hợp lệ") % {"v": values["unit_type"]})
        dates = {}
        for field in ("valid_from", "valid_to"):
            if values[field]:
                dates[field] = _parse_date(values[field])
                if dates[field] is None:
                    row_errors.append(
                        _("ngày “%(v)s” không hợp lệ (dùng dd/mm/yyyy)") % {"v": values[field]}
                    )
            else:
                dates[field] = None
        if dates.get("valid_from") and dates.get("valid_to") and dates["valid_to"] < dates["valid_from"]:
            row_errors.append(_("ngày hết hiệu lực trước ngày bắt đầu hiệu lực"))
        successor = values["successor_code"]
        if successor and successor == code:
            row_errors.append(_("đơn vị không thể sáp nhập vào chính nó"))
        elif successor and not dates.get("valid_to"):
            row_errors.append(_("đơn vị sáp nhập vào đơn vị khác cần có ngày hết hiệu lực"))
        if not values["parent_code"]:
            row_errors.append(_("thiếu mã đơn vị cấp trên"))
        elif values["parent_code"] == code:
            row_errors.append(_("đơn vị không thể là cấp trên của chính nó"))
        if code:
            seen.setdefault(code, line)
        if row_errors:
            errors.append({"line": line, "messages": row_errors})
            continue
        clean[code] = {
            "line": line,
            "code": code,
            "name": " ".join(values["name"].split()),
            "short_name": values["short_name"][:100],
            "parent_code": values["parent_code"],
            "level": level,
            "unit_type": unit_type,
            "valid_from": dates["valid_from"].isoformat() if dates["valid_from"] else None,
            "valid_to": dates["valid_to"].isoformat() if dates["valid_to"] else None,
            # None: the file has no such column (the unit's successor is left as it is).
            "successor_code": successor if "successor_code" in index else None,
        }

    successors = {r["successor_code"] for r in clean.values() if r["successor_code"]}
    existing = {
        u.code: u
        for u in _in_chunks(
            Union.objects.only("code", "path"), "code",
            set(clean) | {r["parent_code"] for r in clean.values()} | successors,
        )
    }
    for row in list(clean.values()):
        successor = row["successor_code"]
        if not successor or successor in clean:
            continue
        if successor not in existing:
            message = _("không tìm thấy đơn vị sáp nhập vào “%(v)s”") % {"v": successor}
        elif not existing[successor].path.startswith(root.path):
            message = _("đơn vị sáp nhập vào “%(v)s” nằm ngoài phạm vi quản lý") % {"v": successor}
        else:
            continue
        errors.append({"line": row["line"], "messages": [message]})
        del clean[row["code"]]
    for row in list(clean.values()):
        unit = existing.get(row["code"])
        if unit is not None and not unit.path.startswith(root.path):
            errors.append({"line": row["line"], "messages": [_("mã đơn vị “%(v)s” đã thuộc về đơn vị ngoài phạm vi quản lý") % {"v": row["code"]}]})
            del clean[row["code"]]
        elif unit is not None and unit.pk == root.pk:
            errors.append({"line": row["line"], "messages": [_("không thể sửa đơn vị gốc bằng tệp nhập")]})
            del clean[row["code"]]

    # An existing parent that the file leaves in place still moves with any of its ancestors the
    # file moves: a row under it waits for those rows, and never gets placed if it is one of them
    # (a unit cannot go under its own descendant).
    in_file_by_path = {existing[code].path: code for code in clean if code in existing}

    def waits_for(parent_unit):
        return {in_file_by_path[p] for p in parent_unit.ancestor_paths() if p in in_file_by_path}

    ordered, placed = [], set()
    pending = dict(clean)
    while pending:
        progress = False
        for code, row in list(pending.items()):
            parent = row["parent_code"]
            parent_unit = existing.get(parent)
            if parent in placed or (
                parent_unit is not None
                and parent not in clean
                and parent_unit.path.startswith(root.path)
                and waits_for(parent_unit) <= placed
            ):
                ordered.append(row)
                placed.add(code)
                del pending[code]
                progress = True
        if not progress:
            for row in pending.values():
                parent = row["parent_code"]
                if parent in clean or parent in pending or (
                    parent in existing and existing[parent].path.startswith(root.path)
                ):
                    message = _("vòng lặp cấp trên qua mã “%(v)s”") % {"v": parent}
                elif parent in existing:
                    message = _("đơn vị cấp trên “%(v)s” nằm ngoài phạm vi quản lý") % {"v": parent}
                else:
                    message = _("không tìm thấy đơn vị cấp trên “%(v)s”") % {"v": parent}
                errors.append({"line": row["line"], "messages": [message]})
            break
    errors.sort(key=lambda e: e["line"])
    return ordered, errors
