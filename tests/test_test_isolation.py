"""The suite's own isolation: what one test leaves behind must not change the next one.

The two tests run in file order: the first leaves English active the way an English page does,
the second is the next test and must start in the portal's default language.
"""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_an_english_page_activates_english(client):
    client.cookies["django_language"] = "en"
    assert client.get("/accounts/login/").status_code == 200
    assert translation.get_language() == "en"


def test_the_next_test_starts_in_vietnamese():
    assert translation.get_language() == "vi"
