"""The quiz engine and the "bộ lọc thông tin" lessons: pass, fail, completion counted once."""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from campaigns.models import LessonCompletion
from contests.models import Attempt
from tests.factories import LessonFactory, MembershipFactory, QuizFactory, quiz_with_questions


@pytest.fixture
def lesson_quiz(tree):
    lesson = LessonFactory(unit=tree.root, title="Kiểm tra nguồn tin", slug="kiem-tra-nguon-tin")
    quiz = QuizFactory(unit=tree.root, lesson=lesson, slug="kiem-tra-nguon-tin-quiz", title="Trắc nghiệm nguồn tin")
    questions = quiz_with_questions(quiz)
    return lesson, quiz, questions


def _answers(questions, right):
    """POST data choosing the right (first) or a wrong (second) choice for every question."""
    return {f"q_{q.pk}": q.choices.order_by("position")[0 if right else 1].pk for q in questions}


@pytest.mark.django_db
def test_lesson_quiz_failed_then_passed_completion_counted_once(personas, tree, lesson_quiz, client_for):
    lesson, quiz, questions = lesson_quiz
    member = client_for(personas.member)
    page = member.get(lesson.get_absolute_url()).content.decode()
    assert quiz.get_absolute_url() in page  # the lesson ends with its quiz

    member.post(quiz.get_absolute_url(), _answers(questions, right=False))
    attempt = Attempt.objects.get(user=personas.member, quiz=quiz)
    assert (attempt.tries, attempt.last_score, attempt.passed) == (1, 0, False)
    assert not LessonCompletion.objects.exists()
    assert 'data-testid="not-passed"' in member.get(quiz.get_absolute_url()).content.decode()
    assert member.get(reverse("lesson_certificate", args=[lesson.slug])).status_code == 404

    member.post(quiz.get_absolute_url(), _answers(questions, right=True))
    member.post(quiz.get_absolute_url(), _answers(questions, right=True))
    assert Attempt.objects.filter(user=personas.member, quiz=quiz).count() == 1
    attempt.refresh_from_db()
    assert (attempt.tries, attempt.best_score, attempt.passed) == (3, 2, True)
    completion = LessonCompletion.objects.get()
    assert (completion.user, completion.unit, completion.score_percent) == (personas.member, tree.officer_unit, 100)

    assert 'data-testid="lesson-done"' in member.get(lesson.get_absolute_url()).content.decode()
    certificate = member.get(reverse("lesson_certificate", args=[lesson.slug])).content.decode()
    assert "Hoàng Văn Nam" in certificate and "Kiểm tra nguồn tin" in certificate and completion.certificate_code in certificate

    # The completion shows once in the unit's statistics.
    stats = client_for(personas.officer).get(reverse("campaign_stats")).content.decode()
    assert re.search(r'data-total="completed">1 ', stats)


@pytest.mark.django_db
def test_lesson_complete_service_is_idempotent(personas, tree, lesson_quiz):
    from campaigns.services import lesson_complete

    lesson, _quiz, _questions = lesson_quiz
    first, created = lesson_complete(lesson=lesson, user=personas.member, unit=tree.officer_unit, score_percent=80)
    again, created_again = lesson_complete(lesson=lesson, user=personas.member, unit=tree.officer_unit, score_percent=100)
    assert created and not created_again and first.pk == again.pk and again.score_percent == 80
    with pytest.raises(IntegrityError):
        LessonCompletion.objects.create(lesson=lesson, user=personas.member, certificate_code="X1")


@pytest.mark.django_db
def test_unanswered_question_keeps_the_other_answers(personas, tree, lesson_quiz, client_for):
    _lesson, quiz, questions = lesson_quiz
    data = _answers(questions, right=True)
    data.pop(f"q_{questions[1].pk}")
    body = client_for(personas.member).post(quiz.get_absolute_url(), data).content.decode()
    assert "Hãy chọn một phương án cho câu này." in body
    assert re.search(rf'value="{data[f"q_{questions[0].pk}"]}"[^>]*checked', body)
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_one_attempt_per_member_is_a_database_constraint(personas, tree):
    quiz = QuizFactory(unit=tree.root)
    Attempt.objects.create(quiz=quiz, user=personas.member)
    with pytest.raises(IntegrityError):
        Attempt.objects.create(quiz=quiz, user=personas.member)


@pytest.mark.django_db
def test_try_limit_and_eligibility(personas, tree, client_for):
    quiz = QuizFactory(unit=tree.officer_unit, max_tries=1, slug="mini-game-may10")
    questions = quiz_with_questions(quiz)
    member = client_for(personas.member)
    member.post(quiz.get_absolute_url(), _answers(questions, right=False))
    member.post(quiz.get_absolute_url(), _answers(questions, right=True))
    attempt = Attempt.objects.get()
    assert (attempt.tries, attempt.best_score) == (1, 0)
    # A member of the sibling unit may read the public rules but not play.
    outsider = MembershipFactory(union=tree.sibling_unit).user
    page = client_for(outsider).get(quiz.get_absolute_url()).content.decode()
    assert 'data-testid="quiz-form"' not in page
    client_for(outsider).post(quiz.get_absolute_url(), _answers(questions, right=True))
    assert Attempt.objects.count() == 1


@pytest.mark.django_db
def test_contest_list_query_count_does_not_grow(personas, tree, client_for, django_assert_num_queries):
    member = client_for(personas.member)
    QuizFactory(unit=tree.root)
    member.get(reverse("contest_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        member.get(reverse("contest_list"))
    for _ in range(5):
        Attempt.objects.create(quiz=QuizFactory(unit=tree.upper), user=personas.member, tries=1)
    with django_assert_num_queries(len(ctx.captured_queries)):
        member.get(reverse("contest_list"))


@pytest.mark.django_db
def test_lesson_list_query_count_does_not_grow(personas, tree, client_for, django_assert_num_queries):
    member = client_for(personas.member)
    LessonFactory(unit=tree.root)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        member.get(reverse("lesson_list"))
    for _ in range(5):
        lesson = LessonFactory(unit=tree.root)
        QuizFactory(unit=tree.root, lesson=lesson)
    with django_assert_num_queries(len(ctx.captured_queries)):
        member.get(reverse("lesson_list"))


@pytest.mark.django_db
def test_campaign_hub_lists_its_quizzes_and_counts_entries(personas, tree, client_for):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi-xii")
    quiz = QuizFactory(unit=tree.root, campaign=campaign, title="Tìm hiểu Đại hội XII", slug="tim-hieu-dai-hoi-xii")
    questions = quiz_with_questions(quiz)
    member = client_for(personas.member)
    member.post(quiz.get_absolute_url(), _answers(questions, right=True))
    MembershipFactory(union=tree.sibling_unit)
    hub = member.get(reverse("campaign_detail", args=[campaign.slug])).content.decode()
    assert 'data-section="contests"' in hub and quiz.get_absolute_url() in hub
    row = re.search(r'<tr data-count="entries">(.*?)</tr>', hub, re.S).group(1)
    assert re.findall(r'text-end">(\d+)<', row) == ["1", "1"]
