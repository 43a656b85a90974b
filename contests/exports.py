"""The prize handover log as XLSX, on the portal's one exporter base (formula cells escaped)."""

from django.utils.translation import gettext_lazy as _

from core.exporters import DATETIME, VND, Column, Exporter

from . import selectors


class HandoverExporter(Exporter):
    sheet_title = _("Trao giải")
    columns = (
        Column(_("Giải"), width=22), Column(_("Trị giá (đồng)"), VND), Column(_("Người đoạt giải"), width=30),
        Column(_("Đơn vị"), width=30), Column(_("Mã dự thi")), Column(_("Đã trao")), Column(_("Trao lúc"), DATETIME),
        Column(_("Người trao")), Column(_("Ghi chú")),
    )

    def __init__(self, contest):
        self.contest = contest

    def rows(self):
        for w in selectors.winners_of(self.contest, handovers=True):
            h = getattr(w, "handover", None)
            yield [w.prize.name, w.prize.value, w.user.full_name, w.unit.name if w.unit else "", w.code,
                   _("Có") if h else _("Chưa"), h.handed_at if h else None,
                   (h.handed_by.full_name if h and h.handed_by else ""), h.note if h else ""]
