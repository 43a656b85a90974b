"""Access to campaigns, news, share kits, proofs and lessons, built on the user's scope.

What a user sees of this app:

* campaigns and news: public ones; those of the user's member units and their ancestors; those
  addressed to the units above the user's roles (what an officer carries out); everything in the
  subtrees they manage;
* share kits: members, the kits whose audience includes one of their units; officers, the kits
  addressed inside their subtrees;
* share proofs: the officers of the proof's unit chain;
* lessons: published ones for everyone; drafts for the admins of the lesson's unit chain.

Anything else is a 404.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from unions.scope import ADMIN_KINDS, scope_for

from . import sharing
from .models import Campaign, Lesson, LessonCompletion, NewsPost, ShareKit, ShareProof, TrackedLink

# --- The visitor's units ------------------------------------------------------------------------


def member_units(user):
    """The user's active member units, oldest membership first (kept for the request)."""
    return scope_for(user).member_units


def primary_unit(user):
    return scope_for(user).primary_unit


def _addressed_to_q(user, field):
    """Objects the user reaches as a member, as an officer carrying out what comes from above, or
    as a manager of the object's unit."""
    scope = scope_for(user)
    return scope.member_chain_filter(field) | scope.above_roles_filter(field) | scope.filter(field)


def can_write_lessons(user):
    return user.is_authenticated and scope_for(user).is_admin


def can_manage_lessons(user, unit):
    return scope_for(user).is_admin_of(unit)


# --- Campaigns ----------------------------------------------------------------------------------


def campaigns_visible_to(user):
    qs = Campaign.objects.select_related("unit")
    if not user.is_authenticated:
        return qs.public()
    return qs.filter(Q(is_public=True) | _addressed_to_q(user, "unit__path"))


def get_campaign_for_user(user, slug):
    return get_object_or_404(campaigns_visible_to(user), slug=slug)


def campaigns_managed(user):
    return Campaign.objects.filter(scope_for(user).filter("unit__path")).select_related("unit")


def campaigns_attachable(user):
    """Campaigns an officer may attach their news and kits to: those of their subtrees, and those
    organised above them for a subtree that includes theirs (the national Congress campaign)."""
    scope = scope_for(user)
    return Campaign.objects.filter(scope.filter("unit__path") | scope.above_roles_filter("unit__path")).select_related(
        "unit"
    )


def get_campaign_for_manager(user, slug):
    return get_object_or_404(campaigns_managed(user), slug=slug)


# --- News ---------------------------------------------------------------------------------------


def news_visible_to(user):
    qs = NewsPost.objects.published().select_related("unit")
    if not user.is_authenticated:
        return qs.filter(is_public=True)
    return qs.filter(Q(is_public=True) | _addressed_to_q(user, "unit__path"))


def get_news_for_user(user, pk):
    return get_object_or_404(news_visible_to(user).prefetch_related("images"), pk=pk)


def news_managed(user):
    return NewsPost.objects.filter(scope_for(user).filter("unit__path")).select_related("unit")


def get_news_for_manager(user, pk):
    return get_object_or_404(news_managed(user), pk=pk)


# --- Share kits ---------------------------------------------------------------------------------


def kits_reaching_member(user):
    """Kits whose audience includes one of the user's member units (running or not)."""
    paths = [u.path for u in member_units(user)]
    return ShareKit.objects.for_unit_paths(paths) if paths else ShareKit.objects.none()


def get_kit_for_member(user, pk):
    qs = kits_reaching_member(user).select_related("campaign", "audience").prefetch_related("images")
    return get_object_or_404(qs, pk=pk)


def kits_managed(user):
    return ShareKit.objects.filter(scope_for(user).filter("audience__path")).select_related("audience", "campaign")


def get_kit_for_manager(user, pk):
    return get_object_or_404(kits_managed(user), pk=pk)


@dataclass
class Share:
    """What ``/s/<code>`` names: a kit and a member's TrackedLink, or (a signed code followed for
    the first time) the kit and the member the link is to be made for."""

    kit: ShareKit
    link: TrackedLink | None = None
    user: object = None


def get_share_for_code(code):
    """The share a public code names (anyone may follow one); a 404 for an unknown, forged or
    altered code, or a kit or member that no longer exists.

    A signed code (``sharing.share_code``) is read without a row; an old random code is looked up.
    """
    links = TrackedLink.objects.select_related("kit")
    ids = sharing.parse_share_code(code)
    if ids is None:
        link = get_object_or_404(links, code=code)
        return Share(kit=link.kit, link=link)
    kit_id, user_id = ids
    link = links.filter(kit_id=kit_id, user_id=user_id).first()  # made at a first visit, or earlier
    if link is not None:
        return Share(kit=link.kit, link=link)
    kit = get_object_or_404(ShareKit.objects.all(), pk=kit_id)
    user = get_object_or_404(get_user_model().objects.all(), pk=user_id)
    return Share(kit=kit, user=user)


# --- Share proofs -------------------------------------------------------------------------------


def proofs_for_officer(user, status=ShareProof.Status.PENDING):
    qs = ShareProof.objects.filter(scope_for(user).filter("unit__path")).select_related("user", "unit", "kit")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


def get_proof_for_officer(user, pk):
    return get_object_or_404(proofs_for_officer(user, status=None), pk=pk)


# --- Lessons ------------------------------------------------------------------------------------


def lessons_published():
    return Lesson.objects.filter(is_published=True).order_by("position", "pk")


def lessons_visible_to(user):
    if can_write_lessons(user):
        return Lesson.objects.filter(Q(is_published=True) | scope_for(user).filter("unit__path", ADMIN_KINDS))
    return lessons_published()


def get_lesson_for_user(user, slug):
    # The quiz model lives in ``contests`` (above this app): reached through the relation, not imported.
    quizzes = Lesson._meta.get_field("quizzes").related_model.objects.filter(is_published=True)
    return get_object_or_404(lessons_visible_to(user).prefetch_related(Prefetch("quizzes", queryset=quizzes)), slug=slug)


def get_lesson_for_author(user, slug):
    qs = Lesson.objects.filter(scope_for(user).filter("unit__path", ADMIN_KINDS))
    return get_object_or_404(qs, slug=slug)


def get_completion_for_user(user, lesson):
    qs = LessonCompletion.objects.select_related("lesson", "unit", "user")
    return get_object_or_404(qs, user=user, lesson=lesson)


# --- Avatar frames ------------------------------------------------------------------------------
# Published frames of a campaign are for everyone who sees the campaign; a frame's settings, drafts
# and previews are for the officers whose subtree holds the frame's unit. A unit's variant (its name
# on the frame) is made for the visitor's own member units, and for units an officer manages.


def frames_published(campaign):
    from .models import AvatarFrame

    return AvatarFrame.objects.filter(campaign=campaign, is_published=True).select_related("unit")


def frames_managed(user, campaign):
    from .models import AvatarFrame

    return AvatarFrame.objects.filter(scope_for(user).filter("unit__path"), campaign=campaign).select_related("unit")


def can_add_frames(user, campaign):
    """Officers of the campaign's subtree, and those below a campaign organised above them."""
    return user.is_authenticated and campaigns_attachable(user).filter(pk=campaign.pk).exists()


def get_frame_for_user(user, campaign, pk):
    """A frame of ``campaign`` (already checked visible): published, or managed by the user."""
    qs = frames_published(campaign)
    if user.is_authenticated and scope_for(user).is_officer:
        qs = qs | frames_managed(user, campaign)
    return get_object_or_404(qs.distinct(), pk=pk)


def get_frame_for_manager(user, campaign, pk):
    return get_object_or_404(frames_managed(user, campaign), pk=pk)


def frame_variant_units(user, frame):
    """The visitor's member units inside the frame's subtree: whose names they may put on it."""
    return [u for u in scope_for(user).member_units if u.path.startswith(frame.unit.path)]


def get_variant_unit(user, frame, unit_pk):
    """The unit ``unit_pk`` if the user may put its name on ``frame``: one of their member units, or
    a unit they manage, inside the frame's subtree. Anything else is a 404."""
    from unions.models import Union

    scope = scope_for(user)
    for unit in frame_variant_units(user, frame):
        if unit.pk == unit_pk:
            return unit
    qs = Union.objects.filter(scope.filter("path"), path__startswith=frame.unit.path)
    return get_object_or_404(qs, pk=unit_pk)
