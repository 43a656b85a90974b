from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def recount_members(union_id):
    """Refresh a unit's member count. Idempotent: it recomputes, it never increments."""
    services.union_recount_members(union_id=union_id)


@shared_task(ignore_result=True)
def recount_all_members():
    """Nightly repair of every unit's member count. Idempotent: one UPDATE that recomputes."""
    services.union_recount_all_members()


@shared_task(ignore_result=True)
def apply_import(batch_id):
    """Apply a queued import batch (members or units). Idempotent: a batch that is no longer
    queued or running (applied, failed) is left alone."""
    services.import_run(batch_id=batch_id)


@shared_task(ignore_result=True)
def recover_stuck_imports():
    """Beat, every RECOVERY_SWEEP_MINUTES: re-send lost import batches, fail abandoned ones."""
    return services.imports_recover_stuck()
