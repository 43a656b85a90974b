"""The Celery application: configured from Django settings (``CELERY_*``).

Settings create no folders at import. The filesystem broker's folders (``CELERY_FILESYSTEM_DIR``)
are made here when a worker starts and before a process sends its first task (the web process and
beat send, the worker reads); beat's schedule file gets its folder from :class:`PortalScheduler`.
"""

import os
from pathlib import Path

from celery import Celery, signals
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")

app = Celery("campaign_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_BROKER_FOLDERS = ("data_folder_in", "data_folder_out", "control_folder")
_made = set()


def ensure_broker_folders(**_signal):
    """Make the filesystem broker's folders (nothing for Redis or AMQP). Cheap after the first call."""
    if not str(app.conf.broker_url or "").startswith("filesystem://"):
        return
    options = app.conf.broker_transport_options or {}
    for folder in {options[key] for key in _BROKER_FOLDERS if options.get(key)} - _made:
        Path(folder).mkdir(parents=True, exist_ok=True)
        _made.add(folder)


signals.celeryd_init.connect(ensure_broker_folders, weak=False)  # a worker, before it consumes
signals.before_task_publish.connect(ensure_broker_folders, weak=False)  # anyone sending a task


class PortalScheduler(PersistentScheduler):
    """Beat's file-backed schedule, with the file's folder made when beat opens it."""

    def setup_schedule(self):
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        super().setup_schedule()
