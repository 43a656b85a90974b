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
