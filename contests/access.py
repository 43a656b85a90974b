"""Access to quizzes, built on the user's scope.

Published quizzes are seen by the public (when public) and by the members of the quiz unit's
subtree; drafts and everything else by the officers managing the quiz's unit. Members of the
eligible subtree and those officers may play.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from unions.scope import ancestor_paths, scope_for

from .models import Choice, Question, Quiz


def quizzes_visible_to(user):
    related = ("unit", "lesson", "campaign")
    if not user.is_authenticated:
        return Quiz.objects.published().filter(is_public=True).select_related(*related)
    scope = scope_for(user)
    return Quiz.objects.filter(
        Q(is_published=True) & (Q(is_public=True) | scope.member_chain_filter("unit__path"))
        | scope.filter("unit__path")
    ).select_related(*related)


def get_quiz_for_user(user, slug):
    questions = Question.objects.prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    return get_object_or_404(quizzes_visible_to(user).prefetch_related(Prefetch("questions", queryset=questions)), slug=slug)


def player_unit(user, quiz):
    """The member's unit inside the quiz's eligible subtree, or None."""
    return scope_for(user).member_unit_in(quiz.unit)


def may_play(user, quiz):
    """Members of the quiz's subtree and officers managing it may answer."""
    return user.is_authenticated and (player_unit(user, quiz) is not None or scope_for(user).covers(quiz.unit))


# --- Contests (issue 10) ---------------------------------------------------------------------
# Published contests are seen by the public when public, and by the members of the eligible
# subtree (and of the organising unit's chain); drafts, and every contest, by the officers managing
# the organising unit. Anything else is a 404.


def contests_visible_to(user):
    from .models import Contest

    published = Q(status__in=[Contest.Status.PUBLISHED, Contest.Status.FINISHED])
    related = ("unit", "eligible_unit")
    if not user.is_authenticated:
        return Contest.objects.filter(published, is_public=True).select_related(*related)
    scope = scope_for(user)
    paths = ancestor_paths(u.path for u in scope.member_units)
    eligible = Q(eligible_unit__path__in=paths) if paths else Q(pk__in=[])
    return Contest.objects.filter(
        published & (Q(is_public=True) | eligible) | scope.filter("unit__path")
    ).select_related(*related)


def contests_managed_by(user):
    from .models import Contest

    return Contest.objects.filter(scope_for(user).filter("unit__path")).select_related("unit", "eligible_unit")


def get_contest_for_user(user, slug):
    return get_object_or_404(contests_visible_to(user), slug=slug)


def get_contest_for_manager(user, slug):
    """The contest for editing, drawing and the handover log: officers of its unit's chain only."""
    return get_object_or_404(contests_managed_by(user), slug=slug)


def contest_player_unit(user, contest):
    """The member's unit inside the contest's eligible subtree, or None (not eligible)."""
    if not user.is_authenticated:
        return None
    return scope_for(user).member_unit_in(contest.eligible_unit)


def may_manage_contest(user, contest):
    return user.is_authenticated and scope_for(user).covers(contest.unit)


def get_attempt_for_user(user, contest, number):
    from .models import ContestAttempt

    return get_object_or_404(ContestAttempt, contest=contest, user=user, number=number)


def get_entry_for_user(user, contest, pk):
    from .models import ContestEntry

    return get_object_or_404(ContestEntry.objects.select_related("submission", "contest"), contest=contest, pk=pk)


def get_own_entry(user, contest, pk):
    """The user's own entry of ``contest`` (404 for anyone else's)."""
    from .models import ContestEntry

    return get_object_or_404(ContestEntry.objects.select_related("submission"), contest=contest, user=user, pk=pk)


def get_winner_for_manager(contest, pk):
    from .models import Winner

    return get_object_or_404(Winner.objects.select_related("contest", "user", "unit", "prize"), contest=contest, pk=pk)


def contests_enterable_by(user, now=None):
    """Open entry contests whose eligible subtree holds one of the user's member units and where
    the user has no entry yet: what the submission form offers to enter."""
    from django.utils import timezone

    from .models import Contest

    if not user.is_authenticated:
        return Contest.objects.none()
    now = now or timezone.now()
    paths = ancestor_paths(u.path for u in scope_for(user).member_units)
    if not paths:
        return Contest.objects.none()
    return (contests_visible_to(user)
            .filter(kind=Contest.Kind.ENTRY, status=Contest.Status.PUBLISHED, starts_at__lte=now, ends_at__gt=now,
                    eligible_unit__path__in=paths)
            .exclude(entries__user=user).order_by("ends_at", "pk"))
