"""Signals of the organisation tree.

``member_registered`` — sent by ``services.member_register`` inside its transaction, with the new
pending ``membership``: someone registered through a unit's invite link and waits for an officer.
Apps above this one (notifications) listen to it, so that this app needs to know nothing about
them (dependencies point down).

Keeping ``Union.member_count`` right when memberships disappear without a service call: every service that changes a membership recounts its unit on commit; deletions also happen where
no service of this app runs — an account deleted in the admin (its memberships go with it, by
cascade), a membership deleted in the admin. This receiver recounts the unit of each deleted
membership when the transaction commits (one task per unit and transaction).
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from .models import Membership

member_registered = Signal()  # kwargs: membership


@receiver(post_delete, sender=Membership, dispatch_uid="unions.recount_after_membership_delete")
def recount_after_membership_delete(sender, instance, **kwargs):
    from .services import recount_on_commit

    recount_on_commit(instance.union_id)
