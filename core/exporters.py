"""The one exporter base: an exporter declares its columns and yields rows; this module renders them.

An exporter is a subclass of :class:`Exporter` with ``columns`` (a list of :class:`Column`) and a
``rows()`` generator, or, for a workbook of several sheets, a ``tables()`` generator of
:class:`Table`. The base renders

* **CSV**, streamed line by line (:func:`csv_response`): UTF-8 with a byte-order mark so that
  Excel reads Vietnamese correctly; one table (``csv_table()``, the first unless overridden);
* **XLSX** (:func:`write_xlsx`, :func:`xlsx_response`) with XlsxWriter in ``constant_memory`` mode:
  one sheet per table, bold header row frozen, column widths and number formats from the columns.

Formula injection: every text cell of a CSV that starts with ``= + - @`` (or a tab or carriage
return, which some spreadsheets skip first) gets a leading apostrophe, so a spreadsheet shows it
and never runs it. XLSX text cells are written with ``write_string``: a string cell, never a
formula, whatever it starts with.

Rows are consumed as they come: an exporter should read its queryset with ``.iterator()`` or a
page at a time, so that memory stays bounded whatever the size of the subtree.
"""

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (tab and
# carriage return too: some of them skip those first). A leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT, INT, DECIMAL, PERCENT, VND, DATE, DATETIME, BOOL = (
    "text", "int", "decimal", "percent", "vnd", "date", "datetime", "bool",
)

# XLSX number formats per column type (Excel shows the reader's separators: "12.949" in Vietnamese).
NUMBER_FORMATS = {
    INT: "#,##0",
    DECIMAL: "#,##0.00",
    PERCENT: "0.00\"%\"",  # the value is already a percentage (38.05 → "38,05%")
    VND: "#,##0 \"đ\"",
    DATE: "dd/mm/yyyy",
    DATETIME: "dd/mm/yyyy hh:mm",
}
NUMERIC = (INT, DECIMAL, PERCENT, VND)


@dataclass
class Column:
    """A column: its header (translated when rendered), its type and its XLSX width."""

    header: object
    kind: str = TEXT
    width: float = 0

    @property
    def xlsx_width(self):
        if self.width:
            return self.width
        return {TEXT: 30, DATE: 12, DATETIME: 17, BOOL: 10}.get(self.kind, 14)


@dataclass
class Table:
    """One sheet: a title (the XLSX sheet name), columns and an iterable of rows (lists of cells)."""

    title: object
    columns: list
    rows: object = field(default_factory=list)


class Exporter:
    """Declare ``columns`` and yield ``rows()``; or override ``tables()`` for several sheets."""

    sheet_title = ""
    columns = ()

    def get_columns(self):
        return list(self.columns)

    def rows(self):
        raise NotImplementedError

    def tables(self):
        yield Table(self.sheet_title or _("Dữ liệu"), self.get_columns(), self.rows())

    def csv_table(self):
        """The table a CSV holds (a CSV has one sheet): the first one unless overridden."""
        return next(iter(self.tables()))


def safe_cell(value):
    """``value`` as a spreadsheet will show it and never run it; numbers are kept as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value, kind=TEXT):
    """A cell as CSV text (numbers unformatted so that spreadsheets read them as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool) or kind == BOOL:
        return _("Có") if value else _("Không")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return value
    return safe_cell(str(value))


class _Echo:
    """A file whose write() hands back the line: csv.writer then yields lines instead of storing them."""

    def write(self, value):
        return value


def csv_lines(table):
    """The lines of ``table`` as CSV, the first one starting with the UTF-8 byte-order mark."""
    writer = csv.writer(_Echo())
    kinds = [c.kind for c in table.columns]
    yield "\ufeff" + writer.writerow([safe_cell(str(c.header)) for c in table.columns])
    for row in table.rows:
        yield writer.writerow([_plain(cell, kinds[i] if i < len(kinds) else TEXT) for i, cell in enumerate(row)])


def csv_response(exporter, filename):
    """A streamed CSV attachment of the exporter's CSV table (its first unless it says otherwise)."""
    table = exporter.csv_table()
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_name(title, used):
    """An XLSX sheet name: at most 31 characters, none of ``[]:*?/\\``, unique in the workbook."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def write_xlsx(exporter, path):
    """Write the exporter's tables to an XLSX file at ``path`` in constant memory."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_urls": False,
                                          "strings_to_formulas": False, "strings_to_numbers": False})
    header_format = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2",
                                         "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    formats = {kind: workbook.add_format({"num_format": fmt, "valign": "top"}) for kind, fmt in NUMBER_FORMATS.items()}
    used = set()
    for table in exporter.tables():
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        for col, column in enumerate(table.columns):
            sheet.set_column(col, col, column.xlsx_width)
            sheet.write_string(0, col, str(column.header), header_format)
        sheet.freeze_panes(1, 0)
        kinds = [c.kind for c in table.columns]
        for r, row in enumerate(table.rows, start=1):
            for col, value in enumerate(row):
                _write_cell(sheet, r, col, value, kinds[col] if col < len(kinds) else TEXT, formats, wrap)
    workbook.close()


def _write_cell(sheet, row, col, value, kind, formats, wrap):
    if value is None or value == "":
        return
    if kind in NUMERIC and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value), formats[kind])
    elif kind in (DATE, DATETIME) and isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        sheet.write_datetime(row, col, value, formats[kind])
    elif kind == BOOL or isinstance(value, bool):
        sheet.write_string(row, col, _("Có") if value else _("Không"))
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, str(value), wrap)


def xlsx_file(exporter):
    """A temporary XLSX file (open, at position 0) of the exporter; deleted when closed."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open to the caller
    write_xlsx(exporter, handle.name)
    handle.seek(0)
    return handle


def xlsx_response(exporter, filename):
    """The exporter as an XLSX attachment, written to a temporary file and then streamed."""
    return FileResponse(xlsx_file(exporter), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
