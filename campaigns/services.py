"""Writes for campaigns, unit news, share kits, tracked links, share proofs and lessons.

Each is keyword-only and atomic with its audit row inside. Anonymous link clicks are counted but not
audited (no actor, very high volume; the click rows are their own record).
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.counters import bump, bump_path
from core.errors import ServiceError
from core.html import clean_rich_text
from unions.scope import scope_for
from uploads.images import clean_image

from . import sharing
from .images import og_card
from .models import (
    Campaign,
    KitImage,
    Lesson,
    LessonCompletion,
    LinkClick,
    NewsImage,
    NewsPost,
    ShareKit,
    ShareProof,
    TrackedLink,
)

MAX_IMAGE_SIDE = 2048


def _og_from(field_file):
    with field_file.open("rb") as handle:
        return og_card(handle)


def _save_image(field, uploaded, checked, *, max_side=MAX_IMAGE_SIDE):
    cleaned = clean_image(uploaded, checked, max_side=max_side)
    field.save(cleaned.name, cleaned, save=False)


# --- Campaigns ----------------------------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "unit", "title", "slug", "summary", "body", "goals", "congress_number", "term_start_year", "term_end_year",
    "previous_results", "directions", "starts_on", "ends_on", "is_public",
)


def _campaign_hero(campaign, hero):
    if hero is None:
        return
    uploaded, checked = hero
    _save_image(campaign.hero_image, uploaded, checked)
    card = _og_from(campaign.hero_image)
    if card is not None:
        campaign.og_image.save(card.name, card, save=False)


@transaction.atomic
def campaign_create(*, actor, hero=None, **fields):
    """Create a campaign; ``hero`` is ``(uploaded, checked)`` from ``uploads.checks.check_upload``."""
    campaign = Campaign(created_by=actor, **{k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS})
    _campaign_hero(campaign, hero)
    campaign.save()
    audit_record(actor=actor, verb="campaign.created", obj=campaign, unit=campaign.unit, data={"slug": campaign.slug})
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign, hero=None, **fields):
    for key, value in fields.items():
        if key in CAMPAIGN_FIELDS:
            setattr(campaign, key, value)
    _campaign_hero(campaign, hero)
    campaign.save()
    audit_record(actor=actor, verb="campaign.updated", obj=campaign, unit=campaign.unit, data={"fields": sorted(fields)})
    return campaign


# --- Unit news ----------------------------------------------------------------------------------


def _news_images(news, images, start=0):
    for position, (uploaded, checked) in enumerate(images or [], start=start):
        item = NewsImage(news=news, position=position)
        _save_image(item.image, uploaded, checked)
        item.save()
    first = news.images.order_by("position", "pk").first()
    if first is not None and (images or not news.og_image):
        card = _og_from(first.image)
        if card is not None:
            news.og_image.save(card.name, card, save=False)
            news.save(update_fields=["og_image"])


@transaction.atomic
def news_publish(*, actor, unit, title, body, summary="", is_public=True, campaign=None, images=()):
    """Publish official news of ``unit``; the body is sanitised, images re-encoded without metadata."""
    news = NewsPost.objects.create(
        unit=unit, campaign=campaign, title=title, summary=summary, body=clean_rich_text(body),
        is_public=is_public, published_at=timezone.now(), created_by=actor,
    )
    _news_images(news, images)
    audit_record(actor=actor, verb="news.published", obj=news, unit=unit)
    return news


@transaction.atomic
def news_update(*, actor, news, title, body, summary="", is_public=True, campaign=None, unit=None, images=()):
    news.title, news.summary, news.body = title, summary, clean_rich_text(body)
    news.is_public, news.campaign = is_public, campaign
    if unit is not None:
        news.unit = unit
    news.save()
    _news_images(news, images, start=news.images.count())
    audit_record(actor=actor, verb="news.updated", obj=news, unit=news.unit)
    return news


# --- Share kits ---------------------------------------------------------------------------------

KIT_FIELDS = ("audience", "campaign", "title", "caption", "hashtags", "target_url", "valid_from", "valid_to")


def _kit_images(kit, images, start=0):
    for position, (uploaded, checked) in enumerate(images or [], start=start):
        item = KitImage(kit=kit, position=position)
        _save_image(item.image, uploaded, checked)
        item.save()


@transaction.atomic
def kit_create(*, actor, images=(), **fields):
    if not sharing.is_safe_target(fields.get("target_url")):
        raise ServiceError(str(sharing.TARGET_ERROR))
    kit = ShareKit.objects.create(created_by=actor, **{k: v for k, v in fields.items() if k in KIT_FIELDS})
    _kit_images(kit, images)
    audit_record(actor=actor, verb="sharekit.created", obj=kit, unit=kit.audience)
    return kit


@transaction.atomic
def kit_update(*, actor, kit, images=(), **fields):
    if "target_url" in fields and not sharing.is_safe_target(fields["target_url"]):
        raise ServiceError(str(sharing.TARGET_ERROR))
    for key, value in fields.items():
        if key in KIT_FIELDS:
            setattr(kit, key, value)
    kit.save()
    _kit_images(kit, images, start=kit.images.count())
    audit_record(actor=actor, verb="sharekit.updated", obj=kit, unit=kit.audience)
    return kit


# --- Tracked links and clicks -------------------------------------------------------------------


def tracked_link_get_or_create(*, kit, user):
    """The member's TrackedLink for ``kit``, made the first time their link is followed.

    Its code is the signed one the pages show; its unit, the member's unit inside the kit's
    audience (None if they have left it since). Idempotent: the (kit, user) constraint makes two
    first visits at once one row (``get_or_create`` catches the loser's IntegrityError). Not
    audited: the visitor who causes it is anonymous, and the row is its own record.
    """
    unit = scope_for(user).member_unit_in(kit.audience)
    link, _created = TrackedLink.objects.get_or_create(
        kit=kit, user=user, defaults={"unit": unit, "code": sharing.share_code(kit.pk, user.pk)}
    )
    return link


def tracked_link_visit(*, share, address, user_agent, on=None):
    """Someone followed ``/s/<code>``: the link (made now if it is the first visit) and whether the
    click counted (once per visitor and day; bots make the link but are not counted)."""
    link = share.link or tracked_link_get_or_create(kit=share.kit, user=share.user)
    return link, link_click_record(link=link, address=address, user_agent=user_agent, on=on)


def link_click_record(*, link, address, user_agent, on=None):
    """Count a click on ``link`` once per visitor and day; bots are not counted. Returns counted?"""
    if sharing.is_bot(user_agent):
        return False
    day = on or timezone.localdate()
    visitor = sharing.visitor_hash(address or "", user_agent or "", day)
    try:
        with transaction.atomic():
            LinkClick.objects.create(link=link, day=day, visitor=visitor)
            TrackedLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1)
    except IntegrityError:
        return False
    return True


# --- Share proofs -------------------------------------------------------------------------------


def proof_unit_for(user, kit, member_units):
    """The member's unit a proof counts for: the first of theirs inside the kit's audience."""
    return next((u for u in member_units if u.path.startswith(kit.audience.path)), None)


@transaction.atomic
def proof_submit(*, user, kit, unit, post_url, screenshot=None):
    """Claim a share of ``kit``. Refuses a URL that is not a post on a known network, and a post
    already claimed (by anyone: the normalised URL is unique in the database)."""
    if unit is None:
        raise ServiceError(_("Bạn chưa là đoàn viên của đơn vị nào nhận bộ chia sẻ này."))
    try:
        network, normalized = sharing.normalize_post_url(post_url)
    except sharing.NotAPost:
        raise ServiceError(
            _("Đường dẫn này không phải một bài đăng trên Facebook, Zalo, TikTok hay YouTube. "
              "Hãy mở bài viết của bạn, chọn “Sao chép liên kết” rồi dán vào đây.")
        ) from None
    proof = ShareProof(kit=kit, user=user, unit=unit, post_url=post_url.strip(), normalized_url=normalized,
                       network=network)
    if screenshot is not None:
        _save_image(proof.screenshot, *screenshot, max_side=1600)
    try:
        with transaction.atomic():
            proof.save()
    except IntegrityError:
        if proof.screenshot:
            proof.screenshot.delete(save=False)
        raise ServiceError(_("Bài đăng này đã được khai báo trước đó; mỗi bài chỉ được tính một lần.")) from None
    bump_path("proofs", unit.path)
    audit_record(actor=user, verb="shareproof.submitted", obj=proof, unit=unit, data={"kit": kit.pk})
    from privacy.models import ConsentRecord
    from privacy.services import consent_record

    consent_record(user=user, purpose=ConsentRecord.Purpose.SHARE_PROOF, obj=proof)
    return proof


def _proof_decide(*, actor, proof, status, reason=""):
    from notifications.models import Category
    from notifications.services import in_both_languages, notify

    if not proof.can_be_decided_by(actor):
        raise ServiceError(_("Minh chứng này đã được xử lý hoặc bạn không thể tự xác minh bài của mình."))
    now = timezone.now()
    updated = ShareProof.objects.filter(pk=proof.pk, status=ShareProof.Status.PENDING).update(
        status=status, reason=reason, decided_by=actor, decided_at=now
    )
    if updated != 1:
        raise ServiceError(_("Minh chứng này vừa được người khác xử lý."))
    proof.status, proof.reason, proof.decided_by, proof.decided_at = status, reason, actor, now
    bump_path("proofs", proof.unit.path)
    if proof.kit.campaign_id:
        bump(f"hub:{proof.kit.campaign_id}")  # the hub's "shares" figure
    audit_record(actor=actor, verb=f"shareproof.{status}", obj=proof, unit=proof.unit, data={"reason": reason})
    def message():
        if status == ShareProof.Status.VERIFIED:
            return _("Bài chia sẻ của bạn đã được xác minh"), reason or proof.post_url
        return _("Bài chia sẻ của bạn chưa được công nhận"), reason or proof.post_url

    notify(recipients=[proof.user], category=Category.CAMPAIGN, url=proof.kit.get_absolute_url(), email=False,
           **in_both_languages(message))
    return proof


@transaction.atomic
def proof_verify(*, actor, proof):
    return _proof_decide(actor=actor, proof=proof, status=ShareProof.Status.VERIFIED)


@transaction.atomic
def proof_reject(*, actor, proof, reason=""):
    return _proof_decide(actor=actor, proof=proof, status=ShareProof.Status.REJECTED, reason=reason[:300])


# --- Lessons ------------------------------------------------------------------------------------

LESSON_FIELDS = ("unit", "title", "slug", "summary", "body", "position", "is_published")


@transaction.atomic
def lesson_create(*, actor, image=None, **fields):
    fields = {k: v for k, v in fields.items() if k in LESSON_FIELDS}
    fields["body"] = clean_rich_text(fields.get("body", ""))
    lesson = Lesson(created_by=actor, **fields)
    if image is not None:
        _save_image(lesson.image, *image)
    lesson.save()
    audit_record(actor=actor, verb="lesson.created", obj=lesson, unit=lesson.unit)
    return lesson


@transaction.atomic
def lesson_update(*, actor, lesson, image=None, **fields):
    for key, value in fields.items():
        if key in LESSON_FIELDS:
            setattr(lesson, key, clean_rich_text(value) if key == "body" else value)
    if image is not None:
        _save_image(lesson.image, *image)
    lesson.save()
    audit_record(actor=actor, verb="lesson.updated", obj=lesson, unit=lesson.unit)
    return lesson


@transaction.atomic
def lesson_complete(*, lesson, user, unit=None, score_percent=0):
    """Record that ``user`` passed ``lesson``'s quiz: (completion, created).

    Counted once: a second pass returns the first record (the (lesson, user) pair is unique in the
    database, so two passes at the same moment still make one record). Called by the quiz engine.
    """
    existing = LessonCompletion.objects.filter(lesson=lesson, user=user).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            completion = LessonCompletion.objects.create(
                lesson=lesson, user=user, unit=unit, score_percent=score_percent,
                certificate_code=secrets.token_hex(5).upper(),
            )
    except IntegrityError:
        return LessonCompletion.objects.get(lesson=lesson, user=user), False
    audit_record(actor=user, verb="lesson.completed", obj=completion, unit=unit, data={"lesson": lesson.pk})
    return completion, True


# --- Avatar frames ------------------------------------------------------------------------------

FRAME_SETTINGS = (
    "title", "label_enabled", "label_x", "label_y", "label_max_width", "label_size", "label_color",
    "label_outline", "label_uppercase", "is_published",
)


@transaction.atomic
def frame_upload(*, actor, campaign, unit, image, **fields):
    """Add a frame to ``campaign`` for ``unit``'s subtree.

    ``image`` is ``(uploaded, checked)`` from ``uploads.checks.check_upload``; the frame must be a
    square PNG with transparency, at least 1080×1080, with a transparent window (see
    :func:`campaigns.frames.prepare_frame`), else :class:`ServiceError` with the reason. It is stored
    normalised to 1080×1080.
    """
    from .frames import prepare_frame
    from .models import AvatarFrame

    uploaded, checked = image
    content, window = prepare_frame(uploaded, checked)
    frame = AvatarFrame(campaign=campaign, unit=unit, created_by=actor, window_ratio=window,
                        **{k: v for k, v in fields.items() if k in FRAME_SETTINGS})
    frame.image.save(content.name, content, save=False)
    frame.save()
    audit_record(actor=actor, verb="frame.uploaded", obj=frame, unit=unit,
                 data={"campaign": campaign.slug, "window_percent": window})
    return frame


@transaction.atomic
def frame_update(*, actor, frame, image=None, **fields):
    """Change a frame's name settings, publication or image (checked as on upload)."""
    from .frames import prepare_frame

    changed = sorted(k for k in fields if k in FRAME_SETTINGS and getattr(frame, k) != fields[k])
    for key in changed:
        setattr(frame, key, fields[key])
    if image is not None:
        content, frame.window_ratio = prepare_frame(*image)
        frame.image.save(content.name, content, save=False)
        changed.append("image")
    frame.save()
    audit_record(actor=actor, verb="frame.updated", obj=frame, unit=frame.unit, data={"fields": changed})
    return frame


def frame_use_record(*, frame, user=None, unit=None, address="", user_agent="", method, on=None):
    """Count one framed avatar: once per member (or anonymous visitor), frame and day. Returns counted?

    Both rules are unique constraints, so a double click or two concurrent requests count once.
    Not audited, like link clicks: high volume, and the use rows are their own record.
    """
    from .models import FrameUse

    day = on or timezone.localdate()
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        visitor = sharing.visitor_hash(f"member:{user.pk}", "", day)
    else:
        if sharing.is_bot(user_agent):
            return False
        visitor = sharing.visitor_hash(address or "", user_agent or "", day)
    try:
        with transaction.atomic():
            FrameUse.objects.create(frame=frame, user=user if signed_in else None, unit=unit if signed_in else None,
                                    day=day, visitor=visitor, method=method)
    except IntegrityError:
        return False
    return True
