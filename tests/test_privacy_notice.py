"""The privacy notice (/privacy/): public, in Vietnamese and English, linked from the forms that
collect data; consents are recorded with the notice's version."""

import pytest
from django.urls import reverse

from privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db


def test_the_notice_is_public_in_vietnamese_and_english(client, settings):
    page = client.get(reverse("privacy_notice"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thông báo xử lý dữ liệu cá nhân" in html and settings.PRIVACY_NOTICE_VERSION in html
    assert f"{settings.RETENTION_DAYS['link_clicks']} ngày" in html
    english = client.get(reverse("privacy_notice"), headers={"accept-language": "en"}, HTTP_COOKIE="django_language=en")
    assert english.status_code == 200


def test_accepting_the_notice_records_the_version_once(personas, client_for, settings):
    client = client_for(personas.member)
    client.post(reverse("privacy_notice"))
    client.post(reverse("privacy_notice"))
    consent = ConsentRecord.objects.get(user=personas.member)
    assert consent.purpose == ConsentRecord.Purpose.NOTICE and consent.notice_version == settings.PRIVACY_NOTICE_VERSION
    assert "Bạn đã đồng ý với phiên bản này" in client.get(reverse("privacy_notice")).content.decode()
    settings.PRIVACY_NOTICE_VERSION = "2027-01-01"  # a new text asks again
    assert "Tôi đã đọc và đồng ý" in client.get(reverse("privacy_notice")).content.decode()


@pytest.mark.parametrize(("persona", "url"), [
    ("member", "submission_new"), ("officer", "incident_create"), ("member", "profile"),
])
def test_forms_that_collect_data_link_the_notice(personas, client_for, persona, url):
    page = client_for(getattr(personas, persona)).get(reverse(url)).content.decode()
    assert f'href="{reverse("privacy_notice")}"' in page


def test_a_submission_with_consent_records_it_with_the_notice_version(personas, tree, client_for, settings):
    client_for(personas.member).post(reverse("submission_new"), {
        "kind": "good_deed", "title": "Anh Tuấn hiến máu lần thứ 20", "body": "Anh Tuấn tổ bảo trì.",
        "consent_publication": "on", "consent_people": "on", "submit": "1",
    })
    consent = ConsentRecord.objects.get(user=personas.member)
    assert consent.purpose == "submission" and consent.notice_version == settings.PRIVACY_NOTICE_VERSION
    assert consent.object_type == "submissions.submission"
