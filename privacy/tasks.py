from celery import shared_task


@shared_task(ignore_result=True)
def apply_retention():
    """Beat, nightly: delete what is kept longer than RETENTION_DAYS says (idempotent)."""
    from .retention import apply

    return apply()
