"""The misinformation pages: list (scoped, search ignores diacritics), detail, rebuttal workflow through
the views, status changes."""

import pytest
from django.urls import reverse

from incidents.models import MisinfoStatus, Rebuttal, RebuttalStatus

from ..factories import MisinformationFactory

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_searchable(client_for, upper, sibling, tree, django_assert_num_queries):
    for i in range(30):
        MisinformationFactory(unit=tree.officer_unit, claim=f"Luận điệu xuyên tạc số {i} về tiền lương")
    MisinformationFactory(unit=tree.sibling_unit, claim="Tin đồn công đoàn giải thể")
    client = client_for(upper)
    client.get(reverse("misinfo_list"))
    with django_assert_num_queries(6):
        response = client.get(reverse("misinfo_list"))
    assert "Trang 1/2" in response.content.decode()
    assert "giải thể" in client.get(reverse("misinfo_list"), {"q": "giai the"}).content.decode()
    other = client_for(sibling).get(reverse("misinfo_list")).content.decode()
    assert "tiền lương" not in other and "giải thể" in other


def test_rebuttal_written_sent_and_published_through_the_pages(client_for, officer, hq, sibling, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    client = client_for(officer)
    data = {"title": "Sự thật về đoàn phí", "summary": "Đoàn phí được công khai hằng năm.",
            "body": "<p>Đoàn phí dùng để chăm lo cho đoàn viên.</p>", "sources": "https://congdoan.vn/"}
    assert client.post(reverse("rebuttal_edit", args=[item.pk]), {**data, "submit": "1"}).status_code == 302
    rebuttal = Rebuttal.objects.get()
    assert rebuttal.status == RebuttalStatus.PENDING
    assert client.post(reverse("rebuttal_decide", args=[item.pk]), {"decision": "approve"}).status_code == 400
    assert client_for(sibling).post(reverse("rebuttal_decide", args=[item.pk]),
                                    {"decision": "approve"}).status_code == 404
    assert client_for(hq).post(reverse("rebuttal_decide", args=[item.pk]), {"decision": "approve"}).status_code == 302
    rebuttal.refresh_from_db()
    item.refresh_from_db()
    assert rebuttal.status == RebuttalStatus.PUBLISHED and item.status == MisinfoStatus.REBUTTED
    page = client_for(officer).get(item.get_absolute_url()).content.decode()
    assert rebuttal.get_absolute_url() in page


def test_bad_source_link_is_refused(client_for, officer, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    response = client_for(officer).post(reverse("rebuttal_edit", args=[item.pk]), {
        "title": "T", "summary": "S", "body": "<p>B</p>", "sources": "javascript:alert(1)", "submit": "1"})
    assert response.status_code == 400 and not Rebuttal.objects.exists()


def test_status_change(client_for, officer, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    client_for(officer).post(reverse("misinfo_status", args=[item.pk]), {"status": "verifying"})
    item.refresh_from_db()
    assert item.status == MisinfoStatus.VERIFYING
