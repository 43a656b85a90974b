"""Reads for submissions: the review queue, my submissions, the public gallery, exports, deadlines."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.access import scope_paths
from unions.models import Role, Union

from .models import Kind, ReviewStep, Status, Submission, SubmissionMedia

AGE_CHOICES = (3, 7, 14, 30)

_LIST_RELATED = ("author", "unit", "current_unit", "campaign", "topic")


def _with_media(qs):
    return qs.prefetch_related("media")


def _steps_prefetch():
    return Prefetch("steps", queryset=ReviewStep.objects.select_related("actor", "unit", "to_unit"))


# --- Access helpers (404 outside the user's reach) ----------------------------------------------


def get_submission_for_user(user, pk):
    """A submission its author or an officer along its unit's chain may see, else 404."""
    qs = Submission.objects.visible_to(user).select_related(*_LIST_RELATED, "published_unit", "current_unit__parent")
    return get_object_or_404(_with_media(qs).prefetch_related(_steps_prefetch()), pk=pk)


def get_own_submission(user, pk):
    """The author's own submission, else 404."""
    qs = Submission.objects.filter(author=user).select_related(*_LIST_RELATED)
    return get_object_or_404(_with_media(qs), pk=pk)


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
    return get_object_or_404(_with_media(qs), pk=pk)


# --- Review queue -----------------------------------------------------------------------------


def review_queue(user, *, kind="", unit=None, campaign_id=None, older_than_days=None, whole_subtree=False):
    """Pending items the user may act on, oldest first.

    By default only what waits at the user's own level (a unit where they hold a role); with
    ``whole_subtree`` also what waits lower down in their subtree. ``unit`` narrows to items from
    that unit's subtree (the author's unit).
    """
    qs = Submission.objects.reviewable_by(user)
    if not whole_subtree:
        qs = _at_my_level(qs, user)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if older_than_days:
        qs = qs.filter(waiting_since__lte=timezone.now() - dt.timedelta(days=older_than_days))
    return _with_media(qs.select_related(*_LIST_RELATED, "current_unit__parent")).order_by("waiting_since", "id")


def _at_my_level(qs, user):
    """Items waiting at a unit where the user holds a role; a superuser with none (a pure site admin): all."""
    if scope_paths(user) != [""] or Role.objects.filter(user=user).exists():
        qs = qs.filter(current_unit_id__in=Role.objects.filter(user=user).values("union_id"))
    return qs


def queue_unit_choices(user):
    """Units with items waiting in the user's reach (the queue's unit filter): one query."""
    return Union.objects.filter(pk__in=Submission.objects.reviewable_by(user).values("unit_id")).order_by("name")


def queue_count(user):
    """What the queue shows by default (waiting at the user's level): the home page's badge links there."""
    return _at_my_level(Submission.objects.reviewable_by(user), user).count()


# --- Member's own -----------------------------------------------------------------------------


def my_submissions(user):
    qs = Submission.objects.filter(author=user).select_related(*_LIST_RELATED, "published_unit", "answered_by")
    return _with_media(qs).prefetch_related(_steps_prefetch()).order_by("-created_at", "-id")


# --- Public gallery ---------------------------------------------------------------------------


PUBLIC_KINDS = [(k.value, k.label) for k in Kind if k != Kind.ASPIRATION]


def public_stories(*, kind="", unit=None, campaign=None, query=""):
    qs = Submission.objects.published()
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if query:
        qs = qs.search(query)
    return qs.select_related("author", "unit", "campaign").order_by("-published_at", "-id")


def campaign_stories_count(campaign, unit=None):
    """Published stories of the campaign (for the campaign hub): one query."""
    qs = Submission.objects.published().filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.count()


def public_unit_choices():
    """Units that have published items (for the gallery filter): one grouped query."""
    ids = Submission.objects.published().values("unit_id").distinct()
    return Union.objects.filter(pk__in=ids).order_by("name")


# --- Aspirations synthesis ----------------------------------------------------------------------


def aspirations_in_scope(user):
    """Aspirations (submitted, any state after draft) from the user's subtree, by topic then date."""
    qs = Submission.objects.filter(kind=Kind.ASPIRATION).exclude(status=Status.DRAFT).visible_to(user)
    return qs.select_related("author", "unit", "current_unit", "topic", "answered_by").order_by(
        "topic__position", "topic__name", "submitted_at", "id"
    )


def aspiration_topic_counts(qs):
    """Per topic: received, forwarded (pending above the author's unit), answered."""
    rows = (
        qs.order_by()
        .values("topic__name", "topic__position")
        .annotate(
            received=Count("id"),
            forwarded=Count("id", filter=Q(status=Status.PENDING) & ~Q(current_unit=F("unit"))),
            answered=Count("id", filter=Q(status=Status.ANSWERED)),
        )
        .order_by("topic__position", "topic__name")
    )
    return [
        {
            "topic": row["topic__name"] or _("(chưa phân loại)"),
            "received": row["received"],
            "forwarded": row["forwarded"],
            "answered": row["answered"],
        }
        for row in rows
    ]


# --- Deadlines --------------------------------------------------------------------------------


def review_deadlines(start, end):
    """Finder for the "review pending for more than N days" deadline (``SUBMISSION_REVIEW_DAYS``).

    An item is due N days after it arrived at its current level; forwarding or resubmitting it
    starts a new deadline (the key carries the level and the arrival time). One indexed query.
    """
    from notifications.deadlines import Due

    wait = dt.timedelta(days=settings.SUBMISSION_REVIEW_DAYS)
    rows = (
        Submission.objects.filter(status=Status.PENDING, waiting_since__gte=start - wait, waiting_since__lt=end - wait)
        .values_list("pk", "title", "current_unit_id", "waiting_since")
        .order_by("waiting_since")
    )
    for pk, title, unit_id, since in rows.iterator(chunk_size=500):
        yield Due(
            key=f"{pk}:{unit_id}:{int(since.timestamp())}",
            unit_id=unit_id,
            due_at=since + wait,
            title=_("Duyệt bài “%(title)s”") % {"title": title},
            url=reverse("submission_detail", args=[pk]),
        )
