"""Keeping ``Union.member_count`` right when memberships disappear without a service call.

Every service that changes a membership recounts its unit on commit; deletions also happen where
no service of this app runs — an account deleted in the admin (its memberships go with it, by
cascade), a membership deleted in the admin. This receiver recounts the unit of each deleted
membership when the transaction commits (one task per unit and transaction).
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Membership


@receiver(post_delete, sender=Membership, dispatch_uid="unions.recount_after_membership_delete")
def recount_after_membership_delete(sender, instance, **kwargs):
    from .services import recount_on_commit

    recount_on_commit(instance.union_id)
