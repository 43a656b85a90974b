"""The hot-issue pages: report, list with filters and pager, detail with timeline, actions, files."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from incidents.models import HotIssue, HotIssueView, Status

from ..factories import HotIssueFactory
from .helpers import html_upload, jpeg_upload, pdf_upload

pytestmark = pytest.mark.django_db


def _report_data(tree, **extra):
    data = {
        "unit": tree.officer_unit.pk, "title": "Ngừng việc tập thể tại xưởng may số 3", "kind": "work_stoppage",
        "employer": "Công ty TNHH May Hưng Long", "ownership": "fdi", "workplace": "KCN Quế Võ",
        "province": "Bắc Ninh", "workers_involved": "420", "started_at": "2026-11-30T07:30", "severity": "high",
        "description": "Công nhân ngừng việc, đòi trả lương tháng 10 còn nợ.", "source_links": "",
    }
    data.update(extra)
    return data


def test_officer_reports_an_issue_with_files(client_for, officer, tree):
    client = client_for(officer)
    response = client.post(reverse("incident_create"), _report_data(tree, files=[jpeg_upload(), pdf_upload()]))
    assert response.status_code == 302
    issue = HotIssue.objects.get()
    assert issue.status == Status.REPORTED and issue.assigned_unit == tree.officer_unit
    assert issue.ack_due_at is not None
    assert sorted(a.kind for a in issue.attachments.all()) == ["document", "image"]
    assert AuditEvent.objects.filter(verb="incidents.hot_issue_report", object_id=str(issue.pk)).exists()


def test_a_disguised_upload_is_refused_and_nothing_is_saved(client_for, officer, tree):
    response = client_for(officer).post(reverse("incident_create"), _report_data(tree, files=[html_upload()]))
    assert response.status_code == 400
    assert "không phải" in response.content.decode()
    assert not HotIssue.objects.exists()
    assert "Hưng Long" in response.content.decode()  # what the user typed is kept


def test_list_filters_search_and_pager(client_for, upper, tree, django_assert_num_queries):
    for i in range(30):
        HotIssueFactory(unit=tree.officer_unit, employer=f"Công ty Đồng Tiến {i}", kind="wage_arrears")
    HotIssueFactory(unit=tree.sibling_unit, employer="Công ty Phú Nguyên", kind="tet_bonus")
    client = client_for(upper)
    client.get(reverse("incident_list"))
    with django_assert_num_queries(6):
        response = client.get(reverse("incident_list"))
    assert response.status_code == 200 and "Trang 1/2" in response.content.decode()
    response = client.get(reverse("incident_list"), {"q": "phu nguyen"})
    assert "Phú Nguyên" in response.content.decode() and "Đồng Tiến" not in response.content.decode()
    response = client.get(reverse("incident_list"), {"kind": "tet_bonus"})
    assert "Phú Nguyên" in response.content.decode()


def test_sibling_sees_nothing_in_list_search_and_export(client_for, sibling, tree):
    HotIssueFactory(unit=tree.officer_unit, employer="Công ty Bí Mật")
    client = client_for(sibling)
    assert "Bí Mật" not in client.get(reverse("incident_list"), {"q": "bi mat"}).content.decode()
    export = b"".join(client.get(reverse("incident_export")).streaming_content).decode()
    assert "Bí Mật" not in export


def test_export_streams_the_users_issues(client_for, upper, tree):
    HotIssueFactory(unit=tree.officer_unit, employer="Công ty Hòa Bình")
    response = client_for(upper).get(reverse("incident_export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "Công ty Hòa Bình" in b"".join(response.streaming_content).decode()


def test_viewing_writes_an_audit_row_and_shows_who_viewed(client_for, upper, tree):
    issue = HotIssueFactory(unit=tree.officer_unit)
    response = client_for(upper).get(issue.get_absolute_url())
    assert response.status_code == 200
    assert AuditEvent.objects.filter(verb="incidents.hot_issue_view", object_id=str(issue.pk),
                                     actor=upper).count() == 1
    assert HotIssueView.objects.filter(issue=issue, user=upper).count() == 1
    assert upper.get_full_name() in response.content.decode()


def test_sibling_view_attempt_gets_404_and_writes_no_audit_row(client_for, sibling, member, tree):
    issue = HotIssueFactory(unit=tree.officer_unit)
    assert client_for(sibling).get(issue.get_absolute_url()).status_code == 404
    assert client_for(member).get(issue.get_absolute_url()).status_code == 404
    assert not AuditEvent.objects.filter(verb="incidents.hot_issue_view").exists()
    assert not HotIssueView.objects.exists()


def test_acknowledge_handle_resolve(client_for, officer, tree):
    issue = HotIssueFactory(unit=tree.officer_unit)
    client = client_for(officer)
    assert client.post(reverse("incident_action", args=[issue.pk, "acknowledge"])).status_code == 302
    assert client.post(reverse("incident_action", args=[issue.pk, "handle"])).status_code == 302
    assert client.post(reverse("incident_action", args=[issue.pk, "resolve"])).status_code == 400  # no outcome
    response = client.post(reverse("incident_action", args=[issue.pk, "resolve"]),
                           {"note": "Doanh nghiệp cam kết trả đủ lương trước 15/12."})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Status.RESOLVED and issue.resolved_at and issue.acknowledged_by == officer
    assert list(issue.updates.values_list("to_status", flat=True)) == ["acknowledged", "handling", "resolved"]
    assert client.post(reverse("incident_action", args=[issue.pk, "acknowledge"])).status_code == 400


def test_add_update_with_attachment_and_serve_it(client_for, officer, upper, sibling, member, tree):
    issue = HotIssueFactory(unit=tree.officer_unit)
    response = client_for(officer).post(reverse("incident_update", args=[issue.pk]),
                                        {"body": "Đã làm việc với giám đốc nhân sự.", "files": [pdf_upload()]})
    assert response.status_code == 302
    attachment = issue.attachments.get()
    url = attachment.get_absolute_url()
    response = client_for(upper).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(sibling).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404
