from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def run_export(job_id):
    """Make the file of an annual-report export job. Idempotent: only a queued job is claimed."""
    services.export_job_run(job_id=job_id)
