"""Writes for the quiz engine: keyword-only, atomic, audit row inside."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from campaigns.services import lesson_complete
from core.errors import ServiceError

from .models import Attempt


@dataclass
class QuizResult:
    attempt: Attempt
    score: int
    total: int
    passed: bool
    lesson_completed: bool = False


def _attempt_locked(quiz, user, unit):
    try:
        with transaction.atomic():
            Attempt.objects.get_or_create(quiz=quiz, user=user, defaults={"unit": unit})
    except IntegrityError:  # created by a concurrent request: fine, lock it below
        pass
    return Attempt.objects.select_for_update().select_related("quiz").get(quiz=quiz, user=user)


@transaction.atomic
def quiz_submit(*, quiz, user, answers, unit=None):
    """Score one try. ``answers`` maps question id → chosen choice id.

    Updates the member's single attempt row (tries, last and best score, first pass). Passing a
    lesson's quiz records the lesson's completion through ``campaigns.services.lesson_complete``,
    which counts it once however often the member passes.
    """
    if not quiz.is_open():
        raise ServiceError(_("Bài trắc nghiệm này hiện không nhận bài làm."))
    attempt = _attempt_locked(quiz, user, unit)
    if not attempt.may_try_again():
        raise ServiceError(_("Bạn đã dùng hết số lần làm bài cho phép."))
    questions = list(quiz.questions.prefetch_related("choices"))
    score, review = 0, {}
    for question in questions:
        chosen = answers.get(question.pk)
        correct_ids = {c.pk for c in question.choices.all() if c.is_correct}
        valid_ids = {c.pk for c in question.choices.all()}
        ok = chosen in valid_ids and chosen in correct_ids
        score += ok
        review[str(question.pk)] = {"choice": chosen if chosen in valid_ids else None, "ok": ok}
    total = len(questions)
    passed = quiz.passes(score, total)
    now = timezone.now()
    attempt.tries += 1
    attempt.total = total
    attempt.last_score = score
    attempt.best_score = max(attempt.best_score, score)
    attempt.last_answers = review
    if unit is not None and attempt.unit_id is None:
        attempt.unit = unit
    if passed and attempt.passed_at is None:
        attempt.passed_at = now
    attempt.save()
    audit_record(actor=user, verb="quiz.submitted", obj=attempt, unit=unit,
                 data={"quiz": quiz.pk, "score": score, "total": total, "passed": passed})
    completed = False
    if passed and quiz.lesson_id:
        _completion, completed = lesson_complete(
            lesson=quiz.lesson, user=user, unit=unit, score_percent=round(100 * score / total)
        )
    return QuizResult(attempt=attempt, score=score, total=total, passed=passed, lesson_completed=completed)
