"""The statistics CSV (views.stats_export, campaigns/exports.py): streamed, UTF-8 with a BOM,
no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from campaigns.exports import csv_response, safe_cell
from campaigns.models import TrackedLink
from tests.factories import ShareKitFactory, UnionFactory


@pytest.mark.parametrize("text", ["=1+1", "+84901000005", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Công đoàn May 10", "MAY10", "", 7, -3, 0])
def test_other_cells_are_kept(value):
    assert safe_cell(value) == value


def test_csv_response_streams_utf8_with_a_bom():
    response = csv_response("a.csv", ["Đơn vị", "Lượt nhấp"], iter([["=HYPERLINK(\"x\")", 5], ["Việt Tiến", -1]]))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a.csv"'
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["Đơn vị", "Lượt nhấp"], ["'=HYPERLINK(\"x\")", "5"], ["Việt Tiến", "-1"]]


@pytest.mark.django_db
def test_unit_export_lists_every_child_once_with_formula_names_neutralised(personas, tree, client_for, monkeypatch):
    monkeypatch.setattr("campaigns.exports.BATCH", 2)  # several pages of children
    for i in range(3):
        UnionFactory(parent=tree.upper, name=f"Công đoàn bộ phận {i}", code=f"BP{i}")
    UnionFactory(parent=tree.upper, name="=cmd|' /C calc'!A0", code="@EVIL")
    kit = ShareKitFactory(audience=tree.upper)
    TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="exp12345", clicks=4)
    response = client_for(personas.upper).get(reverse("campaign_stats_export"), {"unit": tree.upper.pk})
    assert response.status_code == 200 and response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mã đơn vị", "Đơn vị"] and rows[0][3] == "Đoàn viên có đường dẫn được mở"
    codes = [row[0] for row in rows[1:]]
    assert sorted(codes) == sorted(["DMVN", "BP0", "BP1", "BP2", "MAY10", "VIETTIEN", "'@EVIL"])
    assert ["'@EVIL", "'=cmd|' /C calc'!A0"] == next(row[:2] for row in rows if row[0] == "'@EVIL")
    may10 = next(row for row in rows if row[0] == "MAY10")
    assert (may10[3], may10[6]) == ("1", "4")  # reached, clicks


@pytest.mark.django_db
def test_kit_export_neutralises_titles(personas, tree, client_for):
    ShareKitFactory(audience=tree.upper, title="+Mừng Đại hội XII")
    response = client_for(personas.upper).get(reverse("campaign_stats_export"), {"what": "kits"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Bộ chia sẻ", "Đối tượng"]
    assert rows[1][0] == "'+Mừng Đại hội XII"
    assert "-kits-" in response["Content-Disposition"]
