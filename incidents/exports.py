"""The registers as files (on :mod:`core.exporters`): hot issues as CSV; hot issues and
misinformation as a two-sheet XLSX. Rows are read with ``.iterator()``: memory stays bounded."""

from django.utils.translation import gettext as _

from core.exporters import DATETIME, INT, Column, Exporter, Table


def _issue_columns():
    return [
        Column(_("Mã"), INT, 8), Column(_("Tiêu đề"), width=40), Column(_("Loại"), width=24),
        Column(_("Mức độ"), width=14), Column(_("Trạng thái"), width=18), Column(_("Doanh nghiệp"), width=32),
        Column(_("Loại hình"), width=18), Column(_("Tỉnh, thành phố"), width=18),
        Column(_("Số người lao động"), INT), Column(_("Bắt đầu"), DATETIME), Column(_("Đơn vị báo cáo"), width=36),
        Column(_("Cấp đang xử lý"), width=36),
    ]


def _issue_rows(issues):
    for i in issues.iterator(chunk_size=500):
        yield [
            i.pk, i.title, i.get_kind_display(), i.get_severity_display(), i.get_status_display(), i.employer,
            i.get_ownership_display(), i.province, i.workers_involved, i.started_at, i.unit.name,
            i.assigned_unit.name,
        ]


class HotIssuesExporter(Exporter):
    """The hot-issue register as filtered; with ``misinformation`` (a queryset), a second sheet."""

    def __init__(self, issues, misinformation=None):
        self.issues, self.misinformation = issues, misinformation

    def tables(self):
        yield Table(_("Vấn đề nóng"), _issue_columns(), _issue_rows(self.issues))
        if self.misinformation is not None:
            yield Table(_("Thông tin xấu, độc"), [
                Column(_("Mã"), INT, 8), Column(_("Nền tảng"), width=14), Column(_("Đường dẫn nguồn"), width=40),
                Column(_("Nội dung thông tin sai"), width=60), Column(_("Đánh giá"), width=16),
                Column(_("Trạng thái"), width=18), Column(_("Phát hiện lúc"), DATETIME),
                Column(_("Đơn vị báo cáo"), width=36),
            ], self._misinfo_rows())

    def _misinfo_rows(self):
        for m in self.misinformation.iterator(chunk_size=500):
            yield [m.pk, m.get_platform_display(), m.source_url, m.claim, m.get_rating_display(),
                   m.get_status_display(), m.found_at, m.unit.name]
