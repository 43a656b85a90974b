import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError

from .models import ApiToken, User
from .passwords import generate_temp_password


@transaction.atomic
def user_update_profile(*, user, full_name, phone, email):
    changed = {}
    for field, value in (("full_name", full_name), ("phone", phone), ("email", email)):
        if getattr(user, field) != value:
            changed[field] = True
            setattr(user, field, value)
    if changed:
        user.save()
        audit_record(actor=user, verb="account.profile_updated", obj=user, data={"fields": sorted(changed)})
    return user


@transaction.atomic
def user_language_set(*, user, language):
    """Remember the language ``user`` reads in (a code of ``settings.LANGUAGES``). No-op when unchanged."""
    if language == user.language:
        return user
    User.objects.filter(pk=user.pk).update(language=language)
    audit_record(actor=user, verb="account.language_set", obj=user, data={"from": user.language, "to": language})
    user.language = language
    return user


def login_names(user):
    """Every name a user can sign in with, as the lockout counts them (see ``axes_username``)."""
    from .backends import axes_username

    raw = [user.username, user.phone, user.email]
    return sorted({axes_username(None, {"username": name}) for name in raw if name})


@transaction.atomic
def user_password_was_reset(*, user):
    """After a password reset by email link: lift any login lockout, so the new password works now.

    The lockout page sends locked-out members to "forgot password"; without this they would set a
    new password and still be refused for the rest of the lockout.
    """
    cleared = _clear_lockouts(user)
    if user.must_change_password:  # they chose their own password through the email link
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
    audit_record(actor=user, verb="account.password_reset", obj=user, data={"lockouts_cleared": cleared})
    return cleared


def login_lockouts_clear(*, user):
    """Delete the login failures counted against ``user`` (from every address); return how many.

    Runs inside the caller's transaction, which records who lifted the lockout.
    """
    return _clear_lockouts(user)


def _clear_lockouts(user):
    from axes.utils import reset as axes_reset

    return sum(axes_reset(username=name) for name in login_names(user))


def user_set_temporary_password(*, user):
    """Give ``user`` a new random temporary password and return it (the only time it exists in clear).

    The old password stops working, and with it every session the account had open (Django ties a
    session to the password hash). The account must choose its own password at its next sign-in,
    and login lockouts are lifted so that it can sign in now. The caller — the officer's action in
    ``unions.services`` — runs this inside its transaction and records the audit row; the password
    never goes into it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("user_set_temporary_password() must run inside the issuing action's transaction")
    password = generate_temp_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _clear_lockouts(user)
    return password


@transaction.atomic
def user_set_own_password(*, user, password):
    """The member replaces a temporary password with one of their own; other pages open again."""
    user.set_password(password)
    was_temporary = user.must_change_password
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=user, verb="account.password_set", obj=user, data={"replaced_temporary": was_temporary})
    return user


# --- API tokens -------------------------------------------------------------------------------

API_TOKEN_PREFIX = "lt_"  # noqa: S105 - the marker every key starts with, not a secret
API_TOKENS_MAX = 10  # active keys per person


def api_token_digest(key):
    """The stored form of an API key (SHA-256, hex)."""
    return hashlib.sha256(key.encode()).hexdigest()


def may_hold_api_token(user):
    """Officers only (an officer, editor or admin role on a valid unit, or a superuser): the API
    reads report figures over the subtrees a user manages, and a member manages none."""
    from unions.scope import scope_for

    return bool(user is not None and user.is_authenticated and user.is_active and scope_for(user).is_officer)


@transaction.atomic
def api_token_create(*, user, name):
    """Make a named API key for ``user``. Returns ``(token, key)``: the key is shown once and only
    its digest is kept."""
    if not may_hold_api_token(user):
        raise ServiceError(_("Chỉ cán bộ công đoàn mới tạo được khóa API."))
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Hãy đặt tên cho khóa (ví dụ: “Bảng tính tổng hợp”)."), field="name")
    if len(name) > 80:
        raise ServiceError(_("Tên khóa dài tối đa 80 ký tự."), field="name")
    User.objects.select_for_update().filter(pk=user.pk).first()  # one key at a time per person
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= API_TOKENS_MAX:
        raise ServiceError(_("Bạn đã có %(n)s khóa đang dùng; hãy thu hồi khóa không cần nữa.") % {
            "n": API_TOKENS_MAX})
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_digest=api_token_digest(key))
    audit_record(actor=user, verb="api_token.create", obj=token, data={"name": name})
    return token, key


@transaction.atomic
def api_token_revoke(*, token, actor):
    """Revoke a key: from now on a request with it gets 401. Revoking twice changes nothing."""
    if token.user_id != actor.pk:
        raise ServiceError(_("Chỉ người tạo khóa mới thu hồi được khóa."))
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        token.refresh_from_db(fields=["revoked_at"])
        audit_record(actor=actor, verb="api_token.revoke", obj=token)
    return token
