"""Access to submissions and their files, built on the user's scope (404 outside the user's reach).

Who sees a submission: its author, and the officers along its unit's ancestor chain
(``Submission.objects.visible_to``); published items (never aspirations) are public.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import ReviewStep, Submission, SubmissionMedia

LIST_RELATED = ("author", "unit", "current_unit", "campaign", "topic")


def with_media(qs):
    return qs.prefetch_related("media")


def steps_prefetch():
    return Prefetch("steps", queryset=ReviewStep.objects.select_related("actor", "unit", "to_unit"))


def get_submission_for_user(user, pk):
    """A submission its author or an officer along its unit's chain may see, else 404."""
    qs = Submission.objects.visible_to(user).select_related(*LIST_RELATED, "published_unit", "current_unit__parent")
    return get_object_or_404(with_media(qs).prefetch_related(steps_prefetch()), pk=pk)


def get_own_submission(user, pk):
    """The author's own submission, else 404."""
    qs = Submission.objects.filter(author=user).select_related(*LIST_RELATED)
    return get_object_or_404(with_media(qs), pk=pk)


def get_media_for_user(user, pk, media_pk):
    """A file of submission ``pk`` the user may fetch, else 404 — one query.

    Published items: anyone (they are public). Otherwise the same rule as the detail page
    (:func:`get_submission_for_user`): the author and the officers along the unit's chain.
    """
    visible = Submission.objects.published()
    if user.is_authenticated:
        visible = visible | Submission.objects.visible_to(user)
    qs = SubmissionMedia.objects.select_related("submission").filter(submission__in=visible.values("pk"))
    return get_object_or_404(qs, pk=media_pk, submission_id=pk)


def get_published(pk):
    """A published (public) submission, else 404: pending, rejected and aspirations are never public."""
    qs = Submission.objects.published().select_related("author", "unit", "campaign", "published_unit")
    return get_object_or_404(with_media(qs), pk=pk)


