"""The audit log in the admin: readable Vietnamese verbs, and admin saves recorded."""

import re
from pathlib import Path

import pytest
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
from audit.verbs import VERB_LABELS

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "audit", "campaigns", "contests", "incidents", "notifications", "reports", "submissions", "unions"]


def _verbs_in_code():
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found |= set(re.findall(r'verb="([a-z_.]+)"', path.read_text(encoding="utf-8")))
    return found


def test_every_fixed_verb_in_the_code_has_a_vietnamese_label():
    assert sorted(_verbs_in_code() - set(VERB_LABELS)) == []


@pytest.mark.django_db
def test_audit_log_admin_shows_vietnamese_verbs(personas, tree, client_for):
    with transaction.atomic():
        audit_record(actor=personas.officer, verb="member.approved", obj=tree.officer_unit, unit=tree.officer_unit)
    html = client_for(personas.hq).get("/admin/audit/auditevent/").content.decode()
    assert "Duyệt đoàn viên" in html
    assert "member.approved</td>" not in html


@pytest.mark.django_db
def test_admin_edits_of_a_quiz_are_audited(personas, tree, client_for):
    from .factories import QuizFactory

    quiz = QuizFactory(unit=tree.root, title="Tìm hiểu Đại hội XII")
    response = client_for(personas.hq).post(f"/admin/contests/quiz/{quiz.pk}/change/", {
        "unit": tree.root.pk, "title": "Tìm hiểu Đại hội XII (vòng 2)", "slug": quiz.slug, "description": "",
        "pass_percent": "80", "max_tries": "2", "is_public": "on", "is_published": "on",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(verb="admin.changed")
    assert event.actor == personas.hq and event.object_id == str(quiz.pk) and "title" in event.data["fields"]


@pytest.mark.django_db
def test_share_proofs_and_attempts_are_read_only_in_the_admin(personas, tree, client_for):
    client = client_for(personas.hq)
    assert client.get("/admin/campaigns/shareproof/add/").status_code == 403
    assert client.get("/admin/contests/attempt/add/").status_code == 403
