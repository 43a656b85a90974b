"""The statistics CSV (views.stats_export, campaigns/exports.py): streamed, UTF-8 with a BOM,
no cell a spreadsheet would run as a formula. (The base itself: test_core_exporters.py.)"""

import csv
import io

import pytest
from django.urls import reverse

from campaigns.models import TrackedLink
from tests.factories import ShareKitFactory, UnionFactory


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
