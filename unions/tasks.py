from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def recount_members(union_id):
    """Refresh a unit's member count. Idempotent: it recomputes, it never increments."""
    services.union_recount_members(union_id=union_id)
