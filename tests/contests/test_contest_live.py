"""Live rounds of a quiz contest: the host's steps happen once, the phones get no right answer
before the reveal, the server's clock closes each question, one answer per member and question,
the scoreboard, and the results kept as attempts."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from contests import selectors, services
from contests.models import ContestAttempt, ContestChoice, LiveAnswer, LiveRound
from core.errors import ServiceError
from tests.factories import MembershipFactory, UserFactory

from .helpers import quiz_contest

pytestmark = pytest.mark.django_db


def _right(live):
    item = live.current
    return ContestChoice.objects.get(question_id=item["q"], is_correct=True).pk


def _wrong(live):
    item = live.current
    return ContestChoice.objects.filter(question_id=item["q"], is_correct=False).first().pk


def _control(client, contest, action, live=None, **extra):
    data = {"action": action, **extra}
    if live is not None:
        data["step"] = LiveRound.objects.get(pk=live.pk).step
    response = client.post(reverse("contest_live_control", args=[contest.slug]), data)
    assert response.status_code == 302
    return LiveRound.objects.filter(contest=contest).order_by("-pk").first()


def _client(user):
    """A client of its own (the host's browser and a member's phone at once)."""
    client = Client()
    client.force_login(user, backend="accounts.backends.LoginBackend")
    return client


def _members(unit, n):
    users = [UserFactory(full_name=f"Trần Văn {name}") for name in ["An", "Bình", "Cường", "Dũng"][:n]]
    for user in users:
        MembershipFactory(user=user, union=unit)
    return users


def test_a_round_runs_from_lobby_to_finish_and_keeps_each_result_as_an_attempt(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, n=3, max_attempts=2, prizes=False)
    fast, slow = _members(tree.officer_unit, 2)
    live = services.live_round_open(contest=contest, user=personas.officer, seconds_per_question=20)
    assert live.state == "lobby" and live.question_count == 3
    assert services.live_round_open(contest=contest, user=personas.officer).pk == live.pk  # double click: one round
    t0 = timezone.now()
    for i in range(3):
        live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step, now=t0)
        assert live.state == "question" and live.index == i
        services.live_answer(live_round=live, user=fast, unit=tree.officer_unit, choice_id=_right(live),
                             step=live.step, now=t0 + dt.timedelta(seconds=2))
        services.live_answer(live_round=live, user=slow, unit=tree.officer_unit,
                             choice_id=_right(live) if i else _wrong(live), step=live.step,
                             now=t0 + dt.timedelta(seconds=9))
        live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step,
                                           now=t0 + dt.timedelta(seconds=10))
        assert live.state == "reveal"
        top, _mine = selectors.live_scoreboard(live)
        assert [row["user"] for row in top] == [fast.pk, slow.pk]
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    assert live.state == "finished" and live.finished_at
    attempts = {a.user_id: a for a in ContestAttempt.objects.filter(contest=contest)}
    assert (attempts[fast.pk].score, attempts[fast.pk].total, attempts[fast.pk].duration_ms) == (3, 3, 6000)
    assert (attempts[slow.pk].score, attempts[slow.pk].number) == (2, 1)
    assert [a.user_id for a in services.best_attempts(contest)] == [fast.pk, slow.pk]
    assert AuditEvent.objects.filter(verb="contest.live_finished", object_id=str(live.pk)).count() == 1


def test_a_step_shown_once_moves_once_whoever_clicks(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    live = services.live_round_open(contest=contest, user=personas.officer)
    seen = live.step
    first = services.live_round_advance(live_round=live, user=personas.officer, step=seen)
    second = services.live_round_advance(live_round=live, user=personas.hq, step=seen)
    assert first.step == second.step == seen + 1 and second.state == "question" and second.index == 0
    assert AuditEvent.objects.filter(verb="contest.live_advanced").count() == 1


def test_an_answer_after_the_time_or_a_second_answer_is_refused(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    live = services.live_round_open(contest=contest, user=personas.officer, seconds_per_question=10)
    t0 = timezone.now()
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step, now=t0)
    with pytest.raises(ServiceError, match="hết giờ"):
        services.live_answer(live_round=live, user=personas.member, unit=tree.officer_unit,
                             choice_id=_right(live), step=live.step, now=t0 + dt.timedelta(seconds=11))
    services.live_answer(live_round=live, user=personas.member, unit=tree.officer_unit,
                         choice_id=_wrong(live), step=live.step, now=t0 + dt.timedelta(seconds=3))
    with pytest.raises(ServiceError, match="đã trả lời"):
        services.live_answer(live_round=live, user=personas.member, unit=tree.officer_unit,
                             choice_id=_right(live), step=live.step, now=t0 + dt.timedelta(seconds=4))
    assert LiveAnswer.objects.get().ok is False
    with pytest.raises(ServiceError):  # not eligible
        services.live_answer(live_round=live, user=personas.sibling, unit=None, choice_id=_right(live),
                             step=live.step, now=t0 + dt.timedelta(seconds=4))


def test_the_reveal_closes_the_question_and_a_page_of_an_earlier_step_cannot_answer(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    live = services.live_round_open(contest=contest, user=personas.officer)
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    question_step = live.step
    choice = _right(live)
    services.live_round_advance(live_round=live, user=personas.officer, step=live.step)  # reveal
    response = _client(personas.member).post(reverse("contest_live_answer", args=[contest.slug]),
                                                {"choice": choice, "step": question_step}, HTTP_HX_REQUEST="true")
    assert "Đã hết giờ trả lời câu này." in response.content.decode()
    assert not LiveAnswer.objects.exists()


def test_the_phone_and_the_big_screen_show_no_right_answer_before_the_reveal(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    live = services.live_round_open(contest=contest, user=personas.officer)
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    phone = _client(personas.member).get(reverse("contest_live", args=[contest.slug])).content.decode()
    screen = _client(personas.officer).get(reverse("contest_live_host", args=[contest.slug])).content.decode()
    for html in (phone, screen):
        assert 'data-testid="live-question"' in html
        assert "live-right" not in html and "đáp án)" not in html and "is-right" not in html
    assert phone.count('data-testid="live-choice"') == len(live.current["c"])
    _client(personas.officer).post(reverse("contest_live_control", args=[contest.slug]),
                                      {"action": "next", "step": live.step})
    phone = _client(personas.member).get(reverse("contest_live", args=[contest.slug])).content.decode()
    right = ContestChoice.objects.get(pk=_right(live)).text
    assert re.search(r'data-testid="live-right"><span class="live-letter">\w</span> ' + re.escape(right), phone)


def test_the_phone_polls_204_until_the_step_changes(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    client = _client(personas.member)
    url = reverse("contest_live_state", args=[contest.slug])
    assert client.get(url, {"round": "none"}).status_code == 204
    live = services.live_round_open(contest=contest, user=personas.officer)
    lobby = client.get(url, {"round": "none"})
    assert lobby.status_code == 200 and 'data-testid="live-lobby"' in lobby.content.decode()
    assert client.get(url, {"round": live.pk, "step": live.step}).status_code == 204
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    page = client.get(url, {"round": live.pk, "step": live.step - 1})
    assert page.status_code == 200 and 'data-testid="live-question"' in page.content.decode()


def test_the_member_answers_from_the_phone_and_sees_their_choice(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    host = _client(personas.officer)
    live = _control(host, contest, "open", seconds="15")
    assert live.seconds_per_question == 15
    live = _control(host, contest, "next", live)
    client = _client(personas.member)
    response = client.post(reverse("contest_live_answer", args=[contest.slug]),
                           {"choice": _right(live), "step": live.step}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="live-answered"' in html and "live-choice" not in html
    count = host.get(reverse("contest_live_host", args=[contest.slug]), {"part": "count"}).content.decode()
    assert "1 người đã trả lời" in count
    live = _control(host, contest, "next", live)
    html = client.get(reverse("contest_live", args=[contest.slug])).content.decode()
    assert "Bạn trả lời đúng!" in html and 'data-testid="live-board-me"' in html


def test_the_host_finishes_early_and_the_board_stays_on_the_phone(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    host = _client(personas.officer)
    live = _control(host, contest, "open")
    live = _control(host, contest, "next", live)
    services.live_answer(live_round=live, user=personas.member, unit=tree.officer_unit, choice_id=_right(live),
                         step=live.step)
    live = _control(host, contest, "finish", live)
    assert live.state == "finished"
    html = _client(personas.member).get(reverse("contest_live", args=[contest.slug])).content.decode()
    assert 'data-testid="live-finished"' in html and "Bạn xếp hạng 1 với 1/4 câu đúng" in html
    assert ContestAttempt.objects.get(user=personas.member).score == 1
    again = _control(host, contest, "open")  # a new round may follow
    assert again.pk != live.pk and again.state == "lobby"


def test_a_member_over_the_attempt_limit_keeps_only_the_scoreboard(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, max_attempts=1)
    services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit)
    live = services.live_round_open(contest=contest, user=personas.officer)
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    services.live_answer(live_round=live, user=personas.member, unit=tree.officer_unit, choice_id=_right(live),
                         step=live.step)
    services.live_round_advance(live_round=live, user=personas.officer, step=live.step, finish=True)
    assert ContestAttempt.objects.filter(user=personas.member).count() == 1


def test_a_closed_contest_or_an_entry_contest_has_no_live_round(personas, tree, client_for):
    closed = quiz_contest(tree.officer_unit, user=personas.officer)
    type(closed).objects.filter(pk=closed.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    closed.refresh_from_db()
    with pytest.raises(ServiceError, match="không mở"):
        services.live_round_open(contest=closed, user=personas.officer)
    html = _client(personas.officer).post(reverse("contest_live_control", args=[closed.slug]),
                                             {"action": "open", "seconds": "20"}, follow=True).content.decode()
    assert "Cuộc thi đang không mở nên chưa thể chơi trực tiếp." in html
    with pytest.raises(ServiceError, match="5 đến 300"):
        services.live_round_open(contest=quiz_contest(tree.officer_unit, user=personas.officer, slug="khac"),
                                 user=personas.officer, seconds_per_question=2)


def test_sibling_cannot_host_or_play_and_the_member_cannot_host(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    for name in ("contest_live_host", "contest_live"):
        assert client_for(personas.sibling).get(reverse(name, args=[contest.slug])).status_code == 404
    assert client_for(personas.sibling).post(reverse("contest_live_control", args=[contest.slug]),
                                             {"action": "open"}).status_code == 404
    assert _client(personas.member).get(reverse("contest_live_host", args=[contest.slug])).status_code == 403
    assert not LiveRound.objects.exists()


def test_the_phone_page_costs_the_same_queries_for_one_or_many_players(personas, tree, client_for,
                                                                        django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    users = _members(tree.officer_unit, 4)
    live = services.live_round_open(contest=contest, user=personas.officer)
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    services.live_answer(live_round=live, user=users[0], unit=tree.officer_unit, choice_id=_right(live), step=live.step)
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    client = client_for(users[0])
    url = reverse("contest_live_state", args=[contest.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    live = services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    for user in users:
        services.live_answer(live_round=live, user=user, unit=tree.officer_unit, choice_id=_wrong(live), step=live.step)
    services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
