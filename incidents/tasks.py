from celery import shared_task


@shared_task(name="incidents.tasks.escalate_unacknowledged")
def escalate_unacknowledged():
    """Beat: move every hot issue not acknowledged in time one level up (idempotent)."""
    from . import services

    return services.hot_issues_escalate_due()
