from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def process_media(media_id):
    """Probe one video/audio file and extract a poster frame (idempotent: see ``media_process``)."""
    from .services import media_process

    return media_process(media_id=media_id)


@shared_task(ignore_result=True)
def recover_stuck_media():
    """Beat, every RECOVERY_SWEEP_MINUTES: re-queue or fail files left "processing" (idempotent)."""
    from .services import media_recover_stuck

    return media_recover_stuck()
