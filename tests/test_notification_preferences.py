"""The email preferences page (/notifications/preferences/) offers each user only the categories
that can reach them: members, officers, HQ (``notifications.models.CATEGORY_AUDIENCES``)."""

import re

import pytest
from django.urls import reverse

from notifications.models import Category, EmailOptOut
from unions.models import Role

from .factories import MembershipFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("notification_preferences")
MEMBER = ["account", "submission", "contest"]
OFFICER = ["account", "review", "campaign", "report", "incident", "reminder"]


def shown(client):
    return re.findall(r'name="email" value="([a-z]+)"', client.get(URL).content.decode())


@pytest.mark.parametrize(("persona", "expected"), [
    ("member", MEMBER),
    ("officer", OFFICER),
    ("sibling", OFFICER),
    ("upper", OFFICER),
    ("hq", [*OFFICER, "digest"]),
])
def test_each_persona_sees_the_categories_that_can_reach_them(personas, client_for, persona, expected):
    assert shown(client_for(getattr(personas, persona))) == expected


def test_an_officer_who_is_also_a_member_sees_both(personas, tree, client_for):
    MembershipFactory(user=personas.upper, union=tree.upper)
    assert shown(client_for(personas.upper)) == ["account", "review", "submission", "campaign", "report", "contest",
                                                "incident", "reminder"]


def test_the_digest_is_for_officers_and_admins_of_a_root_unit_only(tree, client_for):
    editor = UserFactory()
    RoleFactory(user=editor, union=tree.root, kind=Role.Kind.EDITOR)
    officer = UserFactory()
    RoleFactory(user=officer, union=tree.root, kind=Role.Kind.OFFICER)
    assert "digest" not in shown(client_for(editor))
    assert "digest" in shown(client_for(officer))


def test_an_account_without_unit_or_role_sees_only_account_notices(tree, client_for):
    assert shown(client_for(UserFactory())) == ["account"]


def test_each_category_is_explained_on_the_page(personas, client_for):
    html = client_for(personas.member).get(URL).content.decode()
    assert "Kết quả duyệt bài bạn đã gửi." in html
    assert "Duyệt bài" not in re.sub(r"Kết quả duyệt bài", "", html.split('<form method="post"')[1])


def test_saving_changes_only_the_categories_shown(personas, client_for):
    """A member's earlier choice for an officer category (kept from a role they had) survives."""
    member = personas.member
    EmailOptOut.objects.create(user=member, category=Category.REVIEW)
    client = client_for(member)
    response = client.post(URL, {"email": ["account", "contest"]})  # submission turned off
    assert response.status_code == 302
    assert sorted(EmailOptOut.objects.filter(user=member).values_list("category", flat=True)) == ["review",
                                                                                                 "submission"]
    client.post(URL, {"email": MEMBER})
    assert list(EmailOptOut.objects.filter(user=member).values_list("category", flat=True)) == ["review"]


def test_a_posted_category_that_is_not_offered_changes_nothing(personas, client_for):
    client_for(personas.member).post(URL, {"email": ["account"]})
    assert sorted(EmailOptOut.objects.filter(user=personas.member).values_list("category", flat=True)) == [
        "contest", "submission"
    ]


def test_the_preferences_page_query_count_is_small(personas, client_for, django_assert_max_num_queries):
    client = client_for(personas.hq)
    with django_assert_max_num_queries(12):
        client.get(URL)
