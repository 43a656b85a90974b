"""The Celery application: configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")

app = Celery("campaign_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
