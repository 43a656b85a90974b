"""``manage.py bench_seed``: refuses a database with other data; writes rows the portal's pages read."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo import scale
from submissions.models import Status, Submission
from unions.models import Union


def test_refuses_a_database_holding_other_data(tree):
    with pytest.raises(CommandError, match="did not write"):
        call_command("bench_seed", "--size", "small")
    assert Union.objects.count() == 4


@pytest.fixture
def _drop_marker():
    yield
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {scale.MARKER_TABLE}")


@pytest.mark.django_db(transaction=True)
def test_seeds_an_empty_database_that_the_pages_read(client, monkeypatch, _drop_marker):
    tiny = scale.Size("small", 2, 2, 2, 5, 200, 60, 30, 200, 50, 20, 20, 5, 20)
    monkeypatch.setitem(scale.SIZES, "small", tiny)
    call_command("bench_seed", "--size", "small")
    assert Union.objects.filter(level=5).exists() and Union.objects.filter(level=1).count() == 1
    waiting = Submission.objects.filter(status=Status.PENDING)
    assert waiting.count() == 60 and len(set(waiting.values_list("current_unit__level", flat=True))) >= 3
    call_command("bench_seed", "--size", "small", "--if-needed")  # its own data: nothing to do
    with pytest.raises(CommandError, match="already holds"):
        call_command("bench_seed", "--size", "small")
    client.force_login(scale.User.objects.get(username="hq"))
    assert client.get(reverse("submission_queue"), {"scope": "all"}).status_code == 200
    assert client.get(reverse("stories")).status_code == 200
