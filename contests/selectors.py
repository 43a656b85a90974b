"""Reads for the quiz engine."""

from .access import quizzes_visible_to
from .models import Attempt


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
