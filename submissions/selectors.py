"""Reads for submissions: the review queue, my submissions, the public gallery, exports, deadlines."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.text import fold
from core.counters import cached_count
from unions.scope import scope_for

from .access import LIST_RELATED, steps_prefetch, with_media
from .counters import pending_topics
from .models import Kind, Status, Submission, SubmissionMedia, topic_name_for

AGE_CHOICES = (3, 7, 14, 30)


# --- Review queue -----------------------------------------------------------------------------


QUEUE_SEARCH_WORDS = 8


def review_queue(
    user, *, kind="", unit=None, campaign_id=None, older_than_days=None, whole_subtree=False, query="",
):
    """Pending items the user may act on, oldest first.

    By default only what waits at the user's own level (a unit where they hold a role); with
    ``whole_subtree`` also what waits lower down in their subtree. ``unit`` narrows to items from
    that unit's subtree (the author's unit). ``query`` keeps items where every word appears in the
    title, the body, the unit's name or the author's account (name, username, phone, email),
    diacritics ignored ("cong doan" finds "Công đoàn") — the author even when they asked to stay
    anonymous in public, since the reviewers see who wrote it anyway. Still one query for the page, whatever the filters.
    """
    if whole_subtree:
        qs = Submission.objects.reviewable_by(user)
    else:
        qs = _at_my_level(user)
    for word in fold(query).split()[:QUEUE_SEARCH_WORDS]:
        qs = qs.filter(Q(search_text__contains=word) | Q(author__search_text__contains=word))
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if older_than_days:
        qs = qs.filter(waiting_since__lte=timezone.now() - dt.timedelta(days=older_than_days))
    return with_media(qs.select_related(*LIST_RELATED, "current_unit__parent")).order_by("waiting_since", "id")


def _at_my_level(user):
    """Pending items waiting at a unit where the user holds a role (never their own); a superuser
    with none (a pure site admin): all.

    The unit ids come from the request's scope (already loaded), so the database sees
    ``status = 'pending' AND current_unit_id IN (…) ORDER BY waiting_since``, which the partial
    index ``submission_pending_unit_idx`` answers without reading the other levels' rows. The
    units of the user's roles lie in their subtrees by definition: no path join is needed.
    """
    scope = scope_for(user)
    qs = Submission.objects.filter(status=Status.PENDING).exclude(author_id=user.pk)
    if not scope.sees_everything or scope.has_roles:
        qs = qs.filter(current_unit_id__in=scope.role_unit_ids())
    return qs


def queue_count(user):
    """What the queue shows by default (waiting at the user's level): the home page's badge links there.

    Cached until something starts or stops waiting at one of the user's units (``core.counters``).
    """
    scope = scope_for(user)
    ids = scope.role_unit_ids() if (not scope.sees_everything or scope.has_roles) else []
    return cached_count(f"queue:{user.pk}", pending_topics(ids), lambda: _at_my_level(user).count())


# --- Member's own -----------------------------------------------------------------------------


def my_submissions(user):
    qs = Submission.objects.filter(author=user).select_related(*LIST_RELATED, "published_unit", "answered_by")
    return with_media(qs).prefetch_related(steps_prefetch()).order_by("-created_at", "-id")


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
    def media_count(kind):
        # A correlated subquery, evaluated for the page's rows only: a JOIN + GROUP BY here would
        # aggregate every published item before the LIMIT (issue 14: 0.3 % of the floor).
        rows = (
            SubmissionMedia.objects.filter(submission=OuterRef("pk"), status=SubmissionMedia.State.READY, kind=kind)
            .order_by().values("submission").annotate(n=Count("pk")).values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return (
        qs.select_related("author", "unit", "campaign")
        # For the card's "5 photos · video" line, in the same query (no per-card lookups).
        .annotate(photo_count=media_count("image"), video_count=media_count("video"), audio_count=media_count("audio"))
        .order_by("-published_at", "-id")
    )


def campaign_stories_count(campaign, unit=None):
    """Published stories of the campaign (for the campaign hub): one query."""
    qs = Submission.objects.published().filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.count()


def deleted_by_author(user, pk):
    """The audit row of submission ``pk`` deleted by its author, if ``user`` could have seen it
    (its author, or an officer along its unit's chain); else None. One query.

    Officers notified of an item that was later withdrawn and deleted follow the link to a page that
    says so, instead of a bare "not found".
    """
    from audit.models import AuditEvent

    if not user.is_authenticated:
        return None
    return (
        AuditEvent.objects.filter(verb="submission.deleted", object_type=Submission._meta.label_lower,
                                  object_id=str(pk))
        .filter(Q(actor_id=user.pk) | scope_for(user).filter("unit_path"))
        .order_by("-created_at")
        .first()
    )


# --- Aspirations synthesis ----------------------------------------------------------------------


def aspirations_in_scope(user):
    """Aspirations sent (not drafts, not withdrawn by their author) from the user's subtree, by topic
    then date."""
    qs = (
        Submission.objects.filter(kind=Kind.ASPIRATION)
        .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))
        .visible_to(user)
    )
    return qs.select_related("author", "unit", "current_unit", "topic", "answered_by").order_by(
        "topic__position", "topic__name", "submitted_at", "id"
    )


def aspiration_topic_counts(qs):
    """Per topic (named in the active language): received, forwarded (pending above the author's
    unit), answered."""
    rows = (
        qs.order_by()
        .values("topic__name", "topic__name_en", "topic__position")
        .annotate(
            received=Count("id"),
            forwarded=Count("id", filter=Q(status=Status.PENDING) & ~Q(current_unit=F("unit"))),
            answered=Count("id", filter=Q(status=Status.ANSWERED)),
        )
        .order_by("topic__position", "topic__name")
    )
    return [
        {
            "topic": topic_name_for(row["topic__name"], row["topic__name_en"]) or _("(chưa phân loại)"),
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
            opened_at=since,
        )


# --- Counts for reports (``reports.indicators``) -----------------------------------------------
# Each takes ``(unit, start, end)``: the unit's subtree (or the unit alone with ``subtree=False``)
# and a date range, both ends included. One query each.


def _unit_q(unit, field, subtree):
    return Q(**{f"{field}__path__startswith": unit.path}) if subtree else Q(**{f"{field}_id": unit.pk})


def _day_range(start, end):
    from notifications.deadlines import start_of_day

    return start_of_day(start), start_of_day(end + dt.timedelta(days=1))


def published_count(unit, start, end, *, kind, subtree=True):
    """Submissions of ``kind`` published in the period by authors of the unit('s subtree)."""
    since, until = _day_range(start, end)
    return Submission.objects.filter(
        _unit_q(unit, "unit", subtree), kind=kind, status=Status.PUBLISHED,
        published_at__gte=since, published_at__lt=until,
    ).count()


def good_deeds_published_count(unit, start, end, *, subtree=True):
    return published_count(unit, start, end, kind=Kind.GOOD_DEED, subtree=subtree)


def creative_practices_published_count(unit, start, end, *, subtree=True):
    return published_count(unit, start, end, kind=Kind.CREATIVE, subtree=subtree)


def sent_upward_count(unit, start, end, *, subtree=True):
    """Items the unit('s subtree) forwarded to a level above in the period (review steps "forward")."""
    from .models import Decision, ReviewStep

    since, until = _day_range(start, end)
    return ReviewStep.objects.filter(
        _unit_q(unit, "unit", subtree), decision=Decision.FORWARD, created_at__gte=since, created_at__lt=until,
    ).count()


def aspirations_received_count(unit, start, end, *, subtree=True):
    """Aspirations sent (submitted) in the period by members of the unit('s subtree)."""
    since, until = _day_range(start, end)
    return Submission.objects.filter(
        _unit_q(unit, "unit", subtree), kind=Kind.ASPIRATION, submitted_at__gte=since, submitted_at__lt=until,
    ).count()


def aspirations_answered_count(unit, start, end, *, subtree=True):
    """Aspirations of the unit('s subtree) received in the period and answered (by now)."""
    since, until = _day_range(start, end)
    return Submission.objects.filter(
        _unit_q(unit, "unit", subtree), kind=Kind.ASPIRATION, submitted_at__gte=since, submitted_at__lt=until,
        status=Status.ANSWERED,
    ).count()


def contributors_count(unit, start, end, *, subtree=True):
    """Distinct authors who sent anything but an aspiration in the period."""
    since, until = _day_range(start, end)
    return (
        Submission.objects.filter(_unit_q(unit, "unit", subtree), submitted_at__gte=since, submitted_at__lt=until)
        .exclude(kind=Kind.ASPIRATION)
        .aggregate(n=Count("author", distinct=True))["n"]
    )
