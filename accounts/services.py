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
