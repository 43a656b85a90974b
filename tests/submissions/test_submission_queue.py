"""The review queue's search box: title, body and author, diacritics ignored; with the filters,
the scope and the pager; a constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Kind
from tests.factories import MembershipFactory, UserFactory

from .helpers import pending

pytestmark = pytest.mark.django_db


def _item(author, unit, title, body="<p>Nội dung</p>", **extra):
    """A pending item with its search text filled in, as the member's form leaves it."""
    item = pending(author, unit, title=title, **extra)
    item.body = body
    item.refresh_search_text()
    item.save()
    return item


def _titles(client, **params):
    page = client.get(reverse("submission_queue"), params).content.decode()
    return set(re.findall(r'<h2 class="h6 mb-1"><a href="[^"]+">([^<]+)</a></h2>', page))


def test_search_ignores_diacritics_and_case_in_title_body_and_author(personas, tree, client_for):
    other = MembershipFactory(union=tree.officer_unit, user=UserFactory(full_name="Đặng Thị Huệ")).user
    _item(personas.member, tree.officer_unit, "Hội thi Nữ công nhân khéo tay")
    _item(other, tree.officer_unit, "Sáng kiến cắt vải", body="<p>Tiết kiệm <b>điện</b> ở xưởng may</p>")
    _item(other, tree.officer_unit, "Bữa cơm ca")
    client = client_for(personas.officer)
    assert _titles(client, q="nu cong nhan kheo tay") == {"Hội thi Nữ công nhân khéo tay"}
    assert _titles(client, q="NỮ CÔNG NHÂN") == {"Hội thi Nữ công nhân khéo tay"}
    assert _titles(client, q="tiet kiem dien") == {"Sáng kiến cắt vải"}  # in the body, tags ignored
    assert _titles(client, q="dang thi hue") == {"Sáng kiến cắt vải", "Bữa cơm ca"}
    assert _titles(client, q="hue bua com") == {"Bữa cơm ca"}  # every word, in any field
    assert len(_titles(client, q="cong doan may 10")) == 3  # the unit's name: "Công đoàn Tổng Công ty May 10"
    assert _titles(client, q="khong co bai nao") == set()
    assert len(_titles(client, q="   ")) == 3
    page = client.get(reverse("submission_queue"), {"q": "kheo tay"}).content.decode()
    assert 'name="q"' in page and 'value="kheo tay"' in page  # the box keeps what was typed


def test_reviewers_find_an_anonymous_author_by_name(personas, tree, client_for):
    _item(personas.member, tree.officer_unit, "Ý kiến về ca đêm", anonymous=True)
    assert _titles(client_for(personas.officer), q="hoang van nam") == {"Ý kiến về ca đêm"}


def test_search_composes_with_the_filters_and_the_scope(personas, tree, client_for):
    _item(personas.member, tree.officer_unit, "Video Đại hội May 10", kind=Kind.VIDEO)
    _item(personas.member, tree.officer_unit, "Đại hội thăm hỏi")
    _item(personas.member, tree.officer_unit, "Bữa cơm ca")
    _item(personas.member, tree.officer_unit, "Đại hội đã chuyển lên", current=tree.upper)
    other = MembershipFactory(union=tree.sibling_unit).user
    _item(other, tree.sibling_unit, "Đại hội Việt Tiến")
    officer = client_for(personas.officer)
    assert _titles(officer, q="dai hoi", kind=Kind.VIDEO) == {"Video Đại hội May 10"}
    assert _titles(officer, q="dai hoi") == {"Video Đại hội May 10", "Đại hội thăm hỏi"}
    upper = client_for(personas.upper)
    assert _titles(upper, q="dai hoi") == {"Đại hội đã chuyển lên"}  # only what waits at upper's level
    assert _titles(upper, q="dai hoi", scope="all", unit=tree.sibling_unit.pk) == {"Đại hội Việt Tiến"}
    assert _titles(client_for(personas.officer), q="viet tien", scope="all") == set()  # outside the subtree


def test_search_is_kept_by_the_pager_and_the_bulk_form(personas, tree, client_for):
    for i in range(27):
        _item(personas.member, tree.officer_unit, f"Đại hội cơ sở số {i:02d}")
    _item(personas.member, tree.officer_unit, "Bữa cơm ca")
    client = client_for(personas.officer)
    first = client.get(reverse("submission_queue"), {"q": "dai hoi"}).content.decode()
    assert first.count('data-testid="queue-item"') == 25 and "Trang 1</span>" in first  # no COUNT(*): no total
    assert "?q=dai+hoi&amp;page=2" in first
    second = client.get(reverse("submission_queue"), {"q": "dai hoi", "page": 2}).content.decode()
    assert second.count('data-testid="queue-item"') == 2 and "Bữa cơm ca" not in second
    assert "page=3" not in second and "?q=dai+hoi&amp;page=1" in second  # the last page knows it is
    past = client.get(reverse("submission_queue"), {"q": "dai hoi", "page": 9}).content.decode()
    assert past.count('data-testid="queue-item"') == 25  # past the end: the first page
    # A bulk decision taken on the second page returns to the same search.
    ids = re.findall(r'name="ids" value="(\d+)"', second)
    url = reverse("submission_queue") + "?q=dai+hoi&page=2"
    response = client.post(url, {"ids": ids, "decision": "reject", "reason": "Trùng lặp"})
    assert response.status_code == 302 and response.url == url
    assert client.get(reverse("submission_queue"), {"q": "dai hoi"}).content.decode().count(
        'data-testid="queue-item"') == 25


def test_search_keeps_the_query_count_constant(personas, tree, client_for, django_assert_num_queries):
    client = client_for(personas.officer)
    for i in range(2):
        _item(personas.member, tree.officer_unit, f"Đại hội {i}", media=2)
    client.get(reverse("submission_queue"))  # warm the session
    params = {"q": "dai hoi", "kind": Kind.GOOD_DEED, "scope": "all"}
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("submission_queue"), params)
    for i in range(15):
        author = MembershipFactory(union=tree.officer_unit).user
        _item(author, tree.officer_unit, f"Đại hội cơ sở {i}", media=3)
        _item(author, tree.officer_unit, f"Bữa cơm {i}", media=1)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("submission_queue"), params)
    assert response.content.decode().count('data-testid="queue-item"') == 17
