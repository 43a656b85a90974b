"""The unit tree (materialised path), text helpers, and the audit transaction rule."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.text import fold, normalize_phone
from audit.models import AuditEvent
from audit.services import audit_record
from unions.models import PATH_STEP, Level, Union, path_segment

from .factories import UnionFactory, UserFactory


def _tree_of(*units):
    """Fresh (path, depth) of each unit, read from the database."""
    return [Union.objects.values_list("path", "depth").get(pk=u.pk) for u in units]


# --- path and depth -----------------------------------------------------------------------------


def test_path_segment_is_fixed_width_base36():
    assert path_segment(1) == "0000001"
    assert path_segment(35) == "000000Z"
    assert path_segment(36) == "0000010"
    assert len(path_segment(36**6)) == PATH_STEP
    assert path_segment(36**7 - 1) == "ZZZZZZZ"


@pytest.mark.django_db
def test_path_and_depth_are_set_on_create(tree):
    root, upper, unit = tree.root, tree.upper, tree.officer_unit
    assert root.path == path_segment(root.pk) and root.depth == 0
    assert upper.path == root.path + path_segment(upper.pk) and upper.depth == 1
    assert unit.path == upper.path + path_segment(unit.pk) and unit.depth == 2
    # What was saved is what the instance says (no placeholder left behind).
    assert _tree_of(root, upper, unit) == [(root.path, 0), (upper.path, 1), (unit.path, 2)]
    assert not Union.objects.filter(path__startswith="~").exists()


@pytest.mark.django_db
def test_subtree_of_is_the_unit_and_all_its_descendants(tree):
    team = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    other_root = UnionFactory(name="Công đoàn Viên chức Việt Nam", code="CDVC")
    assert set(Union.objects.subtree_of(tree.upper)) == {
        tree.upper, tree.officer_unit, tree.sibling_unit, team
    }
    assert set(Union.objects.subtree_of(tree.officer_unit)) == {tree.officer_unit, team}
    assert set(Union.objects.subtree_of(tree.sibling_unit)) == {tree.sibling_unit}
    assert other_root not in Union.objects.subtree_of(tree.root)


@pytest.mark.django_db
def test_ancestors_root_first_without_the_unit_itself(tree, django_assert_num_queries):
    team = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    with django_assert_num_queries(1):
        assert list(team.ancestors()) == [tree.root, tree.upper, tree.officer_unit]
    assert list(tree.root.ancestors()) == []
    assert team.is_descendant_of(tree.upper)
    assert not tree.sibling_unit.is_descendant_of(tree.officer_unit)


@pytest.mark.django_db
def test_moving_a_unit_rewrites_its_subtree(tree):
    team = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    group = UnionFactory(parent=team, level=Level.BELOW_GRASSROOTS)
    unit = tree.officer_unit

    unit.parent = tree.root  # up one level
    unit.save()

    assert unit.path == tree.root.path + path_segment(unit.pk) and unit.depth == 1
    assert _tree_of(unit, team, group) == [
        (unit.path, 1),
        (unit.path + path_segment(team.pk), 2),
        (unit.path + path_segment(team.pk) + path_segment(group.pk), 3),
    ]
    assert set(Union.objects.subtree_of(tree.upper)) == {tree.upper, tree.sibling_unit}
    assert list(Union.objects.get(pk=group.pk).ancestors()) == [tree.root, unit, team]

    # And down two levels, under the sibling's section.
    section = UnionFactory(parent=tree.sibling_unit, level=Level.BELOW_GRASSROOTS)
    unit.parent = section
    unit.save()
    assert unit.depth == 4
    assert _tree_of(team, group) == [
        (section.path + path_segment(unit.pk) + path_segment(team.pk), 5),
        (section.path + path_segment(unit.pk) + path_segment(team.pk) + path_segment(group.pk), 6),
    ]


@pytest.mark.django_db
def test_saving_a_stale_copy_of_a_descendant_keeps_its_new_path(tree):
    """A unit loaded before its ancestor moved must not write its old path back when saved."""
    team = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    stale_team = Union.objects.get(pk=team.pk)

    unit = Union.objects.get(pk=tree.officer_unit.pk)
    unit.parent = tree.sibling_unit
    unit.save()

    stale_team.name = "Tổ công đoàn Phân xưởng Cắt"
    stale_team.save()
    expected = tree.sibling_unit.path + path_segment(unit.pk) + path_segment(team.pk)
    assert _tree_of(team) == [(expected, 4)]
    assert team in Union.objects.subtree_of(tree.sibling_unit)
    assert Union.objects.get(pk=team.pk).name == "Tổ công đoàn Phân xưởng Cắt"


@pytest.mark.django_db
def test_moving_under_own_descendant_raises_and_changes_nothing(tree):
    team = UnionFactory(parent=tree.officer_unit, level=Level.BELOW_GRASSROOTS)
    before = _tree_of(tree.upper, tree.officer_unit, team)

    unit = Union.objects.get(pk=tree.officer_unit.pk)
    unit.parent = team
    with pytest.raises(ValueError):
        unit.save()
    unit = Union.objects.get(pk=tree.officer_unit.pk)
    unit.parent = unit
    with pytest.raises(ValueError):
        unit.save()

    assert _tree_of(tree.upper, tree.officer_unit, team) == before
    assert Union.objects.get(pk=tree.officer_unit.pk).parent_id == tree.upper.pk


@pytest.mark.django_db
def test_current_excludes_dissolved_and_future_units(tree):
    today = timezone.localdate()
    dissolved = UnionFactory(parent=tree.upper, valid_to=today - datetime.timedelta(days=1))
    ends_today = UnionFactory(parent=tree.upper, valid_to=today)
    future = UnionFactory(parent=tree.upper, valid_from=today + datetime.timedelta(days=1))
    started = UnionFactory(parent=tree.upper, valid_from=today - datetime.timedelta(days=365))

    current = set(Union.objects.current())
    assert dissolved not in current and future not in current
    assert {ends_today, started, tree.officer_unit, tree.sibling_unit} <= current
    assert not dissolved.is_current and ends_today.is_current and not future.is_current
    # On an earlier date the dissolved unit was still there.
    assert dissolved in Union.objects.current(on=today - datetime.timedelta(days=2))


@pytest.mark.django_db
def test_search_ignores_diacritics_and_matches_code(tree):
    assert list(Union.objects.search("cong doan tong cong ty may 10")) == [tree.officer_unit]
    assert list(Union.objects.search("VIỆT TIẾN")) == [tree.sibling_unit]
    assert list(Union.objects.search(" viettien ")) == [tree.sibling_unit]


# --- text helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Công Đoàn", "cong doan"),
        ("ĐẶNG THỊ NGỌC ÁNH", "dang thi ngoc anh"),
        ("  Nguyễn   Văn\tThử  ", "nguyen van thu"),
        ("Tổng Liên đoàn Lao động Việt Nam", "tong lien doan lao dong viet nam"),
        ("MAY10", "may10"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_and_composed_text_alike():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Hồ Chí Minh")) == fold("Hồ Chí Minh") == "ho chi minh"


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("912345678", "0912345678"),  # leading zero eaten by a spreadsheet
        ("912345678.0", "0912345678"),  # and read back as a float
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("(+84) 912 345 678", "0912345678"),
        (" 0912 345 678 ", "0912345678"),
        (912345678, "0912345678"),
        ("12345", None),
        ("091234567", None),  # nine digits starting with 0: a digit is missing
        ("09123456789", None),
        ("+1 212 555 0100", None),
        ("0912abc678", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(raw, phone):
    assert normalize_phone(raw) == phone


# --- audit --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    actor = UserFactory()
    assert not transaction.get_connection().in_atomic_block
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        audit_record(actor=actor, verb="test.outside")
    assert not AuditEvent.objects.filter(verb="test.outside").exists()

    with transaction.atomic():
        event = audit_record(actor=actor, verb="test.inside", obj=actor, data={"x": 1})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.verb, stored.object_type, stored.object_id, stored.data) == (
        actor, "test.inside", "accounts.user", str(actor.pk), {"x": 1}
    )


@pytest.mark.django_db(transaction=True)
def test_audit_row_rolls_back_with_its_action():
    unit = UnionFactory()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=None, verb="test.rolled_back", obj=unit, unit=unit)
        1 / 0  # noqa: B018 - the action fails after recording
    assert not AuditEvent.objects.filter(verb="test.rolled_back").exists()
