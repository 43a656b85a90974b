"""The verifiable draw and the other ways of choosing winners; the winners page and handover log."""

import datetime as dt
import hashlib
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import draw as draw_algo
from contests import services
from contests.models import Contest, ContestAttempt, Draw, Winner
from tests.factories import MembershipFactory, UserFactory

from .helpers import quiz_contest, right_answers

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Minh Châu", "Phạm Đức Dũng", "Hoàng Thị Én", "Vũ Quang Huy"]


def _played(contest, unit, count=6):
    players = []
    for i, name in enumerate(NAMES[:count]):
        user = UserFactory(username=f"dv{i}", full_name=name)
        MembershipFactory(user=user, union=unit)
        attempt = services.attempt_start(contest=contest, user=user, unit=unit)
        services.attempt_submit(attempt=attempt, user=user, answers=right_answers(attempt))
        players.append(user)
    return players


def _close(contest):
    Contest.objects.filter(pk=contest.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1),
                                                 starts_at=timezone.now() - dt.timedelta(days=1))
    contest.refresh_from_db()


def _winners_table(response):
    return response.content.decode().split('data-testid="winners"')[1].split("</table>")[0]


def _recompute(snippet, seed, seed_hash, candidates, count):
    """Run the winners page's Python snippet as a reader would."""
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet, {"SEED": seed, "SEED_HASH": seed_hash, "CANDIDATES": candidates, "COUNT": count})  # noqa: S102
    return eval(out.getvalue())  # noqa: S307


def test_draw_recomputed_from_the_published_seed_and_list_gives_the_published_winners(personas, tree, client):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, method=Contest.Method.DRAW, is_public=True)
    commitment = contest.seed_hash
    before = client.get(reverse("contest_winners", args=[contest.slug])).content.decode()
    assert commitment in before and contest.seed not in before  # the hash before, never the seed
    _played(contest, tree.officer_unit)
    _close(contest)
    draw, created = services.winners_choose(contest=contest, user=personas.officer)
    assert created
    page = client.get(reverse("contest_winners", args=[contest.slug])).content.decode()
    assert draw.seed in page and hashlib.sha256(draw.seed.encode()).hexdigest() == commitment
    published = [w.code for w in Winner.objects.filter(contest=contest).order_by("position")]
    assert len(published) == 3 and all(code in page for code in draw.candidates)
    assert _recompute(draw_algo.RECOMPUTE_SNIPPET, draw.seed, commitment, draw.candidates, 3) == published
    # Changing one entry of the list changes the result.
    changed = [*draw.candidates[:-1], "A9999999"]
    assert draw_algo.pick(draw.seed, changed, 3) != published


def test_drawing_twice_gives_one_set_of_winners(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, method=Contest.Method.DRAW)
    _played(contest, tree.officer_unit)
    _close(contest)
    client = client_for(personas.officer)
    client.post(reverse("contest_draw", args=[contest.slug]))
    first = list(Winner.objects.filter(contest=contest).values_list("user_id", flat=True))
    response = client.post(reverse("contest_draw", args=[contest.slug]), follow=True)
    assert "kết quả không đổi" in response.content.decode()
    assert Draw.objects.filter(contest=contest).count() == 1
    assert list(Winner.objects.filter(contest=contest).values_list("user_id", flat=True)) == first


def test_draw_refused_before_close(personas, tree):
    from core.errors import ServiceError

    contest = quiz_contest(tree.officer_unit, user=personas.officer, method=Contest.Method.DRAW)
    with pytest.raises(ServiceError):
        services.winners_choose(contest=contest, user=personas.officer)


def test_best_score_then_shortest_time_wins(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    players = _played(contest, tree.officer_unit, count=3)
    # The second player was fastest; the third got one answer wrong.
    ContestAttempt.objects.filter(user=players[0]).update(duration_ms=90_000)
    ContestAttempt.objects.filter(user=players[1]).update(duration_ms=45_000)
    ContestAttempt.objects.filter(user=players[2]).update(duration_ms=10_000, score=3)
    _close(contest)
    services.winners_choose(contest=contest, user=personas.officer)
    assert [w.user for w in Winner.objects.filter(contest=contest)] == [players[1], players[0], players[2]]


def test_winner_shown_as_agreed_and_handover_logged_and_exported(personas, tree, client_for):
    from openpyxl import load_workbook

    contest = quiz_contest(tree.officer_unit, user=personas.officer, is_public=True)
    players = _played(contest, tree.officer_unit, count=1)
    _close(contest)
    services.winners_choose(contest=contest, user=personas.officer)
    winner = Winner.objects.get(contest=contest)
    client = client_for(players[0])
    table = _winners_table(client.get(reverse("contest_winners", args=[contest.slug])))
    assert "N.V.An" in table and "Nguyễn Văn An" not in table and "Công đoàn Tổng Công ty May 10" in table
    client.post(reverse("contest_winner_name", args=[contest.slug, winner.pk]), {"display": "full"})
    assert "Nguyễn Văn An" in _winners_table(client.get(reverse("contest_winners", args=[contest.slug])))

    officer = client_for(personas.officer)
    officer.post(reverse("contest_handover", args=[contest.slug]),
                 {"winner": winner.pk, "handed_at": "2026-12-10T09:30", "note": "=HYPERLINK(\"http://x\") trao tại hội nghị"})
    assert "10/12/2026 09:30" in officer.get(reverse("contest_handover", args=[contest.slug])).content.decode()
    response = officer.get(reverse("contest_handover_export", args=[contest.slug]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == "Giải Nhất" and rows[1][1] == 5_000_000 and rows[1][2] == "Nguyễn Văn An"
    assert rows[1][5] == "Có"
    assert rows[1][8] == '=HYPERLINK("http://x") trao tại hội nghị'
    assert book.active.cell(row=2, column=9).data_type == "s"  # a note is text, never a formula
