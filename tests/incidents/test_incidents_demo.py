"""The incidents demo seed step: issues at different stages and levels, one overdue, two misinformation
items, one published rebuttal, one pending takedown — and the pages show them."""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from incidents import demo as incidents_demo
from incidents.models import HotIssue, Misinformation, Rebuttal, Status, TakedownRequest
from unions import demo as unions_demo


@pytest.mark.django_db
def test_seed_incidents(client):
    context = {}
    unions_demo.seed(context)
    incidents_demo.seed(context)
    statuses = set(HotIssue.objects.values_list("status", flat=True))
    assert {Status.REPORTED, Status.ACKNOWLEDGED, Status.HANDLING, Status.RESOLVED} <= statuses
    assert HotIssue.objects.filter(status=Status.REPORTED, ack_due_at__lt=timezone.now()).count() == 1
    assert HotIssue.objects.exclude(assigned_unit=F("unit")).exists()  # one was escalated
    assert Misinformation.objects.count() == 2
    assert Rebuttal.objects.published().count() == 1
    assert TakedownRequest.objects.filter(outcome="pending").count() == 1
    rebuttal = Rebuttal.objects.published().get()
    assert client.get(reverse("rebuttal_detail", args=[rebuttal.slug])).status_code == 200
    client.force_login(context["users"]["upper"], backend="accounts.backends.LoginBackend")
    page = client.get(reverse("incident_list")).content.decode()
    assert "Quá hạn tiếp nhận" in page and "Tranh chấp thưởng Tết" in page
