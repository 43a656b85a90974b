"""The user's scope (unions/scope.py): the one object every app's access rules are built on."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from unions.models import Role, Union
from unions.scope import Scope, ancestor_paths, minimal_paths, scope_for

from .factories import RoleFactory, UnionFactory, UserFactory


@pytest.mark.django_db
def test_covers_the_subtree_of_each_role_and_nothing_else(personas, tree):
    upper = Scope(personas.upper)
    assert upper.covers(tree.upper) and upper.covers(tree.officer_unit) and upper.covers(tree.sibling_unit)
    assert not upper.covers(tree.root)
    officer = Scope(personas.officer)
    assert officer.covers(tree.officer_unit)
    assert not officer.covers(tree.sibling_unit) and not officer.covers(tree.upper)
    assert not Scope(personas.member).covers(tree.officer_unit)
    assert Scope(personas.hq).covers(tree.sibling_unit)


@pytest.mark.django_db
def test_covers_strictly_excludes_the_role_unit_itself(personas, tree):
    upper = Scope(personas.upper)
    assert upper.covers_strictly(tree.officer_unit)
    assert not upper.covers_strictly(tree.upper)


@pytest.mark.django_db
def test_filter_matches_the_subtrees_for_any_path_field(personas, tree):
    assert set(Union.objects.filter(Scope(personas.upper).filter())) == {tree.upper, tree.officer_unit, tree.sibling_unit}
    officer_roles = Role.objects.filter(Scope(personas.officer).filter("union__path"))
    assert {r.user for r in officer_roles} == {personas.officer}
    assert not Union.objects.filter(Scope(personas.member).filter()).exists()


@pytest.mark.django_db
def test_superuser_sees_everything_as_a_flag_not_a_path(personas, tree):
    scope = Scope(personas.hq)
    assert scope.sees_everything and scope.is_officer and scope.is_admin
    lone_superuser = UserFactory(is_superuser=True, is_staff=True)
    bare = Scope(lone_superuser)
    assert bare.paths() == [] and not bare.has_roles
    assert bare.sees_everything and bare.covers(tree.officer_unit)
    assert set(bare.top_units()) == {tree.root}


@pytest.mark.django_db
def test_role_kinds_narrow_the_scope(personas, tree):
    editor = UserFactory()
    RoleFactory(user=editor, union=tree.upper, kind=Role.Kind.EDITOR)
    scope = Scope(editor)
    assert scope.covers(tree.officer_unit)
    assert not scope.covers(tree.officer_unit, (Role.Kind.ADMIN,))
    assert not scope.is_admin
    assert Scope(personas.hq).is_admin_of(tree.officer_unit)
    assert not Scope(personas.upper).is_admin_of(tree.officer_unit)


@pytest.mark.django_db
def test_a_role_on_a_unit_that_ended_gives_no_reach(tree):
    ended = UnionFactory(parent=tree.upper, name="Công đoàn Công ty Dệt Nam Định (đã sáp nhập)",
                         valid_to=timezone.localdate() - dt.timedelta(days=1))
    user = UserFactory()
    RoleFactory(user=user, union=ended, kind=Role.Kind.OFFICER)
    scope = Scope(user)
    assert not scope.is_officer and not scope.covers(ended)


@pytest.mark.django_db
def test_nested_roles_collapse_to_the_top_subtree(personas, tree):
    RoleFactory(user=personas.upper, union=tree.officer_unit, kind=Role.Kind.EDITOR)
    assert Scope(personas.upper).paths() == [tree.upper.path]
    assert Scope(personas.upper).role_unit_ids() == sorted([tree.upper.pk, tree.officer_unit.pk])


def test_path_helpers():
    assert minimal_paths(["a", "ab", "b", "abc"]) == ["a", "b"]
    assert ancestor_paths(["0000001" "0000002"]) == {"0000001", "00000010000002"}


@pytest.mark.django_db
def test_member_units_and_the_chain_above_them(personas, tree):
    scope = Scope(personas.member)
    assert scope.member_units == [tree.officer_unit]
    assert scope.primary_unit == tree.officer_unit
    assert scope.member_unit_in(tree.upper) == tree.officer_unit
    assert scope.member_unit_in(tree.sibling_unit) is None
    chain = set(Union.objects.filter(scope.member_chain_filter("path")))
    assert chain == {tree.root, tree.upper, tree.officer_unit}


@pytest.mark.django_db
def test_officer_reaches_what_is_addressed_above_their_role(personas, tree):
    above = set(Union.objects.filter(Scope(personas.officer).above_roles_filter("path")))
    assert above == {tree.root, tree.upper, tree.officer_unit}
    assert not Union.objects.filter(Scope(personas.member).above_roles_filter("path")).exists()


@pytest.mark.django_db
def test_anonymous_scope_reaches_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    scope = Scope(AnonymousUser())
    assert not scope.is_officer and not scope.covers(tree.root) and scope.member_units == []
    assert not Union.objects.filter(scope.filter()).exists()


@pytest.mark.django_db
def test_scope_is_kept_on_the_user_for_the_request(personas):
    assert scope_for(personas.officer) is scope_for(personas.officer)


@pytest.mark.django_db
def test_a_page_reads_the_roles_once(personas, client_for):
    """The home page asks the scope several questions (officer? managed units? queue? proofs?);
    the user's roles are read from the database once for the whole request."""
    client = client_for(personas.upper)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    role_reads = [q["sql"] for q in ctx.captured_queries if 'AS "union__path"' in q["sql"]]
    assert len(role_reads) == 1, role_reads
