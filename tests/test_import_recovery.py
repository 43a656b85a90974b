"""The recovery sweep for background imports (unions.services.imports_recover_stuck)."""

from unittest import mock

import pytest
from django.utils import timezone

from unions import services
from unions.models import ImportBatch

pytestmark = pytest.mark.django_db


def _batch(tree, officer, status, **fields):
    return ImportBatch.objects.create(kind=ImportBatch.Kind.MEMBERS, union=tree.officer_unit, created_by=officer,
                                      file_name="doan-vien-may10.xlsx", status=status, **fields)


def test_a_lost_queued_import_is_sent_again_and_an_abandoned_run_fails_with_a_message(tree, officer, settings):
    later = timezone.now() + timezone.timedelta(seconds=settings.MEDIA_PROCESS_LEASE_SECONDS + 1)
    queued = _batch(tree, officer, ImportBatch.Status.QUEUED)
    limit = settings.CELERY_TASK_ANNOTATIONS["unions.tasks.apply_import"]["time_limit"]
    abandoned = _batch(tree, officer, ImportBatch.Status.RUNNING,
                       started_at=timezone.now() - timezone.timedelta(seconds=2 * limit + 60))
    live = _batch(tree, officer, ImportBatch.Status.RUNNING, started_at=timezone.now())
    with mock.patch("unions.tasks.apply_import.delay") as delay:
        assert services.imports_recover_stuck() == (0, 1)  # the queued one is recent: left to its worker
        assert services.imports_recover_stuck(now=later) == (1, 0)
    delay.assert_called_once_with(queued.pk)
    abandoned.refresh_from_db()
    live.refresh_from_db()
    assert abandoned.status == ImportBatch.Status.FAILED and "nhập lại" in abandoned.failure_message
    assert live.status == ImportBatch.Status.RUNNING
