"""Entry contests: a member enters one of their submissions, members vote once, ranking by votes."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Contest, ContestEntry, ContestVote, Prize, Winner
from core.errors import ServiceError
from submissions.models import Kind, Status
from tests.factories import MembershipFactory, UserFactory
from tests.submissions.helpers import pending

pytestmark = pytest.mark.django_db


def photo_contest(unit, user, *, scope=Contest.VoteScope.PER_CONTEST):
    now = timezone.now()
    contest = services.contest_create(
        user=user, rules_body="Mỗi đoàn viên gửi một bộ ảnh; mỗi đoàn viên bình chọn một bài.", kind=Contest.Kind.ENTRY,
        unit=unit, eligible_unit=unit, title="Ảnh đẹp người lao động May 10", slug="anh-dep-may-10",
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=5), winner_method=Contest.Method.VOTES,
        entry_kind=Contest.EntryKind.PHOTO, vote_scope=scope, is_public=True,
    )
    Prize.objects.create(contest=contest, position=1, name="Giải Nhất", quantity=1, value=3_000_000)
    services.contest_publish(contest=contest, user=user)
    contest.refresh_from_db()
    return contest


def _author(i, unit):
    user = UserFactory(username=f"tacgia{i}", full_name=f"Tác Giả {i}")
    MembershipFactory(user=user, union=unit)
    return user


def test_member_enters_a_submission_once_and_it_counts_when_approved(personas, tree, client_for):
    contest = photo_contest(tree.officer_unit, personas.officer)
    mine = pending(personas.member, tree.officer_unit, title="Ca đêm xưởng may", kind=Kind.PHOTO_SET)
    other = pending(personas.member, tree.officer_unit, title="Bữa cơm ca", kind=Kind.PHOTO_SET)
    client = client_for(personas.member)
    page = client.get(contest.get_absolute_url()).content.decode()
    assert "Ca đêm xưởng may" in page
    client.post(reverse("contest_enter", args=[contest.slug]), {"submission": mine.pk})
    entry = ContestEntry.objects.get(contest=contest)
    assert entry.rules.version == 1 and not entry.qualifies
    with pytest.raises(ServiceError, match="một bài"):
        services.entry_create(contest=contest, user=personas.member, unit=tree.officer_unit, submission=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContestEntry.objects.create(contest=contest, user=personas.member, submission=other)


def test_one_vote_per_contest_then_ranking_by_votes(personas, tree, client_for):
    contest = photo_contest(tree.officer_unit, personas.officer)
    entries = []
    for i in range(2):
        author = _author(i, tree.officer_unit)
        sub = pending(author, tree.officer_unit, title=f"Bộ ảnh {i}", kind=Kind.PHOTO_SET, status=Status.PUBLISHED)
        entries.append(services.entry_create(contest=contest, user=author, unit=tree.officer_unit, submission=sub))
    client = client_for(personas.member)
    client.post(reverse("contest_vote", args=[contest.slug, entries[1].pk]))
    response = client.post(reverse("contest_vote", args=[contest.slug, entries[0].pk]), follow=True)
    assert "Bạn đã bình chọn rồi" in response.content.decode()
    assert ContestVote.objects.filter(contest=contest).count() == 1
    Contest.objects.filter(pk=contest.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1),
                                                 starts_at=timezone.now() - dt.timedelta(days=2))
    contest.refresh_from_db()
    services.winners_choose(contest=contest, user=personas.officer)
    assert Winner.objects.get(contest=contest).user == entries[1].user


def test_outsider_cannot_vote(personas, tree):
    contest = photo_contest(tree.officer_unit, personas.officer, scope=Contest.VoteScope.PER_ENTRY)
    author = _author(1, tree.officer_unit)
    sub = pending(author, tree.officer_unit, title="Bộ ảnh", kind=Kind.PHOTO_SET, status=Status.PUBLISHED)
    entry = services.entry_create(contest=contest, user=author, unit=tree.officer_unit, submission=sub)
    with pytest.raises(ServiceError):
        services.vote_cast(entry=entry, voter=personas.sibling, unit=None)


def test_jury_scores_per_criterion_rank_the_entries(personas, tree, client_for):
    now = timezone.now()
    contest = services.contest_create(
        user=personas.officer, rules_body="Ban giám khảo chấm theo hai tiêu chí.", kind=Contest.Kind.ENTRY,
        unit=tree.officer_unit, eligible_unit=tree.officer_unit, title="Gương người tốt May 10", slug="guong-tot",
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=5), winner_method=Contest.Method.JURY,
        entry_kind=Contest.EntryKind.STORY, jury_criteria="Nội dung\nHình thức",
    )
    Prize.objects.create(contest=contest, position=1, name="Giải Nhất", quantity=1, value=1_000_000)
    services.contest_publish(contest=contest, user=personas.officer)
    contest.refresh_from_db()
    entries = []
    for i in range(2):
        author = _author(i, tree.officer_unit)
        sub = pending(author, tree.officer_unit, title=f"Bài {i}", status=Status.PUBLISHED)
        entries.append(services.entry_create(contest=contest, user=author, unit=tree.officer_unit, submission=sub))
    client = client_for(personas.officer)
    client.post(reverse("contest_jury", args=[contest.slug, entries[0].pk]), {"c0": "6", "c1": "7"})
    client.post(reverse("contest_jury", args=[contest.slug, entries[1].pk]), {"c0": "9", "c1": "8"})
    bad = client.post(reverse("contest_jury", args=[contest.slug, entries[1].pk]), {"c0": "11", "c1": "8"}, follow=True)
    assert "từ 0 đến 10" in bad.content.decode()
    Contest.objects.filter(pk=contest.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1),
                                                 starts_at=timezone.now() - dt.timedelta(days=2))
    contest.refresh_from_db()
    services.winners_choose(contest=contest, user=personas.officer)
    assert Winner.objects.get(contest=contest).user == entries[1].user
