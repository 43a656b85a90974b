"""Writes for the organisation tree: units, members, roles, imports. One transaction each,
audit row inside it, tasks enqueued on commit."""

import datetime
import logging
import secrets
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from accounts.text import fold
from audit.services import audit_record
from core.counters import bump, bump_path
from core.errors import ServiceError

from . import imports, selectors
from .models import PATH_STEP, ImportBatch, Membership, Role, Union, path_segment

logger = logging.getLogger(__name__)

IMPORT_CHUNK = 1000  # rows written per bulk statement (and per progress update)
PROGRESS_TTL = 24 * 3600
MEMBERSHIP_FIELDS = ["member_code", "status", "joined_on", "decided_at", "decided_by"]
UNIT_FIELDS = ["name", "short_name", "level", "unit_type", "valid_from", "valid_to", "search_text"]


def recount_on_commit(union_id):
    """Recount ``union_id``'s members in the worker once the caller's transaction commits.

    ``robust``: a broker that is down must not turn an action that has committed into an error
    page; the count is then put right by the next change in the unit, or by
    ``manage.py recount_members``.
    """
    from .tasks import recount_members

    transaction.on_commit(lambda: recount_members.delay(union_id), robust=True)


def union_recount_members(*, union_id):
    """Set a unit's ``member_count`` to its active memberships now (recomputed, never incremented).

    The unit's own members only: a unit's members together with those of the units below it are
    summed at read time (``selectors.subtree_member_total(s)``), so moving a unit in the tree
    never leaves a stale total behind.
    """
    count = Membership.objects.active().filter(union_id=union_id).count()
    return Union.objects.filter(pk=union_id).update(member_count=count)


def union_recount_all_members():
    """Recount every unit in one UPDATE (repairs counts after lost tasks). Returns units updated."""
    from django.db.models import Count, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    counts = (
        Membership.objects.active().filter(union_id=OuterRef("pk")).order_by().values("union_id")
        .annotate(n=Count("pk")).values("n")
    )
    return Union.objects.update(member_count=Coalesce(Subquery(counts), Value(0)))


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


def _check_accepts_new_members(union):
    """ServiceError when ``union`` has ended (merged or dissolved): no new members, no invites."""
    refusal = union.new_members_refusal()
    if refusal:
        raise ServiceError(refusal)


@transaction.atomic
def union_reset_invite(*, actor, union):
    _check_accepts_new_members(union)
    union.invite_token = None
    union.ensure_invite_token()
    union.save(update_fields=["invite_token"])
    audit_record(actor=actor, verb="union.invite_reset", obj=union, unit=union)
    return union


def union_get_or_create_invite(*, union):
    """The unit's invite token, made on first use. Refused once the unit has ended."""
    _check_accepts_new_members(union)
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
    base = _username_base(phone, email)
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
    Refused once the unit has ended (merged or dissolved).
    """
    _check_accepts_new_members(union)
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
    recount_on_commit(union.pk)
    return membership


@transaction.atomic
def member_register(*, union, full_name, phone, email, password, member_code=""):
    """A person registers through a unit's invite link: a pending membership for the officer, who
    is told (``signals.member_registered``; the notifications app sends it).

    Refused once the unit has ended (the link then leads nowhere: ``views.join`` is a 404).
    """
    _check_accepts_new_members(union)
    if phone and User.objects.filter(phone=phone).exists():
        raise ServiceError(_("Số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc liên hệ cán bộ công đoàn."))
    if email and User.objects.filter(email=email).exists():
        raise ServiceError(_("Email này đã có tài khoản. Hãy đăng nhập, hoặc liên hệ cán bộ công đoàn."))
    user, _created = _find_or_create_user(full_name=full_name, phone=phone, email=email, password=password)
    membership = Membership.objects.create(user=user, union=union, member_code=member_code)
    bump_path("registrations", union.path)
    audit_record(actor=user, verb="member.registered", obj=membership, unit=union)
    from .signals import member_registered  # the unit's officers are told (notifications listens)

    member_registered.send(sender=Membership, membership=membership)
    return membership


def _decide(*, actor, membership, status, verb):
    if status == Membership.Status.ACTIVE:
        _check_accepts_new_members(membership.union)
    updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.PENDING).update(
        status=status,
        decided_at=timezone.now(),
        decided_by=actor,
        joined_on=timezone.localdate() if status == Membership.Status.ACTIVE else None,
    )
    if not updated:
        raise ServiceError(_("Đăng ký này đã được xử lý."))
    membership.refresh_from_db()
    bump_path("registrations", membership.union.path)
    audit_record(actor=actor, verb=verb, obj=membership, unit=membership.union, data={"user": membership.user_id})
    recount_on_commit(membership.union_id)
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


@transaction.atomic
def member_login_unlock(*, actor, membership):
    """Lift the login lockout of a member of a unit ``actor`` manages (every address, every
    identifier); return how many lockout records were cleared. Audited, with the count."""
    from accounts.services import login_lockouts_clear

    from .access import login_unlock_refusal

    membership = Membership.objects.select_related("user", "union").get(pk=membership.pk)
    target = membership.user
    refusal = login_unlock_refusal(actor, target, selectors.user_role_paths(target))
    if refusal:
        raise ServiceError(refusal)
    cleared = login_lockouts_clear(user=target)
    audit_record(actor=actor, verb="account.unlocked", obj=target, unit=membership.union,
                 data={"user": target.pk, "membership": membership.pk, "cleared": cleared})
    return cleared


# --- Imports --------------------------------------------------------------------------------


def import_preview(*, actor, union, uploaded, kind):
    """Read and check a file; store the result as a batch to confirm. Raises ImportFileError, or
    ServiceError for a member file when the unit has ended. (A unit file may still rework the
    subtree of an ended unit, e.g. move its children to the successor.)"""
    if kind == ImportBatch.Kind.MEMBERS:
        _check_accepts_new_members(union)
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


def import_confirm(*, actor, batch):
    """The officer confirms a checked batch: small files are applied now (``import_apply``);
    files above ``settings.IMPORT_ASYNC_ROWS`` rows go to the background worker
    (``import_enqueue``). Returns the number of rows imported, or None when queued."""
    if len(batch.rows) > settings.IMPORT_ASYNC_ROWS:
        import_enqueue(actor=actor, batch=batch)
        return None
    return import_apply(actor=actor, batch=batch)


@transaction.atomic
def import_enqueue(*, actor, batch):
    """Mark a ready batch as queued and start the background import when this commits."""
    from .tasks import apply_import

    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
        status=ImportBatch.Status.QUEUED, progress_total=len(batch.rows), progress_done=0, failure_message=""
    )
    if not updated:
        raise ServiceError(_("Tệp này đã được nhập, hoặc còn lỗi."))
    audit_record(
        actor=actor,
        verb=f"import.{batch.kind}.queued",
        obj=batch,
        unit=batch.union,
        data={"rows": len(batch.rows), "file": batch.file_name},
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: apply_import.delay(batch_id), robust=True)  # lost: the sweep re-sends it
    batch.status, batch.progress_total = ImportBatch.Status.QUEUED, len(batch.rows)


def import_run(*, batch_id):
    """Apply a queued batch in the background worker; idempotent.

    Not one transaction, on purpose: the claim (queued → running) commits first so that the page
    shows "running"; the apply itself is then one transaction, all or nothing, that ends with a
    conditional ``UPDATE … WHERE status='running'`` to applied. A second run (a duplicate
    delivery, a retry after the worker died) finds the batch applied or failed and does nothing; a
    run that overlaps a live one waits for its row lock and then finds it applied. A failure rolls
    everything back and marks the batch failed with a Vietnamese message. Progress (rows done)
    goes to the cache while the transaction is open (``ImportBatch.progress``).
    """
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
    ).update(status=ImportBatch.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    key = ImportBatch.progress_cache_key(batch_id)
    cache.set(key, 0, timeout=PROGRESS_TTL)

    def progress(done):
        cache.set(key, done, timeout=PROGRESS_TTL)

    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, status=ImportBatch.Status.RUNNING).first()
            if batch is None:  # an overlapping run finished it while this one waited
                return None
            return _apply_batch(actor=batch.created_by, batch=batch, progress=progress)
    except ServiceError as exc:
        message = str(exc)
    except Exception:
        logger.exception("Import batch %s failed", batch_id)
        message = _("Có lỗi khi nhập tệp; chưa nhập dòng nào. Hãy thử lại sau hoặc báo quản trị viên.")
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, failure_message=message, progress_done=0
    )
    cache.delete(key)
    return None


@transaction.atomic
def import_apply(*, actor, batch):
    """Apply a checked batch now, all or nothing. Re-checks against the database first."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.READY:
        raise ServiceError(_("Tệp này đã được nhập, hoặc còn lỗi."))
    count = _apply_batch(actor=actor, batch=locked)
    batch.status, batch.applied_at = locked.status, locked.applied_at
    return count


def _apply_batch(*, actor, batch, progress=None):
    """Inside the caller's transaction: apply ``batch`` (locked), mark it applied, audit it."""
    progress = progress or (lambda done: None)
    if batch.kind == ImportBatch.Kind.MEMBERS:
        _check_accepts_new_members(batch.union)  # it may have ended since the file was checked
        count = _apply_members(actor=actor, batch=batch, progress=progress)
    else:
        count = _apply_units(actor=actor, batch=batch, progress=progress)
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.progress_total = batch.progress_done = count
    batch.save(update_fields=["status", "applied_at", "progress_total", "progress_done"])
    audit_record(
        actor=actor,
        verb=f"import.{batch.kind}",
        obj=batch,
        unit=batch.union,
        data={"rows": count, "file": batch.file_name},
    )
    return count


def _free_usernames(bases):
    """Unused usernames for ``bases`` (``_free_username``'s scheme: base, base2, base3…), unique
    among themselves too. A few queries for the whole file, not one per row."""
    lowered = sorted({b.lower() for b in bases})
    # Usernames are compared case-insensitively (``_free_username``): the few accounts whose
    # username has capitals are read once; the rest are looked up by the unique index.
    mixed_case = {u.lower() for u in User.objects.exclude(username=Lower("username")).values_list("username", flat=True)}
    taken = {u for u in mixed_case if u in set(lowered)}
    for chunk in _chunks(lowered):
        taken.update(User.objects.filter(username__in=chunk).values_list("username", flat=True))
    counts = Counter(b.lower() for b in bases)
    for base in (b for b in lowered if b in taken or counts[b] > 1):
        taken.update(User.objects.filter(username__startswith=base).values_list("username", flat=True))
        taken.update(u for u in mixed_case if u.startswith(base))
    names = []
    for base in bases:
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate.lower())
        names.append(candidate)
    return names


def _username_base(phone, email):
    base = phone or (email.split("@")[0] if email else "doanvien")
    return "".join(ch for ch in base.lower() if ch.isalnum() or ch in "._-")[:30] or "doanvien"


def _chunks(items, size=IMPORT_CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _apply_members(*, actor, batch, progress):
    """Re-check the rows against the database, then write them in bulk, chunk by chunk:
    new accounts (no usable password) and memberships; a rejected or departed member of the unit
    is reactivated. One transaction (the caller's); the member count is recomputed on commit."""
    union = batch.union
    header = [["Họ và tên", "Số điện thoại", "Email", "Mã đoàn viên"]]
    rows = header + [[r["full_name"], r["phone"] or "", r["email"] or "", r["member_code"]] for r in batch.rows]
    clean, errors = imports.check_members(rows, union)  # the database may have moved on
    if errors:
        raise ServiceError(_("Dữ liệu đã thay đổi từ lúc kiểm tra; hãy tải tệp lên lại."))
    now, today = timezone.now(), timezone.localdate()
    new_rows = [r for r in clean if not r["user_id"]]
    usernames = iter(_free_usernames([_username_base(r["phone"], r["email"]) for r in new_rows]))
    known_ids = [r["user_id"] for r in clean if r["user_id"]]
    earlier = {}  # user_id -> the unit's rejected/left membership of that user
    for chunk in _chunks(known_ids):
        earlier.update((m.user_id, m) for m in Membership.objects.filter(union=union, user_id__in=chunk))
    done = 0
    try:
        with transaction.atomic():
            for chunk in _chunks(clean):
                users = []
                for row in chunk:
                    if not row["user_id"]:
                        user = User(
                            full_name=row["full_name"], phone=row["phone"], email=row["email"], username=next(usernames)
                        )
                        user.set_unusable_password()
                        users.append(user.normalise())  # bulk_create skips save()
                created = iter(User.objects.bulk_create(users))
                fresh, reactivated = [], []
                for row in chunk:
                    user_id = row["user_id"] or next(created).pk
                    values = {
                        "member_code": row["member_code"],
                        "status": Membership.Status.ACTIVE,
                        "joined_on": today,
                        "decided_at": now,
                        "decided_by": actor,
                    }
                    if user_id in earlier:
                        membership = earlier[user_id]
                        for field, value in values.items():
                            setattr(membership, field, value)
                        reactivated.append(membership)
                    else:
                        fresh.append(Membership(user_id=user_id, union=union, **values))
                Membership.objects.bulk_create(fresh)
                if reactivated:
                    Membership.objects.bulk_update(reactivated, MEMBERSHIP_FIELDS)
                done += len(chunk)
                progress(done)
    except IntegrityError:
        # Someone created an account with one of these phones/emails while the file was applied.
        raise ServiceError(
            _("Trùng dữ liệu với một tài khoản vừa được tạo trong lúc nhập; chưa nhập dòng nào. "
              "Hãy tải tệp lên lại.")
        ) from None
    recount_on_commit(union.pk)
    return done


def _apply_units(*, actor, batch, progress):
    """Create, update and move the file's units under ``batch.union``, in waves: a row waits for the
    rows its parent depends on (the parent itself, or an ancestor the file moves). In each wave,
    moves go through ``Union.save`` (it rewrites the moved subtree's paths), updates in place are
    one bulk UPDATE, and new units are bulk-inserted, then given their paths in one bulk UPDATE.
    Successors ("Sáp nhập vào") are set last, when every unit of the file exists."""
    root = batch.union
    rows = batch.rows
    codes = {r["code"] for r in rows} | {r["parent_code"] for r in rows} | {r.get("successor_code") or r["code"] for r in rows}
    existing = {}
    for chunk in _chunks(sorted(codes)):
        existing.update((u.code, u) for u in Union.objects.filter(code__in=chunk))
    in_file = {r["code"]: r for r in rows}
    in_file_by_path = {existing[c].path: c for c in in_file if c in existing}
    wave = {}
    for row in rows:  # parents (and the rows they wait for) come first: check_units' order
        parent = row["parent_code"]
        depends = set()
        if parent in in_file:
            depends.add(parent)
        elif parent in existing:
            depends.update(in_file_by_path[p] for p in existing[parent].ancestor_paths() if p in in_file_by_path)
        wave[row["code"]] = 1 + max((wave.get(c, 0) for c in depends), default=-1)

    done = 0
    for level in sorted(set(wave.values())):
        moves, updates, creates = [], [], []
        for row in (r for r in rows if wave[r["code"]] == level):
            unit = existing.get(row["code"])
            if unit is not None and (unit.pk == root.pk or not unit.path.startswith(root.path)):
                # The code was taken outside the importer's subtree after the file was checked.
                raise ServiceError(_("Dòng %(n)s: mã đơn vị “%(v)s” đã thuộc về đơn vị ngoài phạm vi quản lý.")
                                   % {"n": row["line"], "v": row["code"]})
            parent = existing[row["parent_code"]]
            if unit is None:
                unit = Union(code=row["code"], path=f"~{secrets.token_hex(8)}")  # path set below
                creates.append((row, unit))
            elif unit.parent_id != parent.pk:
                moves.append((row, unit))
            else:
                updates.append((row, unit))
            unit.parent = parent
            unit.name = row["name"]
            unit.short_name = row["short_name"]
            unit.level = row["level"]
            unit.unit_type = row["unit_type"]
            unit.valid_from = datetime.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None
            unit.valid_to = datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
            unit.search_text = unit.folded_search_text()
            existing[unit.code] = unit
        for row, unit in moves:
            try:
                unit.save()
            except ValueError as exc:
                raise ServiceError(_("Dòng %(n)s: %(e)s") % {"n": row["line"], "e": exc}) from None
            if not unit.path.startswith(root.path):
                raise ServiceError(_("Dòng %(n)s: đơn vị cấp trên nằm ngoài phạm vi.") % {"n": row["line"]})
            done += 1
            progress(done)
        for chunk in _chunks(updates):
            Union.objects.bulk_update([u for _r, u in chunk], UNIT_FIELDS)
            done += len(chunk)
            progress(done)
        for chunk in _chunks(creates):
            units = Union.objects.bulk_create([u for _r, u in chunk])
            bump("units")
            parent_paths = dict(
                Union.objects.filter(pk__in={u.parent_id for u in units}).values_list("pk", "path")
            )
            for (row, _unit), unit in zip(chunk, units, strict=True):
                unit.path = parent_paths[unit.parent_id] + path_segment(unit.pk)
                unit.depth = len(unit.path) // PATH_STEP - 1
                if not unit.path.startswith(root.path):
                    raise ServiceError(_("Dòng %(n)s: đơn vị cấp trên nằm ngoài phạm vi.") % {"n": row["line"]})
            Union.objects.bulk_update(units, ["path", "depth"])
            done += len(chunk)
            progress(done)
    _apply_successors(rows, existing, root)
    return done


def _apply_successors(rows, units, root):
    """Set the successor ("Sáp nhập vào") of the file's units once every unit exists; a blank cell
    clears it, a file without the column leaves it alone. A unit cannot merge into its own subtree."""
    changed = []
    for row in rows:
        code = row.get("successor_code")
        if code is None:
            continue
        unit = units[row["code"]]
        successor = units[code] if code else None
        if successor is not None and not successor.path.startswith(root.path):
            raise ServiceError(_("Dòng %(n)s: đơn vị sáp nhập vào nằm ngoài phạm vi.") % {"n": row["line"]})
        if successor is not None and successor.path.startswith(unit.path):
            raise ServiceError(_("Dòng %(n)s: đơn vị không thể sáp nhập vào đơn vị trực thuộc của chính nó.")
                               % {"n": row["line"]})
        if unit.successor_id != (successor.pk if successor else None):
            unit.successor = successor
            changed.append(unit)
    for chunk in _chunks(changed):
        Union.objects.bulk_update(chunk, ["successor"])


def imports_recover_stuck(*, now=None):
    """The recovery sweep for import batches (beat, every RECOVERY_SWEEP_MINUTES).

    A batch still ``queued`` a lease after it was queued lost its enqueue (the broker was down):
    it is sent again (``import_run`` is idempotent). A batch ``running`` for more than twice the
    task's hard time limit lost its worker (its transaction rolled back, nothing was applied): it
    is marked failed with a message, and its officer may start it again. Returns ``(resent, failed)``.
    """
    from .tasks import apply_import

    now = now or timezone.now()
    limit = settings.CELERY_TASK_ANNOTATIONS["unions.tasks.apply_import"]["time_limit"]
    stale_queued = list(
        ImportBatch.objects.filter(
            status=ImportBatch.Status.QUEUED, created_at__lt=now - datetime.timedelta(seconds=settings.MEDIA_PROCESS_LEASE_SECONDS)
        ).values_list("pk", flat=True)[:100]
    )
    resent = 0
    for pk in stale_queued:
        try:
            apply_import.delay(pk)
        except (BrokerError, OSError):
            logger.warning("import batch %s could not be queued; the next sweep retries", pk)
            break
        resent += 1
    failed = ImportBatch.objects.filter(
        status=ImportBatch.Status.RUNNING, started_at__lt=now - datetime.timedelta(seconds=2 * limit)
    ).update(
        status=ImportBatch.Status.FAILED, progress_done=0,
        failure_message=_("Quá trình nhập bị gián đoạn; chưa nhập dòng nào. Hãy nhập lại tệp."),
    )
    return resent, failed
