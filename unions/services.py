"""Writes for the organisation tree: units, members, roles, imports. One transaction each,
audit row inside it, tasks enqueued on commit."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.text import fold
from audit.services import audit_record

from . import imports, selectors
from .models import ImportBatch, Membership, Role, Union


class ServiceError(Exception):
    """A rule stopped the action; the message is for the user (``field``: the form field it is about)."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _recount_on_commit(union_id):
    from .tasks import recount_members

    transaction.on_commit(lambda: recount_members.delay(union_id))


def union_recount_members(*, union_id):
    count = Membership.objects.active().filter(union_id=union_id).count()
    return Union.objects.filter(pk=union_id).update(member_count=count)


@transaction.atomic
def union_create(*, actor, parent, name, code, level, short_name="", unit_type="other", valid_from=None):
    unit = Union.objects.create(
        parent=parent,
        name=name,
        code=code,
        level=level,
        short_name=short_name,
        unit_type=unit_type,
        valid_from=valid_from,
    )
    audit_record(actor=actor, verb="union.created", obj=unit, unit=unit, data={"code": code})
    return unit


@transaction.atomic
def union_reset_invite(*, actor, union):
    union.invite_token = None
    union.ensure_invite_token()
    union.save(update_fields=["invite_token"])
    audit_record(actor=actor, verb="union.invite_reset", obj=union, unit=union)
    return union


def union_get_or_create_invite(*, union):
    if not union.invite_token:
        union.ensure_invite_token()
        Union.objects.filter(pk=union.pk, invite_token__isnull=True).update(invite_token=union.invite_token)
        union.refresh_from_db(fields=["invite_token"])
    return union.invite_token


# --- Roles ----------------------------------------------------------------------------------


@transaction.atomic
def role_grant(*, actor, user, union, kind):
    role, created = Role.objects.get_or_create(user=user, union=union, kind=kind, defaults={"granted_by": actor})
    if created:
        audit_record(
            actor=actor, verb="role.granted", obj=role, unit=union, data={"user": user.pk, "kind": kind}
        )
    return role


@transaction.atomic
def role_revoke(*, actor, role):
    audit_record(
        actor=actor,
        verb="role.revoked",
        obj=role,
        unit=role.union,
        data={"user": role.user_id, "kind": role.kind},
    )
    role.delete()


# --- Members --------------------------------------------------------------------------------


def _find_or_create_user(*, full_name, phone, email, password=None):
    user = None
    if phone:
        user = User.objects.filter(phone=phone).first()
    if user is None and email:
        user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User(full_name=full_name, phone=phone, email=email, username=_free_username(phone, email))
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user, True


def _free_username(phone, email):
    base = phone or (email.split("@")[0] if email else "doanvien")
    base = "".join(ch for ch in base.lower() if ch.isalnum() or ch in "._-")[:30] or "doanvien"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _same_name(a, b):
    """Whether two spellings are one name: case, spacing and diacritics aside ("Hoang van Nam")."""
    return fold(a) == fold(b)


def _check_existing_contacts(*, full_name, phone, email):
    """Refuse to attach an existing account the officer did not mean.

    The phone and the email must not lead to two different accounts (the file import's rule), and
    an account found by them must carry the name the officer typed: a mistyped phone number would
    otherwise silently make someone else — under their own name — a member of the unit. The other
    account's name is not shown: the officer may not know who it is.
    """
    by_phone = User.objects.filter(phone=phone).first() if phone else None
    by_email = User.objects.filter(email=email).first() if email else None
    if by_phone and by_email and by_phone.pk != by_email.pk:
        raise ServiceError(_("Số điện thoại và email thuộc về hai tài khoản khác nhau. Hãy kiểm tra lại."))
    if by_phone and not _same_name(by_phone.full_name, full_name):
        raise ServiceError(
            _("Số điện thoại này đã thuộc về một tài khoản mang họ tên khác. Hãy kiểm tra lại số điện thoại "
              "và họ tên (họ tên phải trùng với tài khoản đã có)."),
            field="phone",
        )
    if by_email and not _same_name(by_email.full_name, full_name):
        raise ServiceError(
            _("Email này đã thuộc về một tài khoản mang họ tên khác. Hãy kiểm tra lại email và họ tên "
              "(họ tên phải trùng với tài khoản đã có)."),
            field="email",
        )


@transaction.atomic
def member_add(*, actor, union, full_name, phone=None, email=None, member_code=""):
    """Add one member, active at once (an officer vouches for them).

    An existing account is reused only when its phone/email and name match what the officer typed.
    """
    _check_existing_contacts(full_name=full_name, phone=phone, email=email)
    user, created = _find_or_create_user(full_name=full_name, phone=phone, email=email)
    existing = Membership.objects.filter(user=user, union=union).first()
    if existing is not None and existing.status in (Membership.Status.ACTIVE, Membership.Status.PENDING):
        raise ServiceError(_("Người này đã là đoàn viên (hoặc đang chờ duyệt) của đơn vị."))
    now = timezone.now()
    if existing is None:
        membership = Membership.objects.create(
            user=user,
            union=union,
            member_code=member_code,
            status=Membership.Status.ACTIVE,
            joined_on=timezone.localdate(),
            decided_at=now,
            decided_by=actor,
        )
    else:
        membership = existing
        membership.status = Membership.Status.ACTIVE
        membership.member_code = member_code or membership.member_code
        membership.decided_at, membership.decided_by = now, actor
        membership.save()
    audit_record(
        actor=actor, verb="member.added", obj=membership, unit=union, data={"user": user.pk, "new_user": created}
    )
    _recount_on_commit(union.pk)
    return membership


@transaction.atomic
def member_register(*, union, full_name, phone, email, password, member_code=""):
    """A person registers through a unit's invite link: a pending membership for the officer."""
    if phone and User.objects.filter(phone=phone).exists():
        raise ServiceError(_("Số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc liên hệ cán bộ công đoàn."))
    if email and User.objects.filter(email=email).exists():
        raise ServiceError(_("Email này đã có tài khoản. Hãy đăng nhập, hoặc liên hệ cán bộ công đoàn."))
    user, _created = _find_or_create_user(full_name=full_name, phone=phone, email=email, password=password)
    membership = Membership.objects.create(user=user, union=union, member_code=member_code)
    audit_record(actor=user, verb="member.registered", obj=membership, unit=union)
    return membership


def _decide(*, actor, membership, status, verb):
    updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.PENDING).update(
        status=status,
        decided_at=timezone.now(),
        decided_by=actor,
        joined_on=timezone.localdate() if status == Membership.Status.ACTIVE else None,
    )
    if not updated:
        raise ServiceError(_("Đăng ký này đã được xử lý."))
    membership.refresh_from_db()
    audit_record(actor=actor, verb=verb, obj=membership, unit=membership.union, data={"user": membership.user_id})
    _recount_on_commit(membership.union_id)
    return membership


@transaction.atomic
def membership_approve(*, actor, membership):
    return _decide(actor=actor, membership=membership, status=Membership.Status.ACTIVE, verb="member.approved")


@transaction.atomic
def membership_reject(*, actor, membership):
    return _decide(actor=actor, membership=membership, status=Membership.Status.REJECTED, verb="member.rejected")


@transaction.atomic
def member_issue_temp_password(*, actor, membership):
    """Give an active member of a unit ``actor`` manages a temporary password; return it.

    For members who cannot reset by email (added or imported with a phone number only) or who lost
    their password: the officer reads it out once; the member must set their own at next sign-in.
    The old password and the member's open sessions stop working. Refused for accounts that are
    not the officer's to take over (``access.temp_password_refusal``). The audit row names the
    member, never the password.
    """
    from accounts.services import user_set_temporary_password

    from .access import temp_password_refusal

    membership = Membership.objects.select_related("user", "union").get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise ServiceError(_("Chỉ cấp mật khẩu tạm cho đoàn viên đang sinh hoạt."))
    target = User.objects.select_for_update().get(pk=membership.user_id)
    role_paths = selectors.user_role_paths(target)
    refusal = temp_password_refusal(actor, target, role_paths)
    if refusal:
        raise ServiceError(refusal)
    had_own_password = target.has_usable_password() and not target.must_change_password
    password = user_set_temporary_password(user=target)
    audit_record(
        actor=actor,
        verb="account.temp_password_issued",
        obj=target,
        unit=membership.union,
        data={"user": target.pk, "membership": membership.pk, "replaced_own_password": had_own_password},
    )
    membership.user = target
    return password


# --- Imports --------------------------------------------------------------------------------


def import_preview(*, actor, union, uploaded, kind):
    """Read and check a file; store the result as a batch to confirm. Raises ImportFileError."""
    rows = imports.read_table(uploaded)
    if kind == ImportBatch.Kind.MEMBERS:
        clean, errors = imports.check_members(rows, union)
    else:
        clean, errors = imports.check_units(rows, union)
    return ImportBatch.objects.create(
        kind=kind,
        union=union,
        created_by=actor,
        file_name=getattr(uploaded, "name", "")[:255],
        status=ImportBatch.Status.INVALID if errors else ImportBatch.Status.READY,
        rows=clean,
        errors=errors,
    )


@transaction.atomic
def import_apply(*, actor, batch):
    """Apply a checked batch, all or nothing. Re-checks against the database first."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.READY:
        raise ServiceError(_("Tệp này đã được nhập, hoặc còn lỗi."))
    if locked.kind == ImportBatch.Kind.MEMBERS:
        count = _apply_members(actor=actor, batch=locked)
    else:
        count = _apply_units(actor=actor, batch=locked)
    locked.status = ImportBatch.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.save(update_fields=["status", "applied_at"])
    audit_record(
        actor=actor,
        verb=f"import.{locked.kind}",
        obj=locked,
        unit=locked.union,
        data={"rows": count, "file": locked.file_name},
    )
    batch.status, batch.applied_at = locked.status, locked.applied_at
    return count


def _apply_members(*, actor, batch):
    union = batch.union
    header = [["Họ và tên", "Số điện thoại", "Email", "Mã đoàn viên"]]
    rows = header + [[r["full_name"], r["phone"] or "", r["email"] or "", r["member_code"]] for r in batch.rows]
    clean, errors = imports.check_members(rows, union)  # the database may have moved on
    if errors:
        raise ServiceError(_("Dữ liệu đã thay đổi từ lúc kiểm tra; hãy tải tệp lên lại."))
    for row, checked in zip(clean, batch.rows, strict=True):
        row["line"] = checked["line"]  # the line in the officer's file, for messages
    now, today = timezone.now(), timezone.localdate()
    for row in clean:
        try:
            with transaction.atomic():
                user, _created = _find_or_create_user(
                    full_name=row["full_name"], phone=row["phone"], email=row["email"]
                )
                Membership.objects.update_or_create(
                    user=user,
                    union=union,
                    defaults={
                        "member_code": row["member_code"],
                        "status": Membership.Status.ACTIVE,
                        "joined_on": today,
                        "decided_at": now,
                        "decided_by": actor,
                    },
                )
        except IntegrityError:
            raise ServiceError(
                _("Dòng %(n)s: trùng dữ liệu với một tài khoản đã có; hãy tải tệp lên lại.") % {"n": row["line"]}
            ) from None
    _recount_on_commit(union.pk)
    return len(clean)


def _apply_units(*, actor, batch):
    rows = batch.rows
    existing = {u.code: u for u in Union.objects.filter(code__in=[r["code"] for r in rows] + [r["parent_code"] for r in rows])}
    count = 0
    for row in rows:
        parent = existing[row["parent_code"]]
        if not parent.path.startswith(batch.union.path):
            raise ServiceError(_("Dòng %(n)s: đơn vị cấp trên nằm ngoài phạm vi.") % {"n": row["line"]})
        unit = existing.get(row["code"]) or Union(code=row["code"])
        if unit.pk is not None and (unit.pk == batch.union.pk or not unit.path.startswith(batch.union.path)):
            # The code was taken outside the importer's subtree after the file was checked.
            raise ServiceError(_("Dòng %(n)s: mã đơn vị “%(v)s” đã thuộc về đơn vị ngoài phạm vi quản lý.")
                               % {"n": row["line"], "v": row["code"]})
        unit.parent = parent
        unit.name = row["name"]
        unit.short_name = row["short_name"]
        unit.level = row["level"]
        unit.unit_type = row["unit_type"]
        unit.valid_from = datetime.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None
        unit.valid_to = datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        try:
            unit.save()
        except ValueError as exc:
            raise ServiceError(_("Dòng %(n)s: %(e)s") % {"n": row["line"], "e": exc}) from None
        existing[unit.code] = unit
        count += 1
    return count
