from django.db import transaction

from audit.services import audit_record

from .models import User
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
