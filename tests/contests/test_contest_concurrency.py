"""Concurrent clicks on PostgreSQL: 50 attempt starts, 50 votes, concurrent draws — each one row
(or one set of winners). Threads with their own connections; skipped on SQLite, which serialises
writers anyway."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from contests import services
from contests.models import Contest, ContestAttempt, ContestVote, Draw, Winner
from core.errors import ServiceError
from submissions.models import Kind, Status
from tests.factories import MembershipFactory, UserFactory
from tests.submissions.helpers import pending

from .helpers import quiz_contest, right_answers
from .test_contest_entries import photo_contest

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL")

N = 50


def _race(fn, n=N):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait()
            fn()
        except ServiceError:
            pass
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_50_concurrent_starts_create_one_attempt(transactional_db, personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    _race(lambda: services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit))
    assert ContestAttempt.objects.filter(contest=contest, user=personas.member).count() == 1


def test_50_concurrent_votes_create_one_vote(transactional_db, personas, tree):
    contest = photo_contest(tree.officer_unit, personas.officer)
    author = UserFactory(username="tacgia", full_name="Trịnh Thu Trang")
    MembershipFactory(user=author, union=tree.officer_unit)
    sub = pending(author, tree.officer_unit, title="Bộ ảnh ca đêm", kind=Kind.PHOTO_SET, status=Status.PUBLISHED)
    entry = services.entry_create(contest=contest, user=author, unit=tree.officer_unit, submission=sub)
    _race(lambda: services.vote_cast(entry=entry, voter=personas.member, unit=tree.officer_unit))
    assert ContestVote.objects.filter(contest=contest).count() == 1


def test_concurrent_draws_create_one_set_of_winners(transactional_db, personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, method=Contest.Method.DRAW)
    for i in range(5):
        user = UserFactory(username=f"dv{i}", full_name=f"Đoàn Viên {i}")
        MembershipFactory(user=user, union=tree.officer_unit)
        attempt = services.attempt_start(contest=contest, user=user, unit=tree.officer_unit)
        services.attempt_submit(attempt=attempt, user=user, answers=right_answers(attempt))
    Contest.objects.filter(pk=contest.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1),
                                                 starts_at=timezone.now() - dt.timedelta(days=1))
    _race(lambda: services.winners_choose(contest=Contest.objects.get(pk=contest.pk), user=personas.officer), n=10)
    assert Draw.objects.filter(contest=contest).count() == 1
    assert Winner.objects.filter(contest=contest).count() == 3


def test_live_round_concurrent_opens_steps_and_answers_happen_once(transactional_db, personas, tree):
    from contests.models import ContestChoice, LiveAnswer, LiveRound

    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    _race(lambda: services.live_round_open(contest=contest, user=personas.officer), n=10)
    live = LiveRound.objects.get(contest=contest)
    _race(lambda: services.live_round_advance(live_round=live, user=personas.officer, step=0), n=10)
    live.refresh_from_db()
    assert (live.step, live.state, live.index) == (1, "question", 0)
    right = ContestChoice.objects.get(question_id=live.current["q"], is_correct=True).pk
    _race(lambda: services.live_answer(live_round=live, user=personas.member, unit=tree.officer_unit,
                                       choice_id=right, step=1))
    assert LiveAnswer.objects.filter(round=live, user=personas.member).count() == 1
    _race(lambda: services.live_round_advance(live_round=live, user=personas.officer, step=1, finish=True), n=10)
    assert ContestAttempt.objects.filter(contest=contest, user=personas.member).count() == 1
