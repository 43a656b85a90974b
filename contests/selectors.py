"""Reads for the quiz engine."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from campaigns.selectors import member_units, within_member_units_q
from unions.access import can_manage, scope_q

from .models import Attempt, Choice, Question, Quiz


def quizzes_visible_to(user):
    qs = Quiz.objects.published().select_related("unit", "lesson", "campaign")
    if not user.is_authenticated:
        return qs.filter(is_public=True)
    return Quiz.objects.filter(
        Q(is_published=True) & (Q(is_public=True) | within_member_units_q(user, "unit__path"))
        | scope_q(user, "unit__path")
    ).select_related("unit", "lesson", "campaign")


def get_quiz_for_user(user, slug):
    questions = Question.objects.prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    return get_object_or_404(quizzes_visible_to(user).prefetch_related(Prefetch("questions", queryset=questions)), slug=slug)


def player_unit(user, quiz):
    """The member's unit inside the quiz's eligible subtree, or None."""
    return next((u for u in member_units(user) if u.path.startswith(quiz.unit.path)), None)


def may_play(user, quiz):
    """Members of the quiz's subtree and officers managing it may answer."""
    return user.is_authenticated and (player_unit(user, quiz) is not None or can_manage(user, quiz.unit))


def attempt_for(user, quiz):
    if not user.is_authenticated:
        return None
    return Attempt.objects.filter(user=user, quiz=quiz).first()


def attempts_by_quiz(user, quizzes):
    if not user.is_authenticated:
        return {}
    return {a.quiz_id: a for a in Attempt.objects.filter(user=user, quiz__in=list(quizzes))}


# --- Campaign hub hooks (registered in apps.py) ------------------------------------------------


def campaign_entries_count(campaign, unit=None):
    """Members who took part in the campaign's quizzes (one per member and quiz)."""
    qs = Attempt.objects.filter(quiz__campaign=campaign, tries__gt=0)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.count()


def campaign_contest_links(campaign, user):
    return [
        {"title": q.title, "url": q.get_absolute_url(), "note": q.description[:80]}
        for q in quizzes_visible_to(user).filter(campaign=campaign)[:10]
    ]
