import datetime as dt

from reports.catalogue import ensure_default_version
from reports.models import ReportPeriod


def open_period(*, year=2026, due_on=None, is_open=True, title=None):
    return ReportPeriod.objects.create(
        kind=ReportPeriod.Kind.ANNUAL, year=year, title=title or f"Báo cáo năm {year}",
        starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31),
        due_on=due_on or dt.date(year, 12, 15), version=ensure_default_version(), is_open=is_open,
    )


def form(**values):
    """POST data of the report form: ``v_<code>`` values, ``n_<code>`` notes, other fields as given."""
    data = {"signer_name": "Lê Thị Hồng Nhung", "signer_title": "Phó Chủ tịch", "document_number": "15/BC-CĐ"}
    for key, value in values.items():
        data[key] = value
    return data


SIGNED = {"signer_name": "Lê Thị Hồng Nhung", "signer_title": "Phó Chủ tịch", "document_number": "15/BC-CĐ"}


def file_report(user, unit, period, values, *, narratives=None, accept_by=None):
    """A report filed through the services (submitted; accepted too when ``accept_by`` is given)."""
    from reports import services

    report = services.report_save(unit=unit, period=period, actor=user, values=values, notes={},
                                  narratives=narratives, submit=True, **SIGNED)
    if accept_by is not None:
        services.report_accept(report=report, actor=accept_by)
    return report


def two_years(personas, tree):
    """Annual periods 2025 and 2026 with reports of upper, officer's and sibling's units in both
    (2025 closed after filing). Each unit's figures are distinct, so a leak is visible."""
    last = open_period(year=2025, due_on=dt.date(2026, 1, 15))
    current = open_period(year=2026)
    for period, k in ((last, 1), (current, 2)):
        file_report(personas.upper, tree.upper, period, {"pages": "1", "reach": str(1000 * k)}, accept_by=personas.hq)
        file_report(personas.officer, tree.officer_unit, period, {"pages": "2", "reach": "12.949" if k == 2 else "9.000"},
                    narratives={"narrative_1": "Tuyên dương anh Nguyễn Văn Tâm, thợ cả tận tâm."},
                    accept_by=personas.upper)
        file_report(personas.sibling, tree.sibling_unit, period, {"pages": "4", "reach": str(4321 * k)},
                    narratives={"narrative_1": "=HYPERLINK(\"http://evil\") Mô hình Việt Tiến"})
    last.is_open = False
    last.save()
    return last, current
