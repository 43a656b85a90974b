"""The annual report downloads (views.annual_export, reports/exports.py): XLSX and CSV of the
user's subtree; the summary compared with the year before; nothing outside the subtree."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import UnionFactory

from .helpers import two_years

pytestmark = pytest.mark.django_db


def _url(fmt, year=2026, **query):
    url = reverse("report_annual_export", kwargs={"year": year, "fmt": fmt})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def years(personas, tree):
    return two_years(personas, tree)


def _book(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(_body(response)))


def test_hq_xlsx_has_summary_units_and_narratives(years, personas, tree, client_for):
    response = client_for(personas.hq).get(_url("xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2026-cdct.xlsx"'
    book = _book(response)
    assert book.sheetnames == ["Tổng hợp", "Từng đơn vị", "Thuyết minh"]
    summary = book["Tổng hợp"]
    header = [c.value for c in summary[1]]
    assert header[:5] == ["Nhóm", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2025"]
    assert summary.freeze_panes == "A2"
    rows = {r[1]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    reach = rows["Tổng lượt tiếp cận"]
    assert reach[3:7] == (2000 + 12949 + 8642, 1000 + 9000 + 4321, 23591 - 14321, pytest.approx(64.73))
    assert rows["Đã nộp"][3] == 3

    units = book["Từng đơn vị"]
    lines = list(units.iter_rows(values_only=True))
    assert lines[0][:7] == ("Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Trạng thái", "Nộp lúc", "Nộp muộn")
    assert "Tổng lượt tiếp cận" in lines[0]
    assert sorted(line[0] for line in lines[1:]) == ["CDCT", "DMVN", "MAY10", "VIETTIEN"]  # one row per unit
    may10 = next(line for line in lines if line[0] == "MAY10")
    reach_col = lines[0].index("Tổng lượt tiếp cận")
    assert may10[3] == "Công đoàn Tập đoàn Dệt May Việt Nam" and may10[4] == "Đã tiếp nhận"
    assert may10[reach_col] == 12949 and may10[6] == "Không"
    may10_row = [line[0] for line in lines].index("MAY10") + 1
    assert units.cell(row=may10_row, column=reach_col + 1).number_format == "#,##0"

    narratives = list(book["Thuyết minh"].iter_rows(min_row=2, values_only=True))
    texts = {row[0]: row[3] for row in narratives}
    assert texts["MAY10"] == "Tuyên dương anh Nguyễn Văn Tâm, thợ cả tận tâm."
    assert book["Thuyết minh"]["D3"].data_type == "s"  # a formula-looking text stays text


def test_last_years_report_is_there_too(years, personas, client_for):
    book = _book(client_for(personas.hq).get(_url("xlsx", year=2025)))
    rows = {r[1]: r for r in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert rows["Tổng lượt tiếp cận"][3] == 14321 and rows["Tổng lượt tiếp cận"][4] is None  # no 2024


def test_csv_is_the_per_unit_rows_with_a_bom_and_formulas_escaped(years, personas, tree, client_for):
    UnionFactory(parent=tree.upper, name="=cmd|' /C calc'!A0", code="EVIL")
    response = client_for(personas.upper).get(_url("csv"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = _body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mã đơn vị", "Tên đơn vị"]
    assert sorted(r[0] for r in rows[1:]) == ["DMVN", "EVIL", "MAY10", "VIETTIEN"]  # upper's subtree
    evil = next(r for r in rows if r[0] == "EVIL")
    assert evil[1] == "'=cmd|' /C calc'!A0" and evil[4] == "Chưa bắt đầu"
    may10 = next(r for r in rows if r[0] == "MAY10")
    assert may10[rows[0].index("Tổng lượt tiếp cận")] == "12949"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_sibling_sees_none_of_officers_numbers(years, personas, client_for, fmt):
    response = client_for(personas.sibling).get(_url(fmt))
    assert response.status_code == 200
    raw = _body(response)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(raw))
        text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    else:
        text = raw.decode("utf-8-sig")
    assert "VIETTIEN" in text and "8642" in text
    assert "MAY10" not in text and "12949" not in text and "Nguyễn Văn Tâm" not in text
    assert "DMVN" not in text


def test_a_unit_outside_the_subtree_is_hidden(years, personas, tree, client_for):
    response = client_for(personas.sibling).get(_url("xlsx", unit=tree.officer_unit.pk))
    assert response.status_code == 404


def test_member_gets_404_anonymous_the_sign_in_page(years, personas, client, client_for):
    assert client.get(_url("xlsx")).status_code == 302
    assert client_for(personas.member).get(_url("csv")).status_code == 404


def test_a_year_without_an_annual_period_is_404(years, personas, client_for):
    assert client_for(personas.hq).get(_url("xlsx", year=2019)).status_code == 404


def test_xlsx_queries_do_not_grow_with_the_units(years, personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.hq)
    for i in range(30):
        UnionFactory(parent=tree.upper, name=f"Công đoàn Công ty May số {i}", code=f"MAY{i:03d}")
    with django_assert_max_num_queries(30):
        _book(client.get(_url("xlsx")))


@pytest.mark.parametrize("page", ["reports_index", "reports_dashboard"])
def test_report_pages_link_the_four_downloads_of_the_users_subtree(years, personas, tree, client_for, page):
    _last, current = years
    html = client_for(personas.upper).get(reverse(page), {"period": current.pk, "unit": tree.upper.pk}).content.decode()
    for fmt in ("xlsx", "csv", "pdf", "docx"):
        assert f'href="{_url(fmt)}?unit={tree.upper.pk}"' in html
    assert "Tải báo cáo năm 2026 của Công đoàn Tập đoàn Dệt May Việt Nam" in html
