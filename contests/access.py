"""Access to quizzes, built on the user's scope.

Published quizzes are seen by the public (when public) and by the members of the quiz unit's
subtree; drafts and everything else by the officers managing the quiz's unit. Members of the
eligible subtree and those officers may play.
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from unions.scope import scope_for

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
