"""HQ opens and edits report periods in the admin, through the services (audit rows)."""

from audit.models import AuditEvent
from reports.catalogue import ensure_default_version
from reports.models import ReportPeriod


def test_hq_opens_and_edits_a_period(client_for, hq, tree):
    version = ensure_default_version()
    client = client_for(hq)
    data = {"title": "Báo cáo sáu tháng đầu năm 2027", "kind": "half_year", "year": "2027",
            "starts_on": "2027-01-01", "ends_on": "2027-06-30", "due_on": "2027-07-10", "version": version.pk,
            "is_open": "on"}
    response = client.post("/admin/reports/reportperiod/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    period = ReportPeriod.objects.get()
    assert period.created_by == hq and period.version == version
    data.update(due_on="2027-07-15")
    response = client.post(f"/admin/reports/reportperiod/{period.pk}/change/", data)
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.due_on.isoformat() == "2027-07-15"
    assert list(AuditEvent.objects.filter(object_type="reports.reportperiod").order_by("pk")
                .values_list("verb", flat=True)) == ["report_period.open", "report_period.edit"]
