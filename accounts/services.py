from django.db import transaction

from audit.services import audit_record


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
    from axes.utils import reset as axes_reset

    cleared = sum(axes_reset(username=name) for name in login_names(user))
    audit_record(actor=user, verb="account.password_reset", obj=user, data={"lockouts_cleared": cleared})
    return cleared
