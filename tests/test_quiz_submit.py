"""Review: quiz answers that are not the question's own, and concurrent submits."""

import threading

import pytest
from django.db import connection

from campaigns.models import LessonCompletion
from contests.models import Attempt, Choice
from tests.factories import LessonFactory, QuizFactory, quiz_with_questions


def _right(questions):
    return {f"q_{q.pk}": q.choices.order_by("position")[0].pk for q in questions}


@pytest.mark.django_db
def test_choice_of_another_question_or_quiz_is_refused(personas, tree, client_for):
    quiz = QuizFactory(unit=tree.root, slug="a", max_tries=1)
    questions = quiz_with_questions(quiz)
    other = quiz_with_questions(QuizFactory(unit=tree.root, slug="b"))
    member = client_for(personas.member)
    for tampered in (
        {**_right(questions), f"q_{questions[0].pk}": _right(questions)[f"q_{questions[1].pk}"]},  # question 2's choice
        {**_right(questions), f"q_{questions[0].pk}": other[0].choices.first().pk},  # another quiz's choice
        {**_right(questions), f"q_{questions[0].pk}": "1 OR 1=1"},
    ):
        response = member.post(quiz.get_absolute_url(), tampered)
        assert response.status_code == 200 and 'data-testid="quiz-form"' in response.content.decode()
    assert not Attempt.objects.exists()  # no try used up


@pytest.mark.django_db
def test_service_scores_a_foreign_choice_as_wrong(personas, tree):
    from contests.services import quiz_submit

    quiz = QuizFactory(unit=tree.root, slug="a")
    questions = quiz_with_questions(quiz)
    foreign = Choice.objects.filter(question=questions[1], is_correct=True).get()
    result = quiz_submit(quiz=quiz, user=personas.member, unit=tree.officer_unit,
                         answers={questions[0].pk: foreign.pk, questions[1].pk: foreign.pk})
    assert (result.score, result.passed) == (1, False)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_use_one_try_and_complete_the_lesson_once(personas, tree):
    from contests.services import ServiceError, quiz_submit

    lesson = LessonFactory(unit=tree.root, slug="nguon-tin")
    quiz = QuizFactory(unit=tree.root, lesson=lesson, slug="nguon-tin-quiz", max_tries=1)
    questions = quiz_with_questions(quiz)
    answers = {q.pk: q.choices.order_by("position")[0].pk for q in questions}
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            quiz_submit(quiz=quiz, user=personas.member, answers=answers, unit=tree.officer_unit)
            outcomes.append("ok")
        except ServiceError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    attempt = Attempt.objects.get()
    assert (attempt.tries, attempt.passed) == (1, True)
    assert LessonCompletion.objects.count() == 1
