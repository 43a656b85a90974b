"""Logging misinformation: a URL already logged (after normalisation) and a near-duplicate claim are
shown before saving; the officer may then save anyway."""

import pytest
from django.urls import reverse

from incidents.matching import normalize_url, similar_claims, similarity
from incidents.models import Misinformation

from ..factories import MisinformationFactory
from .helpers import jpeg_upload

pytestmark = pytest.mark.django_db


def _data(tree, **extra):
    data = {"unit": tree.officer_unit.pk, "source_url": "https://example.org/bai-viet", "platform": "facebook",
            "claim": "Một luận điệu hoàn toàn khác về chuyện khác hẳn.", "rating": "false"}
    data.update(extra)
    return data


def test_normalize_url_ignores_scheme_host_prefix_tracking_and_order():
    a = normalize_url("https://www.facebook.com/trang.la/posts/123/?fbclid=abc&utm_source=x#comments")
    b = normalize_url("http://m.facebook.com/trang.la/posts/123")
    assert a == b == "facebook.com/trang.la/posts/123"
    assert normalize_url("https://site.vn/a?b=2&a=1") == normalize_url("https://site.vn/a?a=1&b=2")


def test_similarity_ignores_diacritics_and_small_edits():
    a = "Công đoàn thu đoàn phí rồi không làm gì cho người lao động."
    b = "cong doan thu doan phi xong khong lam gi cho nguoi lao dong!!"
    assert similarity(a, b) > 0.7
    assert similarity(a, "Giá xăng tăng mạnh từ tháng sau") < 0.5


def test_duplicate_url_is_flagged_then_saved_on_confirmation(client_for, officer, tree):
    MisinformationFactory(unit=tree.officer_unit, source_url="https://www.facebook.com/trang.la/posts/777",
                          claim="Luận điệu cũ đã ghi nhận.")
    client = client_for(officer)
    data = _data(tree, source_url="https://m.facebook.com/trang.la/posts/777/?mibextid=xyz")
    response = client.post(reverse("misinfo_create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="same-url"' in html
    assert Misinformation.objects.count() == 1
    assert 'name="confirm" value="True"' in html
    response = client.post(reverse("misinfo_create"), {**data, "confirm": "True"})
    assert response.status_code == 302 and Misinformation.objects.count() == 2


def test_near_duplicate_claim_is_flagged(client_for, officer, tree):
    MisinformationFactory(unit=tree.officer_unit, claim="Tổng Liên đoàn sắp bỏ chế độ thưởng Tết cho công nhân.")
    response = client_for(officer).post(reverse("misinfo_create"), _data(
        tree, claim="Tong Lien doan sap bo che do thuong Tet cho cong nhan", source_url="https://tiktok.com/@x/1"))
    assert 'data-testid="similar"' in response.content.decode()
    assert Misinformation.objects.count() == 1


def test_new_item_saves_at_once_with_screenshot(client_for, officer, upper, sibling, tree):
    response = client_for(officer).post(reverse("misinfo_create"), _data(tree, screenshot=jpeg_upload()))
    assert response.status_code == 302
    item = Misinformation.objects.get()
    assert item.screenshot
    assert client_for(upper).get(reverse("misinfo_screenshot", args=[item.pk])).status_code == 200
    assert client_for(sibling).get(reverse("misinfo_screenshot", args=[item.pk])).status_code == 404


def test_duplicates_of_other_branches_are_not_revealed(client_for, sibling, officer, tree):
    MisinformationFactory(unit=tree.officer_unit, source_url="https://example.org/bai-viet")
    response = client_for(sibling).post(reverse("misinfo_create"), _data(tree, unit=tree.sibling_unit.pk))
    assert response.status_code == 302  # nothing in sibling's reach: saved at once


def test_similar_claims_portable_fallback_orders_by_score(tree):
    MisinformationFactory(unit=tree.officer_unit, claim="Công đoàn không bảo vệ công nhân bị nợ lương.")
    MisinformationFactory(unit=tree.officer_unit, claim="Công đoàn không bảo vệ công nhân bị nợ lương tháng 12.")
    found = similar_claims(Misinformation.objects.all(), "Công đoàn không bảo vệ công nhân bị nợ lương")
    assert len(found) == 2 and found[0].score >= found[1].score
