"""CSV downloads of the sharing statistics: per child unit, or per share kit.

Two exporters on :mod:`core.exporters` (streamed, UTF-8 with a byte-order mark, formula cells
neutralised). Their rows read through the selectors, one page of units or kits at a time.
"""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exporters import INT, PERCENT, Column, Exporter
from unions.models import Union

from . import selectors

UNIT_COLUMNS = [
    ("members", gettext_lazy("Đoàn viên")),
    ("reached", gettext_lazy("Đoàn viên có đường dẫn được mở")),
    ("claimed", gettext_lazy("Bài chia sẻ khai báo")),
    ("verified", gettext_lazy("Bài chia sẻ đã xác minh")),
    ("clicks", gettext_lazy("Lượt nhấp")),
    ("completed", gettext_lazy("Hoàn thành bài học")),
    ("completion_rate", gettext_lazy("Tỉ lệ hoàn thành (%)")),
]
KIT_COLUMNS = [
    ("reached", gettext_lazy("Đoàn viên có đường dẫn được mở")),
    ("claimed", gettext_lazy("Bài chia sẻ khai báo")),
    ("verified", gettext_lazy("Bài chia sẻ đã xác minh")),
    ("clicks", gettext_lazy("Lượt nhấp")),
]
BATCH = 500


class UnitStatsExporter(Exporter):
    """``unit``'s own row and one row per child unit, fetched a page at a time."""

    def __init__(self, unit, *, kit=None, lesson=None):
        self.unit, self.kit, self.lesson = unit, kit, lesson

    def get_columns(self):
        return [Column(_("Mã đơn vị"), width=12), Column(_("Đơn vị"), width=40),
                *(Column(label, PERCENT if key == "completion_rate" else INT) for key, label in UNIT_COLUMNS)]

    def rows(self):
        paginator = Paginator(Union.objects.filter(parent=self.unit).order_by("name", "pk"), BATCH)
        for number in paginator.page_range:
            page = paginator.page(number)
            for row in selectors.unit_stats(self.unit, kit=self.kit, lesson=self.lesson, children=page):
                if row["own"] and number > 1:  # every page repeats the unit's own row first
                    continue
                yield [row["unit"].code, row["unit"].name, *(row[key] for key, _label in UNIT_COLUMNS)]


class KitStatsExporter(Exporter):
    """The kits reaching into ``unit``'s subtree, fetched a page at a time."""

    def __init__(self, unit):
        self.unit = unit

    def get_columns(self):
        return [Column(_("Bộ chia sẻ"), width=40), Column(_("Đối tượng"), width=30),
                *(Column(label, INT) for _key, label in KIT_COLUMNS)]

    def rows(self):
        paginator = Paginator(selectors.kits_in_view_of(self.unit).order_by("-created_at", "-id"), BATCH)
        for number in paginator.page_range:
            for row in selectors.kit_stats(self.unit, paginator.page(number)):
                yield [row["kit"].title, row["kit"].audience.name, *(row[key] for key, _label in KIT_COLUMNS)]
