"""Labels defined once at import time still follow the reader's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from uploads.checks import UploadRejected, check_upload


@pytest.mark.django_db
def test_statistics_columns_are_english_for_an_english_reader(personas, client_for):
    client = client_for(personas.officer)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("campaign_stats")).content.decode()
    assert "Declared shares" in body
    assert "Bài chia sẻ khai báo" not in body


def test_upload_refusal_names_the_kind_in_the_reader_language():
    with translation.override("en"), pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile("a.jpg", b"<html></html>"), kinds=("image",))
    assert "image" in str(refused.value) and "ảnh" not in str(refused.value)
