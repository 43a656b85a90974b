"""The exporter base (core/exporters.py): streamed CSV with a BOM and formula cells neutralised;
XLSX that opens with openpyxl, one sheet per table, header frozen, number formats."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from core.exporters import (
    DATE,
    DATETIME,
    INT,
    PERCENT,
    VND,
    Column,
    Exporter,
    Table,
    csv_response,
    safe_cell,
    xlsx_response,
)


class Units(Exporter):
    sheet_title = "Đơn vị"
    columns = [Column("Đơn vị"), Column("Lượt nhấp", INT), Column("Giải thưởng", VND), Column("Ngày nộp", DATE)]

    def __init__(self, rows):
        self._rows = rows

    def rows(self):
        yield from self._rows


class TwoSheets(Exporter):
    def tables(self):
        yield Table("Tổng hợp", [Column("Chỉ tiêu"), Column("Tỉ lệ", PERCENT)], iter([["Trực tuyến", Decimal("38.05")]]))
        yield Table("Chi tiết: đơn vị/cấp?", [Column("Mã"), Column("Nộp lúc", DATETIME)],
                    iter([["MAY10", timezone.make_aware(dt.datetime(2026, 12, 3, 9, 30))]]))


@pytest.mark.parametrize("text", ["=1+1", "+84901000005", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Công đoàn May 10", "MAY10", "", 7, -3, 0])
def test_other_cells_are_kept(value):
    assert safe_cell(value) == value


def test_csv_streams_utf8_with_a_bom_and_neutralises_formulas():
    exporter = Units([["=HYPERLINK(\"x\")", 5, Decimal("1500000.00"), dt.date(2026, 12, 7)], ["Việt Tiến", -1, None, None]])
    response = csv_response(exporter, "a.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a.csv"'
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [
        ["Đơn vị", "Lượt nhấp", "Giải thưởng", "Ngày nộp"],
        ["'=HYPERLINK(\"x\")", "5", "1500000", "07/12/2026"],
        ["Việt Tiến", "-1", "", ""],
    ]


def test_csv_rows_are_consumed_lazily():
    consumed = []

    def rows():
        for n in range(3):
            consumed.append(n)
            yield [f"Đơn vị {n}", n, None, None]

    lines = csv_response(Units(rows()), "a.csv").streaming_content
    next(lines)  # the header
    assert consumed == []
    next(lines)
    assert consumed == [0]


def test_xlsx_opens_with_openpyxl_with_a_frozen_header_and_number_formats():
    response = xlsx_response(Units(iter([["=1+1", 12949, 2500000, dt.date(2026, 1, 15)]])), "a.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="a.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Đơn vị"]
    assert [c.value for c in sheet[1]] == ["Đơn vị", "Lượt nhấp", "Giải thưởng", "Ngày nộp"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"  # a string, never a formula
    assert sheet["B2"].value == 12949 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == '#,##0 "đ"'
    assert sheet["D2"].value == dt.datetime(2026, 1, 15) and sheet["D2"].number_format == "dd/mm/yyyy"


def test_xlsx_has_one_sheet_per_table_with_valid_names():
    book = load_workbook(io.BytesIO(b"".join(xlsx_response(TwoSheets(), "b.xlsx").streaming_content)))
    assert book.sheetnames == ["Tổng hợp", "Chi tiết  đơn vị cấp"]
    assert book["Tổng hợp"]["B2"].value == pytest.approx(38.05)
    assert book.worksheets[1]["B2"].value == dt.datetime(2026, 12, 3, 9, 30)  # local time
