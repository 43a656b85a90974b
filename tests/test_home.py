"""The signed-in home: officers see what waits for them; members see their union."""

import pytest
from django.urls import reverse

from unions.models import Membership

from .factories import MembershipFactory


@pytest.mark.django_db
def test_officer_home_lists_what_waits(personas, tree, client_for):
    MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    response = client_for(personas.officer).get(reverse("home"))
    todo = response.content.decode()
    assert response.context["review_count"] == 0
    assert response.context["proof_count"] == 0
    assert response.context["pending_count"] == 1
    assert 'data-testid="officer-todo"' in todo
    assert reverse("submission_queue") in todo and reverse("proof_queue") in todo


@pytest.mark.django_db
def test_member_home_has_no_officer_section(personas, client_for):
    body = client_for(personas.member).get(reverse("home")).content.decode()
    assert "Công đoàn Tổng Công ty May 10" in body
    assert 'data-testid="officer-todo"' not in body


@pytest.mark.django_db
def test_sibling_does_not_count_officer_unit_registrations(personas, tree, client_for):
    MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    response = client_for(personas.sibling).get(reverse("home"))
    assert response.context["pending_count"] == 0


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_members(personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.officer)
    client.get(reverse("home"))
    with django_assert_max_num_queries(30) as before:
        client.get(reverse("home"))
    MembershipFactory.create_batch(20, union=tree.officer_unit, status=Membership.Status.PENDING)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("home"))
