"""Indicators 13 and 14 from the contests' selectors: a grassroots unit counts its whole subtree,
a unit above it its own data only; closing and draw deadlines for the reminder engine."""

import datetime as dt

import pytest
from django.utils import timezone

from contests import selectors, services
from contests.models import Contest
from reports import indicators

from .helpers import quiz_contest, right_answers

pytestmark = pytest.mark.django_db


def _finished(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    attempt = services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit)
    services.attempt_submit(attempt=attempt, user=personas.member, answers=right_answers(attempt))
    Contest.objects.filter(pk=contest.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1),
                                                 starts_at=timezone.now() - dt.timedelta(days=1))
    contest.refresh_from_db()
    services.winners_choose(contest=contest, user=personas.officer)
    return contest


def test_indicators_13_and_14_count_per_unit_and_period(personas, tree):
    _finished(personas, tree)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=1)
    grassroots = {name: indicators.get(name)(tree.officer_unit, start, end,
                                              subtree=indicators.counts_subtree(tree.officer_unit))
                  for name in ("contests", "contest_participants", "contest_entries", "prizes", "prize_value")}
    assert grassroots == {"contests": 1, "contest_participants": 1, "contest_entries": 1, "prizes": 1,
                          "prize_value": 5_000_000}
    # The upper unit counts what is attached to itself only (its subtree comes from the roll-up).
    assert not indicators.counts_subtree(tree.upper)
    upper = [indicators.get(name)(tree.upper, start, end, subtree=False)
             for name in ("contests", "contest_participants", "prizes", "prize_value")]
    assert upper == [0, 0, 0, 0]
    # Another period counts nothing.
    last_year = [today.replace(year=today.year - 1, month=1, day=1), today.replace(year=today.year - 1, month=12, day=31)]
    assert selectors.prizes_value_total(tree.officer_unit, *last_year) == 0


def test_closing_deadline_reminds_before_and_until_the_winners_are_chosen(personas, tree):
    from notifications import deadlines

    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    kind = deadlines.get("contest_closing")
    now = timezone.now()
    closing = list(kind.find(now, now + dt.timedelta(days=7)))
    assert [d.unit_id for d in closing] == [tree.officer_unit.pk] and closing[0].due_at == contest.ends_at
    assert kind.overdue  # after the close it is "choose the winners", overdue until done
    Contest.objects.filter(pk=contest.pk).update(ends_at=now - dt.timedelta(hours=2), starts_at=now - dt.timedelta(days=2))
    assert len(list(kind.find(now - dt.timedelta(days=3), now))) == 1
    contest.refresh_from_db()
    services.winners_choose(contest=contest, user=personas.officer)
    assert not list(kind.find(now - dt.timedelta(days=3), now))
