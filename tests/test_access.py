"""Scoped access: sibling units see nothing of each other; members reach no officer page."""

import pytest
from django.urls import reverse

from unions.access import get_union_for_user, managed_unions
from unions.models import Membership

from .factories import MembershipFactory


@pytest.mark.django_db
def test_sibling_gets_404_on_officer_unit_and_its_members(personas, tree, client_for):
    client = client_for(personas.sibling)
    assert client.get(reverse("unit_detail", args=[tree.officer_unit.pk])).status_code == 404
    membership = Membership.objects.get(user=personas.member)
    url = reverse("membership_decide", args=[tree.officer_unit.pk, membership.pk, "approve"])
    assert client.post(url).status_code == 404
    assert client.get(reverse("member_add", args=[tree.officer_unit.pk])).status_code == 404
    assert client.get(reverse("member_import", args=[tree.officer_unit.pk])).status_code == 404
    assert client.get(reverse("invite_qr", args=[tree.officer_unit.pk])).status_code == 404
    # Their own unit works.
    assert client.get(reverse("unit_detail", args=[tree.sibling_unit.pk])).status_code == 200


@pytest.mark.django_db
def test_sibling_does_not_see_officer_members_in_search(personas, tree, client_for):
    client = client_for(personas.sibling)
    response = client.get(reverse("units_index"), {"q": "May 10"})
    assert "Công đoàn Tổng Công ty May 10" not in response.content.decode()


@pytest.mark.django_db
def test_member_gets_403_on_officer_pages(personas, tree, client_for):
    client = client_for(personas.member)
    assert client.get(reverse("units_index")).status_code == 403
    response = client.get(reverse("unit_detail", args=[tree.officer_unit.pk]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(tree, client):
    response = client.get(reverse("unit_detail", args=[tree.officer_unit.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_role_covers_the_subtree(personas, tree, client_for):
    client = client_for(personas.upper)
    for unit in (tree.upper, tree.officer_unit, tree.sibling_unit):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 200
    assert client.get(reverse("unit_detail", args=[tree.root.pk])).status_code == 404
    assert set(managed_unions(personas.upper)) == {tree.upper, tree.officer_unit, tree.sibling_unit}


@pytest.mark.django_db
def test_officer_sees_own_unit_members(personas, tree, client_for):
    MembershipFactory(union=tree.officer_unit, user__full_name="Đặng Thị Ngọc Ánh")
    response = client_for(personas.officer).get(reverse("unit_detail", args=[tree.officer_unit.pk]))
    body = response.content.decode()
    assert "Hoàng Văn Nam" in body and "Đặng Thị Ngọc Ánh" in body


@pytest.mark.django_db
def test_member_search_ignores_diacritics(personas, tree, client_for):
    MembershipFactory(union=tree.officer_unit, user__full_name="Đặng Thị Ngọc Ánh")
    response = client_for(personas.officer).get(reverse("unit_detail", args=[tree.officer_unit.pk]), {"q": "dang thi ngoc anh"})
    body = response.content.decode()
    assert "Đặng Thị Ngọc Ánh" in body and "Hoàng Văn Nam" not in body


@pytest.mark.django_db
def test_access_helper_raises_404_outside_subtree(personas, tree):
    from django.http import Http404

    with pytest.raises(Http404):
        get_union_for_user(personas.officer, tree.sibling_unit.pk)
    assert get_union_for_user(personas.hq, tree.sibling_unit.pk) == tree.sibling_unit


@pytest.mark.django_db
def test_unit_page_query_count_does_not_grow_with_members(personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.officer)
    url = reverse("unit_detail", args=[tree.officer_unit.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    MembershipFactory.create_batch(30, union=tree.officer_unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_superuser_scope_stays_everything_when_or_ed_with_another_filter(personas, tree, client_for):
    """The scope filter of a superuser is "every unit"; OR-ed with another filter (public objects, own
    objects) it must not shrink to that other filter — it did: ``Q(...) | Q()`` drops the empty Q,
    so HQ got a 404 on the private campaigns, news and quizzes of every unit."""
    from django.db.models import Q

    from unions.models import Union
    from unions.scope import Scope

    from .factories import CampaignFactory

    everything = set(Union.objects.values_list("pk", flat=True))
    assert set(Union.objects.filter(Scope(personas.hq).filter()).values_list("pk", flat=True)) == everything
    assert set(Union.objects.filter(Q(code="none") | Scope(personas.hq).filter()).values_list("pk", flat=True)) == everything
    assert not Union.objects.filter(Q(code="none") | Scope(personas.member).filter()).exists()

    campaign = CampaignFactory(unit=tree.officer_unit, is_public=False)
    assert client_for(personas.hq).get(reverse("campaign_detail", args=[campaign.slug])).status_code == 200
