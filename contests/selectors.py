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


# --- Counts for reports (``reports.indicators``) -----------------------------------------------
# Each takes ``(unit, start, end)``: the unit's subtree (or the unit alone with ``subtree=False``)
# and a date range, both ends included. One query each.


def _day_range(start, end):
    import datetime as dt

    from notifications.deadlines import start_of_day

    return start_of_day(start), start_of_day(end + dt.timedelta(days=1))


def quizzes_held_count(unit, start, end, *, subtree=True):
    """Published quizzes organised by the unit('s subtree) that opened (or were created) in the period."""
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    from .models import Quiz

    since, until = _day_range(start, end)
    q = Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)
    return (
        Quiz.objects.filter(q, is_published=True)
        .annotate(held=Coalesce("opens_at", "created_at"))
        .filter(held__gte=since, held__lt=until)
        .count()
    )


def quiz_participants_count(unit, start, end, *, subtree=True):
    """Distinct members of the unit('s subtree) who played a quiz in the period."""
    from django.db.models import Count, Q

    since, until = _day_range(start, end)
    q = Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)
    return (
        Attempt.objects.filter(q, tries__gt=0, created_at__gte=since, created_at__lt=until)
        .aggregate(n=Count("user", distinct=True))["n"]
    )


def quiz_attempts_count(unit, start, end, *, subtree=True):
    """Attempts (tries) at quizzes by members of the unit('s subtree) who started in the period."""
    from django.db.models import Q, Sum

    since, until = _day_range(start, end)
    q = Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)
    return (
        Attempt.objects.filter(q, created_at__gte=since, created_at__lt=until).aggregate(n=Sum("tries"))["n"] or 0
    )
