"""CSV downloads of the sharing statistics: per child unit, or per share kit.

``csv_response`` is the whole exporter: streamed row by row (constant memory whatever the size of
the subtree), UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly, and every text
cell that a spreadsheet would run as a formula neutralised. The row generators read through the
selectors, one page of units or kits at a time.
"""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (tab and
# carriage return too: some of them skip those first). A leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file whose write() hands back the line: csv.writer then yields lines instead of storing them."""

    def write(self, value):
        return value


def safe_cell(value):
    """``value`` as a spreadsheet will show it and never run it; numbers are kept as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename, header, rows):
    """A streamed CSV attachment of ``header`` and then ``rows`` (iterables of cells)."""
    writer = csv.writer(_Echo())
    first = "\ufeff" + writer.writerow([safe_cell(str(cell)) for cell in header])  # in the request's language

    def lines():
        yield first
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def unit_stats_table(unit, *, kit=None, lesson=None):
    """(header, rows) of ``unit``'s own row and one row per child unit, fetched a page at a time."""
    header = [_("Mã đơn vị"), _("Đơn vị"), *(label for _key, label in UNIT_COLUMNS)]

    def rows():
        paginator = Paginator(Union.objects.filter(parent=unit).order_by("name", "pk"), BATCH)
        for number in paginator.page_range:
            for row in selectors.unit_stats(unit, kit=kit, lesson=lesson, children=paginator.page(number)):
                if row["own"] and number > 1:  # every page repeats the unit's own row first
                    continue
                yield [row["unit"].code, row["unit"].name, *(row[key] for key, _label in UNIT_COLUMNS)]

    return header, rows()


def kit_stats_table(unit):
    """(header, rows) of the kits reaching into ``unit``'s subtree, fetched a page at a time."""
    header = [_("Bộ chia sẻ"), _("Đối tượng"), *(label for _key, label in KIT_COLUMNS)]

    def rows():
        paginator = Paginator(selectors.kits_in_view_of(unit).order_by("-created_at", "-id"), BATCH)
        for number in paginator.page_range:
            for row in selectors.kit_stats(unit, paginator.page(number)):
                yield [row["kit"].title, row["kit"].audience.name, *(row[key] for key, _label in KIT_COLUMNS)]

    return header, rows()
