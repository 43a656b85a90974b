"""The review queue's and the gallery's unit filter: a search-as-you-type field, never a list of
every unit; and the pages' query counts do not grow with the rows (issue 14)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from submissions.counters import bump_pending
from submissions.models import Status
from tests.factories import MembershipFactory, UnionFactory
from unions.models import Level

from .helpers import pending


def _published(author, unit, title, campaign=None):
    item = pending(author, unit, title=title, campaign=campaign)
    item.status, item.published_at, item.published_unit = Status.PUBLISHED, timezone.now(), unit
    item.save()
    return item


def _many_units(parent, n, name="Công đoàn Công ty Đồng Nai"):
    return [UnionFactory(parent=parent, name=f"{name} {i}", code=f"DN{i:03d}", level=Level.GRASSROOTS)
            for i in range(n)]


def test_gallery_filter_is_a_search_field_not_a_list_of_units(tree, member, client):
    for unit in _many_units(tree.upper, 30):
        _published(member, unit, f"Chuyện ở {unit.code}")
    html = client.get(reverse("stories")).content.decode()
    assert 'name="unit"' in html and "<select" not in html.split('name="unit"')[0][-300:]
    assert '<option value="DN' not in html  # no unit is listed before the visitor types
    assert 'list="id_unit-options"' in html and f'data-hx-get="{reverse("story_unit_search")}"' in html


def test_suggestions_ignore_diacritics_and_stop_at_twenty(tree, client):
    _many_units(tree.upper, 30)
    html = client.get(reverse("story_unit_search"), {"unit": "dong nai"}).content.decode()
    assert html.count("<option") == 20
    assert "Công đoàn Công ty Đồng Nai" in html and 'value="DN' in html
    assert client.get(reverse("story_unit_search"), {"unit": ""}).content.decode().strip() == ""


def test_typing_a_unit_code_filters_the_gallery_without_javascript(tree, member, client):
    _published(member, tree.officer_unit, "Bữa cơm công nhân May 10")
    _published(member, tree.sibling_unit, "Chuyến xe nghĩa tình Việt Tiến")
    html = client.get(reverse("stories"), {"unit": "may10"}).content.decode()
    assert "Bữa cơm công nhân May 10" in html and "Việt Tiến</a>" not in html
    assert "Chuyến xe nghĩa tình" not in html
    assert 'data-testid="unit-chosen"' in html and "Công đoàn Tổng Công ty May 10" in html


def test_an_unknown_code_says_so(tree, client):
    html = client.get(reverse("stories"), {"unit": "KHONGCO"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “KHONGCO”" in html


def test_queue_suggestions_stay_inside_the_reviewers_subtree(personas, tree, client_for):
    html = client_for(personas.sibling).get(reverse("queue_unit_search"), {"unit": "cong ty may"}).content.decode()
    assert "Việt Tiến" in html and "May 10" not in html
    html = client_for(personas.upper).get(reverse("queue_unit_search"), {"unit": "cong ty may"}).content.decode()
    assert "Việt Tiến" in html and "May 10" in html


def test_queue_filter_by_code_refuses_a_unit_outside_the_subtree(personas, tree, client_for):
    pending(personas.member, tree.officer_unit, title="Bài của May 10")
    sibling = client_for(personas.sibling)
    html = sibling.get(reverse("submission_queue"), {"unit": "MAY10", "scope": "all"}).content.decode()
    assert "Không tìm thấy đơn vị có mã “MAY10”" in html and "Bài của May 10" not in html
    html = client_for(personas.upper).get(reverse("submission_queue"), {"unit": "may10", "scope": "all"}).content.decode()
    assert "Bài của May 10" in html


def _rows(author, unit, n, prefix):
    for i in range(n):
        pending(author, unit, title=f"{prefix} {i}", media=1)


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_is_the_same_at_1_and_50_rows(personas, tree, client_for, django_assert_num_queries):
    client = client_for(personas.upper)
    authors = [MembershipFactory(union=tree.officer_unit).user for _ in range(3)]
    _rows(authors[0], tree.upper, 1, "Ở cấp trên")
    _rows(authors[0], tree.officer_unit, 1, "Ở cơ sở")
    client.get(reverse("submission_queue"))  # warm the session
    default = _count_queries(client, reverse("submission_queue"))
    below = _count_queries(client, reverse("submission_queue"), {"scope": "all"})
    for author in authors:
        _rows(author, tree.upper, 17, "Ở cấp trên thêm")
        _rows(author, tree.officer_unit, 17, "Ở cơ sở thêm")
    with django_assert_num_queries(default):
        client.get(reverse("submission_queue"))
    with django_assert_num_queries(below):
        client.get(reverse("submission_queue"), {"scope": "all"})


def test_gallery_query_count_is_the_same_at_1_and_50_stories(tree, member, client, django_assert_num_queries):
    units = _many_units(tree.upper, 5)
    _published(member, units[0], "Chuyện đầu tiên")
    first = _count_queries(client, reverse("stories"))
    for i in range(49):
        _published(member, units[i % 5], f"Chuyện {i}")
    with django_assert_num_queries(first):
        html = client.get(reverse("stories")).content.decode()
    assert html.count('data-testid="story-card"') == 12


def test_home_badges_cost_no_queries_on_the_next_visit(personas, tree, client_for, django_assert_num_queries):
    client = client_for(personas.upper)
    pending(personas.member, tree.upper, title="Chờ ở cấp trên")
    first = _count_queries(client, reverse("home"))
    again = _count_queries(client, reverse("home"))
    assert again <= first - 3  # the queue, registrations, proofs and units counts come from the cache
    for i in range(49):
        pending(MembershipFactory(union=tree.officer_unit).user, tree.upper, title=f"Chờ {i}")
    bump_pending(tree.upper.pk)  # what the services do when an item arrives (made directly here)
    with django_assert_num_queries(again + 1):  # the queue badge alone is recounted once after the change...
        html = client.get(reverse("home")).content.decode()
    assert "50" in html
    with django_assert_num_queries(again):  # ...then served from the cache
        client.get(reverse("home"))
