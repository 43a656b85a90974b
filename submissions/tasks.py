from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def process_media(media_id):
    """Probe one video/audio file and extract a poster frame (idempotent: see ``media_process``)."""
    from .services import media_process

    return media_process(media_id=media_id)
