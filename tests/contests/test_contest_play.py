"""Playing a quiz contest: random papers, no right answer before submit, the server's clock, the
attempt limit, eligibility."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import ContestAttempt
from core.errors import ServiceError
from tests.factories import MembershipFactory, UserFactory

from .helpers import quiz_contest, right_answers

pytestmark = pytest.mark.django_db


def _start(client, contest):
    response = client.post(reverse("contest_play", args=[contest.slug]))
    assert response.status_code == 302, response
    return ContestAttempt.objects.filter(contest=contest).order_by("-pk").first()


def test_member_plays_to_the_end_sees_score_and_a_second_attempt_is_refused(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    client = client_for(personas.member)
    attempt = _start(client, contest)
    page = client.get(reverse("contest_attempt", args=[contest.slug, attempt.number]))
    assert page.status_code == 200 and len(attempt.paper) == 4
    data = {f"q_{q}": c for q, c in right_answers(attempt).items()}
    response = client.post(reverse("contest_attempt", args=[contest.slug, attempt.number]), data, follow=True)
    assert "4/4 câu đúng" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 4 and attempt.duration_ms is not None and not attempt.late
    again = client.post(reverse("contest_play", args=[contest.slug]), follow=True)
    assert "Bạn đã dùng hết số lượt làm bài" in again.content.decode()
    assert ContestAttempt.objects.filter(contest=contest, user=personas.member).count() == 1


def test_quiz_html_and_json_carry_no_right_answer_marker(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    client = client_for(personas.member)
    attempt = _start(client, contest)
    html = client.get(reverse("contest_attempt", args=[contest.slug, attempt.number])).content.decode()
    raw = client.get(reverse("contest_attempt_json", args=[contest.slug, attempt.number])).content.decode()
    for text in (html, raw):
        assert not re.search(r"correct|is_correct|right|đáp án|Giải thích", text, re.I), text[:2000]
    data = json.loads(raw)
    assert [q["id"] for q in data["questions"]] == [i["q"] for i in attempt.paper]
    assert set(data["questions"][0]["choices"][0]) == {"id", "text"}
    # After the submission the review shows the right answers.
    client.post(reverse("contest_attempt", args=[contest.slug, attempt.number]), {})
    assert "đáp án" in client.get(reverse("contest_attempt", args=[contest.slug, attempt.number])).content.decode()


def test_an_answer_after_the_time_limit_scores_nothing(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, seconds=60)
    client = client_for(personas.member)
    attempt = _start(client, contest)
    ContestAttempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - dt.timedelta(seconds=1))
    data = {f"q_{q}": c for q, c in right_answers(attempt).items()}
    response = client.post(reverse("contest_attempt", args=[contest.slug, attempt.number]), data, follow=True)
    attempt.refresh_from_db()
    assert attempt.late and attempt.score == 0
    assert "không được tính điểm" in response.content.decode()


def test_two_attempts_draw_different_question_orders(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, n=6, max_attempts=10, prizes=False)
    orders = set()
    for _i in range(4):
        attempt = services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit)
        services.attempt_submit(attempt=attempt, user=personas.member, answers={})
        orders.add(tuple(i["q"] for i in attempt.paper) + tuple(c for i in attempt.paper for c in i["c"]))
    assert len(orders) > 1  # 4 shuffles of 6 questions and their choices: equal by chance with p < 1e-8


def test_attempts_limit_is_a_database_constraint(personas, tree):
    from django.db import IntegrityError, transaction

    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    attempt = services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContestAttempt.objects.create(contest=contest, user=personas.member, number=attempt.number,
                                      started_at=timezone.now(), deadline_at=timezone.now())


def test_prize_contest_must_allow_one_attempt(personas, tree):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, max_attempts=2, publish=False)
    with pytest.raises(ServiceError, match="một lần"):
        services.contest_publish(contest=contest, user=personas.officer)


def test_members_outside_the_eligible_subtree_cannot_enter(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, is_public=True)
    outsider = UserFactory(username="viettien-member", full_name="Đặng Thị Lan")
    MembershipFactory(user=outsider, union=tree.sibling_unit)
    client = client_for(outsider)
    page = client.get(contest.get_absolute_url()).content.decode()
    assert "dành cho đoàn viên của các đơn vị dự thi" in page
    response = client.post(reverse("contest_play", args=[contest.slug]), follow=True)
    assert "dành cho đoàn viên của các đơn vị dự thi" in response.content.decode()
    assert not ContestAttempt.objects.filter(contest=contest).exists()


def test_sibling_cannot_see_edit_or_draw_officers_contest(personas, tree, client_for):
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    client = client_for(personas.sibling)
    for name in ("contest_detail", "contest_rules", "contest_winners", "contest_setup", "contest_edit"):
        assert client.get(reverse(name, args=[contest.slug])).status_code == 404, name
    for name in ("contest_draw", "contest_publish", "contest_prize_add"):
        assert client.post(reverse(name, args=[contest.slug])).status_code == 404, name


def test_contest_list_shows_open_contests_with_prizes_and_time_left(personas, tree, client_for,
                                                                    django_assert_max_num_queries):
    for i in range(3):
        quiz_contest(tree.officer_unit, user=personas.officer, slug=f"thi-{i}")
    client = client_for(personas.member)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("contest_list")).content.decode()
    assert page.count("5.000.000\u00a0₫") == 3 and "còn 2 ngày" in page


def test_points_for_verified_outcomes_on_home_profile_and_history(personas, tree, client_for):
    from campaigns.models import LessonCompletion
    from tests.factories import LessonFactory

    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    attempt = services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit)
    answers = right_answers(attempt)
    answers.pop(next(iter(answers)))  # three right answers out of four
    services.attempt_submit(attempt=attempt, user=personas.member, answers=answers)
    lesson = LessonFactory(unit=tree.root, title="Kiểm tra nguồn tin", is_published=True)
    LessonCompletion.objects.create(lesson=lesson, user=personas.member, unit=tree.officer_unit, certificate_code="P1")
    client = client_for(personas.member)
    for url in ("/", reverse("profile")):
        assert "Điểm thi đua: 8 điểm" in client.get(url).content.decode(), url
    page = client.get(reverse("contest_points")).content.decode()
    assert "Hoàn thành bài học: Kiểm tra nguồn tin" in page and "(3/4 câu)" in page
    assert "Hoàng Văn Nam" in page.split("Bảng điểm đoàn viên")[1]
