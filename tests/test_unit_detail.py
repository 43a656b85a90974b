"""The unit page (/units/<pk>/) and the unit list: member figures of child units, people in
Vietnamese alphabetical order."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from unions import services
from unions.models import Membership, Role, Union

from .factories import MembershipFactory, RoleFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _members(unit, n):
    MembershipFactory.create_batch(n, union=unit)


def _recount():
    services.union_recount_all_members()


def _child_figures(html):
    """{child unit name: its member figure as shown} from the children list of a unit page."""
    rows = re.findall(r'data-testid="child-unit">\s*<span>([^<]+)</span>\s*<span[^>]*data-testid="child-members">([^<]+)<',
                      html)
    return {name.strip(): figure.strip() for name, figure in rows}


def test_child_units_show_the_members_of_their_whole_subtree(personas, tree, client_for):
    """HQ looks at the root: the upper union has one member of its own but 36 below it; the page
    showed "1" beside it. Now each child's figure is its whole subtree, and the page says so."""
    _members(tree.officer_unit, 29)  # and the persona member: 30
    _members(tree.sibling_unit, 5)
    MembershipFactory(union=tree.upper, user=personas.upper)
    _recount()
    assert Union.objects.get(pk=tree.upper.pk).member_count == 1

    html = client_for(personas.hq).get(reverse("unit_detail", args=[tree.root.pk])).content.decode()
    assert _child_figures(html) == {"Công đoàn Tập đoàn Dệt May Việt Nam": "36 đoàn viên"}
    assert "tính cả các đơn vị cấp dưới" in html
    counts = re.search(r'data-testid="unit-counts">([^<]+)<', html).group(1)
    assert counts == "0 đoàn viên sinh hoạt trực tiếp tại đơn vị · 36 đoàn viên tính cả các đơn vị trực thuộc"

    html = client_for(personas.upper).get(reverse("unit_detail", args=[tree.upper.pk])).content.decode()
    assert _child_figures(html) == {"Công đoàn Tổng Công ty May 10": "30 đoàn viên",
                                    "Công đoàn Tổng Công ty May Việt Tiến": "5 đoàn viên"}


def test_a_grandchild_counts_in_its_grandparents_row(personas, tree, client_for):
    section = UnionFactory(parent=tree.officer_unit, name="Công đoàn bộ phận Xí nghiệp May 1", level=5)
    _members(section, 12)
    _recount()
    html = client_for(personas.upper).get(reverse("unit_detail", args=[tree.upper.pk])).content.decode()
    assert _child_figures(html)["Công đoàn Tổng Công ty May 10"] == "13 đoàn viên"


def test_unit_list_shows_subtree_totals(personas, tree, client_for):
    _members(tree.officer_unit, 40)
    _recount()
    html = client_for(personas.hq).get(reverse("units_index")).content.decode()
    assert re.findall(r'data-testid="unit-members">([^<]+)<', html) == ["41 đoàn viên (tính cả đơn vị trực thuộc)"]
    html = client_for(personas.hq).get(reverse("units_index"), {"q": "may"}).content.decode()
    figures = re.findall(r'data-testid="unit-members">([^<]+)<', html)  # Dệt May, May 10, May Việt Tiến
    assert [f.split()[0] for f in figures] == ["41", "41", "0"]


def test_unit_page_query_count_does_not_grow_with_child_units(personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.hq)
    url = reverse("unit_detail", args=[tree.upper.pk])
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for _ in range(15):
        _members(UnionFactory(parent=tree.upper), 2)
    _recount()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert len(_child_figures(html)) == 17


def test_unit_list_query_count_does_not_grow_with_units(personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.hq)
    url = reverse("units_index")
    client.get(url, {"q": "cong"})
    with django_assert_max_num_queries(15) as few:
        client.get(url, {"q": "cong"})
    UnionFactory.create_batch(20, parent=tree.upper)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"q": "cong"})


# --- Keeping the count right ------------------------------------------------------------------


def test_approving_adding_and_importing_recount_on_commit(personas, tree, django_capture_on_commit_callbacks):
    pending = MembershipFactory(union=tree.officer_unit, status=Membership.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(actor=personas.officer, membership=pending)
    with django_capture_on_commit_callbacks(execute=True):
        services.member_add(actor=personas.officer, union=tree.officer_unit, full_name="Trịnh Văn Quyết",
                            phone="0912345678")
    assert Union.objects.get(pk=tree.officer_unit.pk).member_count == 3  # with the persona member


def test_deleting_an_account_recounts_its_units(personas, tree, django_capture_on_commit_callbacks):
    _recount()
    assert Union.objects.get(pk=tree.officer_unit.pk).member_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.get(pk=personas.member.pk).delete()  # e.g. in the admin: memberships go by cascade
    assert Union.objects.get(pk=tree.officer_unit.pk).member_count == 0


def test_recount_command_repairs_every_unit(tree, personas):
    _members(tree.sibling_unit, 3)
    Union.objects.update(member_count=99)
    call_command("recount_members", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert dict(Union.objects.values_list("code", "member_count")) == {
        "CDCT": 0, "DMVN": 0, "MAY10": 1, "VIETTIEN": 3,
    }


# --- People in Vietnamese alphabetical order ----------------------------------------------------

NAMES_IN_ORDER = [
    "Nguyễn Văn An",
    "Dương Thị Anh",  # given name Anh: then by the whole name, D before Đ
    "Đỗ Thị Mai Anh",
    "Trần Văn Ánh",  # the tone counts only after the letters: Anh < Ánh
    "Phạm Thị Ân",  # â after a
    "Bùi Văn Bình",
    "Lý Văn Dũng",
    "Ngô Minh Đức",  # đ after d
    "Hoàng Văn Nam",
    "Vũ Đức Thắng",
]


def test_members_are_listed_in_vietnamese_order_on_the_page_and_across_pages(personas, tree, client_for):
    Membership.objects.filter(user=personas.member).delete()
    for name in reversed(NAMES_IN_ORDER):
        MembershipFactory(union=tree.officer_unit, user=UserFactory(full_name=name))
    MembershipFactory.create_batch(45, union=tree.officer_unit, user__full_name="Lê Thị Yến")
    client = client_for(personas.officer)
    url = reverse("unit_detail", args=[tree.officer_unit.pk])
    shown = [m.user.full_name for m in client.get(url).context["members"]]
    assert shown == NAMES_IN_ORDER + ["Lê Thị Yến"] * 40
    second = [m.user.full_name for m in client.get(url, {"page": 2}).context["members"]]
    assert second == ["Lê Thị Yến"] * 5
    html = client.get(url).content.decode()
    assert html.index("Đỗ Thị Mai Anh") < html.index("Ngô Minh Đức") < html.index("Vũ Đức Thắng")


def test_pending_registrations_and_roles_follow_the_same_order(personas, tree, client_for):
    for name in ("Vũ Đức Thắng", "Đỗ Thị Mai Anh", "Ngô Minh Đức", "Dương Thị Anh"):
        MembershipFactory(union=tree.officer_unit, user=UserFactory(full_name=name), status=Membership.Status.PENDING)
        RoleFactory(union=tree.officer_unit, user=User.objects.get(full_name=name), kind=Role.Kind.EDITOR)
    response = client_for(personas.officer).get(reverse("unit_detail", args=[tree.officer_unit.pk]))
    assert [m.user.full_name for m in response.context["pending"]] == [
        "Dương Thị Anh", "Đỗ Thị Mai Anh", "Ngô Minh Đức", "Vũ Đức Thắng"
    ]
    assert [r.user.full_name for r in response.context["roles"]] == [
        "Dương Thị Anh", "Đỗ Thị Mai Anh", "Ngô Minh Đức", "Lê Thị Hồng Nhung", "Vũ Đức Thắng"
    ]


def test_the_sort_key_is_kept_on_save_and_before_bulk_create(personas):
    user = User.objects.get(pk=personas.member.pk)
    user.full_name = "Đỗ Văn Nam"
    user.save(update_fields=["full_name"])
    assert User.objects.get(pk=user.pk).sort_name == user.sort_name != ""
    User.objects.bulk_create([User(username="dv1", full_name="Vũ Thị An").normalise()])
    names = ["Đỗ Văn Nam", "Lê Thị Hồng Nhung", "Vũ Thị An"]
    assert list(User.objects.filter(full_name__in=names).values_list("full_name", flat=True)) == [
        "Vũ Thị An", "Đỗ Văn Nam", "Lê Thị Hồng Nhung"
    ]


def test_the_nightly_recount_repairs_a_count_left_stale(settings, tree):
    """A lost recount task left a unit showing members it no longer has; the night's beat task
    puts every count right."""
    from unions.tasks import recount_all_members

    entry = settings.CELERY_BEAT_SCHEDULE["unions-recount-all-members"]
    assert entry["task"] == recount_all_members.name
    _members(tree.officer_unit, 3)
    Union.objects.filter(pk=tree.officer_unit.pk).update(member_count=40)
    recount_all_members.delay()  # eager in tests
    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == 3
