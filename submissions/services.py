"""Writes for submissions: create/edit/submit, review decisions, media processing, Fanpage post.

Each public function is one transaction with its audit row inside; files are checked before this
layer (``uploads.checks.check_upload`` in the form), so a rejected upload never reaches storage;
files written by a transaction that then fails are deleted again.

Where files live: every attached file (photo, video, audio, thumbnail, poster) is written to the
PRIVATE storage (``uploads.storage``) and served only through the access-checked view. The two
public pictures of a story — the gallery thumbnail (``cover``) and the Open Graph card
(``share_image``) — are made in the public storage when the item is published
(:func:`_publish_images`), never before. Publication is final in this workflow (no decision
takes an item back out of "published"), so nothing ever has to be withdrawn from public storage.
"""

import datetime as dt
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from audit.services import audit_record
from core.counters import bump
from core.errors import ServiceError
from core.html import clean_rich_text
from notifications.models import Category
from notifications.services import in_both_languages, notify
from uploads.checks import CheckedUpload, UploadRejected
from uploads.images import clean_image, cover_crop, safe_name, thumbnail
from uploads.media import MediaProbeError, local_copy, poster_frame, probe

from . import extensions as form_extensions
from .counters import bump_pending
from .models import (
    REASON_REQUIRED,
    Decision,
    Kind,
    ReviewStep,
    Status,
    Submission,
    SubmissionMedia,
    media_rule_errors,
)

logger = logging.getLogger(__name__)

PUBLISH_MAX_SIDE = 2560  # published photos are re-encoded at most this wide/high
THUMB_SIDE = 480
FANPAGE_HOSTS = ("facebook.com", "fb.com", "fb.watch")


# --- Files ------------------------------------------------------------------------------------


class _Saved(list):
    """Files written during a transaction, as ``(storage, name)``; deleted again if it fails."""

    def add(self, fieldfile):
        self.append((fieldfile.storage, fieldfile.name))

    def discard_all(self):
        for storage, name in self:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete %s after a failed save", name)


def _delete_on_commit(storage, names):
    names = [n for n in names if n]
    if names:
        transaction.on_commit(lambda: [storage.delete(n) for n in names])


def _store_image(media, uploaded, checked, saved):
    cleaned = clean_image(uploaded, checked, max_side=PUBLISH_MAX_SIDE)
    media.file.save(cleaned.name, cleaned, save=False)
    saved.add(media.file)
    cleaned_checked = CheckedUpload(
        kind="image", mime=checked.mime, extension=cleaned.name.rsplit(".", 1)[-1], size=cleaned.size
    )
    thumb = thumbnail(cleaned, cleaned_checked, side=THUMB_SIDE)
    media.thumbnail.save(thumb.name, thumb, save=False)
    saved.add(media.thumbnail)
    from PIL import Image

    cleaned.seek(0)
    with Image.open(cleaned) as image:
        media.width, media.height = image.size
    media.size = cleaned.size
    media.mime = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[cleaned_checked.extension]
    media.status = SubmissionMedia.State.READY


def _attach(submission, files, saved):
    """Store checked uploads ``[(file, CheckedUpload)]``; video/audio are probed after commit."""
    start = (submission.media.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    to_process = []
    for offset, (uploaded, checked) in enumerate(files):
        media = SubmissionMedia(
            submission=submission,
            kind=checked.kind,
            mime=checked.mime,
            size=checked.size,
            original_name=(getattr(uploaded, "name", "") or "")[:255],
            position=start + offset,
        )
        if checked.kind == "image":
            _store_image(media, uploaded, checked, saved)
        else:
            media.file.save(safe_name(checked.extension), uploaded, save=False)  # streamed, never in memory
            saved.add(media.file)
        media.save()
        if media.status == SubmissionMedia.State.PROCESSING:
            to_process.append(media.pk)
    if to_process:
        from .tasks import process_media

        # robust: with the broker down the page still answers; the files stay "processing" with
        # no lease and the recovery sweep (media_recover_stuck) sends them when the broker is back.
        transaction.on_commit(lambda: [process_media.delay(pk) for pk in to_process], robust=True)


def _remove_media(submission, media_ids):
    doomed = list(submission.media.filter(pk__in=media_ids))
    names = [n for m in doomed for n in (m.file.name, m.thumbnail.name, m.poster.name)]
    storage = SubmissionMedia._meta.get_field("file").storage
    SubmissionMedia.objects.filter(pk__in=[m.pk for m in doomed]).delete()
    _delete_on_commit(storage, names)


def _publish_images(submission, saved):
    """Make the public pictures of an item being published; True when its fields changed (save them).

    From the first ready picture (the first photo, else a video's poster frame), read from the private
    storage: a copy of its thumbnail as the gallery ``cover`` and a 1200×630 ``share_image`` (the
    Open Graph card), both written to the public storage. An item without pictures (audio, text)
    keeps none. A source that cannot be read is logged and skipped: the gallery then shows no
    picture and the page the default card, but publishing never fails for it.
    """
    pictured = [m for m in submission.media.all() if m.status == SubmissionMedia.State.READY and m.thumbnail]
    # A story with photos and a video: the author's first photo, rather than a frame of the video.
    first = next((m for m in pictured if m.kind == "image"), pictured[0] if pictured else None)
    source = (first.file.name if first.kind == "image" else first.poster.name) if first else ""
    if not source or (submission.share_source == source and submission.share_image):
        return False
    private = SubmissionMedia._meta.get_field("file").storage
    try:
        with private.open(first.thumbnail.name, "rb") as handle:
            cover = ContentFile(handle.read(), name=safe_name(first.thumbnail.name.rsplit(".", 1)[-1]))
        with private.open(source, "rb") as handle:
            card = cover_crop(ContentFile(handle.read()))
    except (OSError, ValueError, SyntaxError, UploadRejected) as exc:
        logger.warning("no public pictures for submission %s: %s", submission.pk, exc)
        return False
    public = Submission._meta.get_field("share_image").storage
    old = [submission.cover.name, submission.share_image.name]
    submission.cover.save(cover.name, cover, save=False)
    saved.add(submission.cover)
    submission.share_image.save(card.name, card, save=False)
    saved.add(submission.share_image)
    submission.share_source = source
    _delete_on_commit(public, old)
    return True


# --- Create, edit, submit ---------------------------------------------------------------------


def _check_submittable(submission):
    counts = {"images": 0, "videos": 0, "audios": 0}
    failed = []
    for kind, status, name in submission.media.values_list("kind", "status", "original_name"):
        counts[{"image": "images", "video": "videos", "audio": "audios"}[kind]] += 1
        if status == SubmissionMedia.State.FAILED:
            failed.append(name)
    errors = media_rule_errors(submission.kind, submitting=True, **counts)
    for name in failed:  # it could never be published: the item would wait for ever
        errors.append(_("Tệp “%(name)s” bị lỗi: hãy bỏ tệp này và chọn lại tệp khác.") % {"name": name or _("đính kèm")})
    if submission.is_aspiration and submission.topic_id is None:
        errors.append(_("Hãy chọn chủ đề cho ý kiến."))
    if not submission.is_aspiration and not (submission.consent_publication and submission.consent_people):
        errors.append(_("Cần xác nhận đồng ý cho đăng và sự đồng ý của người xuất hiện trong bài."))
    if errors:
        raise ServiceError(" ".join(errors))


def _reviewers_of(unit):
    return list(User.objects.filter(roles__union=unit, is_active=True).distinct())


def _submit(submission, actor):
    """Send a draft, a withdrawn item or one returned for changes for review.

    Returned for changes: back to the level that asked. A draft or a withdrawn item: to the
    author's own union (a withdrawn item starts over — no level decided on it).
    """
    _check_submittable(submission)
    resubmit = submission.status == Status.CHANGES_REQUESTED
    now = timezone.now()
    if not resubmit:
        submission.current_unit = submission.unit
    submission.status = Status.PENDING
    submission.waiting_since = now
    submission.withdrawn_at = None
    submission.submitted_at = submission.submitted_at or now
    submission.save()
    bump_pending(submission.current_unit_id)
    ReviewStep.objects.create(
        submission=submission,
        actor=actor,
        unit=submission.current_unit,
        decision=Decision.RESUBMIT if resubmit else Decision.SUBMIT,
        snapshot={"title": submission.title, "body": submission.body},
        created_at=now,
    )
    audit_record(
        actor=actor,
        verb="submission.resubmitted" if resubmit else "submission.submitted",
        obj=submission,
        unit=submission.current_unit,
        data={"kind": submission.kind},
    )
    notify(
        recipients=_reviewers_of(submission.current_unit),
        category=Category.REVIEW,
        url=submission.get_absolute_url(),
        **in_both_languages(lambda: (
            _("Bài mới chờ duyệt: “%(title)s”") % {"title": submission.title},
            _("%(unit)s có bài chờ duyệt.") % {"unit": submission.current_unit.name},
        )),
    )


def _apply_fields(submission, *, kind, title, body, campaign, topic, consent_publication, consent_people, anonymous):
    submission.kind = kind
    submission.title = title.strip()
    submission.body = clean_rich_text(body)
    submission.campaign = campaign
    submission.topic = topic if kind == Kind.ASPIRATION else None
    if consent_publication and not submission.consent_publication:
        submission.consent_at = timezone.now()
    submission.consent_publication = bool(consent_publication)
    submission.consent_people = bool(consent_people)
    submission.anonymous = bool(anonymous)
    submission.refresh_search_text()


def _with_cleanup(work):
    """Run ``work(saved)`` in a transaction; if it fails, delete the files it wrote (``saved``)."""
    saved = _Saved()
    try:
        with transaction.atomic():
            return work(saved)
    except BaseException:
        saved.discard_all()
        raise


def submission_create(
    *, author, unit, kind, title, body="", campaign=None, topic=None, consent_publication=False,
    consent_people=False, anonymous=False, files=(), submit=False, extensions=None,
):
    """A new submission of ``author`` in ``unit`` (a unit where the author is an active member).

    Saved as a draft, then submitted when ``submit`` (waiting at ``unit``). ``files`` are uploads
    already accepted by ``uploads.checks.check_upload``: ``[(file, CheckedUpload)]``.
    ``extensions`` holds the values of the form's extension fields (``submissions.extensions``),
    handed to each extension in this transaction.
    """

    def work(saved):
        submission = Submission(author=author, unit=unit, current_unit=unit, status=Status.DRAFT)
        _apply_fields(
            submission, kind=kind, title=title, body=body, campaign=campaign, topic=topic,
            consent_publication=consent_publication, consent_people=consent_people, anonymous=anonymous,
        )
        submission.save()
        audit_record(actor=author, verb="submission.created", obj=submission, unit=unit, data={"kind": kind})
        if submission.consent_publication:
            from privacy.models import ConsentRecord
            from privacy.services import consent_record

            consent_record(user=author, purpose=ConsentRecord.Purpose.SUBMISSION, obj=submission)
        _attach(submission, files, saved)
        if submit:
            _submit(submission, author)
        form_extensions.saved(submission=submission, actor=author, values=extensions, submitted=submit)
        return submission

    return _with_cleanup(work)


def submission_update(
    *, submission, author, kind, title, body="", campaign=None, topic=None, consent_publication=False,
    consent_people=False, anonymous=False, files=(), remove_media=(), submit=False, extensions=None,
):
    """The author edits a draft or an item returned for changes; ``submit`` sends it (back) for review.

    A resubmitted item returns to the level that asked for changes; the review history is kept.
    """

    def work(saved):
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.author_id != author.pk or not locked.is_editable():
            raise ServiceError(_("Bài này không còn sửa được (đã được gửi duyệt hoặc đã có quyết định)."))
        had_consent = locked.consent_publication
        _apply_fields(
            locked, kind=kind, title=title, body=body, campaign=campaign, topic=topic,
            consent_publication=consent_publication, consent_people=consent_people, anonymous=anonymous,
        )
        locked.save()
        audit_record(actor=author, verb="submission.edited", obj=locked, unit=locked.unit)
        if locked.consent_publication and not had_consent:
            from privacy.models import ConsentRecord
            from privacy.services import consent_record

            consent_record(user=author, purpose=ConsentRecord.Purpose.SUBMISSION, obj=locked)
        if remove_media:
            _remove_media(locked, remove_media)
        _attach(locked, files, saved)
        if submit:
            _submit(locked, author)
        form_extensions.saved(submission=locked, actor=author, values=extensions, submitted=submit)
        return locked

    return _with_cleanup(work)


@transaction.atomic
def submission_withdraw(*, submission, actor):
    """The author withdraws an item nothing has been decided on yet (``Submission.is_withdrawable``).

    It leaves the review queue and its review reminders stop (both only see pending items); the
    history gets a "withdrawn" step at the level where it waited, so officers who open it from a
    notification or a bookmark see that it was withdrawn. The author may edit and send it again, or
    delete it.
    """
    locked = Submission.objects.select_for_update(of=("self",)).select_related("current_unit").get(pk=submission.pk)
    if not locked.may_withdraw(actor):
        raise ServiceError(_("Bài này không rút được nữa: đã có quyết định hoặc đã được rút."))
    previous = locked.status
    now = timezone.now()
    locked.status, locked.withdrawn_at, locked.waiting_since = Status.WITHDRAWN, now, None
    locked.save(update_fields=["status", "withdrawn_at", "waiting_since", "updated_at"])
    if previous == Status.PENDING:
        bump_pending(locked.current_unit_id)
    ReviewStep.objects.create(
        submission=locked, actor=actor, unit=locked.current_unit, decision=Decision.WITHDRAW, created_at=now,
        snapshot={"title": locked.title},
    )
    audit_record(
        actor=actor, verb="submission.withdrawn", obj=locked, unit=locked.unit,
        data={"from": previous, "at_unit": locked.current_unit_id},
    )
    return locked


@transaction.atomic
def submission_delete(*, submission, actor):
    """The author deletes a draft or a withdrawn item (``Submission.is_deletable``), with its files.

    The audit row keeps what was deleted (title, kind, unit), so an officer who follows an old link
    to it is told it was deleted by its author rather than shown a bare "not found".
    """
    locked = Submission.objects.select_for_update(of=("self",)).select_related("unit").get(pk=submission.pk)
    if not locked.may_delete(actor):
        raise ServiceError(_("Chỉ xoá được bản nháp hoặc bài đã rút."))
    media = list(locked.media.all())
    private = SubmissionMedia._meta.get_field("file").storage
    public = Submission._meta.get_field("share_image").storage
    private_names = [n for m in media for n in (m.file.name, m.thumbnail.name, m.poster.name)]
    public_names = [locked.cover.name, locked.share_image.name]
    audit_record(
        actor=actor, verb="submission.deleted", obj=locked, unit=locked.unit,
        data={"title": locked.title, "kind": locked.kind, "status": locked.status},
    )
    locked.delete()
    _delete_on_commit(private, private_names)
    _delete_on_commit(public, public_names)


# --- Review -----------------------------------------------------------------------------------


def _author_message(submission, decision, *, level, to_unit=None, reason=""):
    values = {"title": submission.title, "unit": level.name, "to": getattr(to_unit, "name", "")}
    if decision == Decision.PUBLISH:
        title = _("Bài “%(title)s” đã được duyệt đăng") % values
        body = _("%(unit)s đã duyệt đăng bài của bạn.") % values
    elif decision == Decision.FORWARD:
        title = _("Bài “%(title)s” đã được chuyển lên cấp trên") % values
        body = _("%(unit)s đã duyệt và chuyển bài lên %(to)s.") % values
    elif decision == Decision.REQUEST_CHANGES:
        title = _("Bài “%(title)s” cần chỉnh sửa") % values
        body = _("%(unit)s đề nghị bạn chỉnh sửa bài.") % values
    elif decision == Decision.REJECT:
        title = _("Bài “%(title)s” không được duyệt") % values
        body = _("%(unit)s đã từ chối bài.") % values
    else:  # ANSWER
        title = _("Ý kiến “%(title)s” đã được trả lời") % values
        body = _("%(unit)s đã trả lời ý kiến của bạn:") % values
    if reason:
        label = "" if decision == Decision.ANSWER else _("Lý do: ")
        body = f"{body}\n{label}{reason}"
    return title, body


def submission_decide(*, submission, reviewer, decision, reason=""):
    """One review decision at the item's current level (see ``Submission.allowed_decisions``).

    publish: approved for publication at this level (its public pictures are made now).
    forward: moved to the parent unit's reviewers.
    request_changes / reject: need a reason. answer (aspirations): the reason is the answer.
    Records a ReviewStep and an audit row, and notifies the author with the reason. An item
    approved for publication is handed to the form extensions (``extensions.published``: e.g. it
    becomes the contest entry its author chose). One transaction; the public pictures it wrote are
    deleted again if it fails.
    """
    return _with_cleanup(lambda saved: _decide(submission, reviewer, decision, reason, saved))


def _decide(submission, reviewer, decision, reason, saved):
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("current_unit", "unit", "author")
        .get(pk=submission.pk)
    )
    reason = (reason or "").strip()
    if decision not in locked.allowed_decisions(reviewer):
        raise ServiceError(_("Bạn không thể thực hiện thao tác này với bài này (có thể bài đã được xử lý)."))
    if decision in REASON_REQUIRED and not reason:
        if decision == Decision.ANSWER:
            raise ServiceError(_("Hãy nhập nội dung trả lời."))
        raise ServiceError(_("Hãy ghi rõ lý do để người gửi biết cần làm gì."))
    level = locked.current_unit
    now = timezone.now()
    to_unit = None
    if decision == Decision.PUBLISH:
        locked.status, locked.published_unit, locked.published_at = Status.PUBLISHED, level, now
        _publish_images(locked, saved)
    elif decision == Decision.FORWARD:
        to_unit = level.parent
        locked.current_unit, locked.waiting_since = to_unit, now
    elif decision == Decision.REQUEST_CHANGES:
        locked.status = Status.CHANGES_REQUESTED
    elif decision == Decision.REJECT:
        locked.status = Status.REJECTED
    elif decision == Decision.ANSWER:
        locked.status, locked.answer, locked.answered_at, locked.answered_by = Status.ANSWERED, reason, now, reviewer
    locked.save()
    bump_pending(level.pk, getattr(to_unit, "pk", None))
    if decision == Decision.PUBLISH and locked.campaign_id:
        bump(f"hub:{locked.campaign_id}")  # the hub's "stories" figure
    ReviewStep.objects.create(
        submission=locked, actor=reviewer, unit=level, to_unit=to_unit, decision=decision, reason=reason,
        snapshot={"title": locked.title}, created_at=now,
    )
    audit_record(
        actor=reviewer, verb=f"submission.{decision}", obj=locked, unit=level,
        data={"reason": reason, "to_unit": getattr(to_unit, "pk", None)},
    )
    notify(
        recipients=[locked.author], category=Category.SUBMISSION, url=locked.mine_url(),
        **in_both_languages(lambda: _author_message(locked, decision, level=level, to_unit=to_unit, reason=reason)),
    )
    if decision == Decision.PUBLISH:
        form_extensions.published(submissions=[locked], actor=reviewer)
    if to_unit is not None:
        notify(
            recipients=_reviewers_of(to_unit),
            category=Category.REVIEW,
            url=locked.get_absolute_url(),
            **in_both_languages(lambda: (
                _("Bài chuyển lên chờ duyệt: “%(title)s”") % {"title": locked.title},
                _("%(unit)s đã chuyển bài lên %(to)s.") % {"unit": level.name, "to": to_unit.name},
            )),
        )
    return locked


BULK_DECISIONS = (Decision.PUBLISH, Decision.REJECT)


def submissions_bulk_decide(*, reviewer, ids, decision, reason=""):
    """Publish or reject several pending items at once; returns ``(done, skipped)`` counts.

    Items the reviewer may not take this decision on (outside the subtree, already decided, files
    not processed, aspirations for publish) are skipped. A fixed number of queries whatever the
    count: one UPDATE, one bulk insert of review steps, one bulk update of the public pictures made
    for published items, one audit row listing the items, and one notification per author ("see My
    submissions" with the shared reason); published items then go to the form extensions
    (``extensions.published``, constant queries too). The pictures it wrote are deleted again if
    it fails.
    """
    return _with_cleanup(lambda saved: _bulk_decide(reviewer, ids, decision, reason, saved))


def _bulk_decide(reviewer, ids, decision, reason, saved):
    reason = (reason or "").strip()
    if decision not in BULK_DECISIONS:
        raise ServiceError(_("Thao tác hàng loạt không hợp lệ."))
    if decision == Decision.REJECT and not reason:
        raise ServiceError(_("Hãy ghi rõ lý do từ chối."))
    ids = [int(i) for i in ids][:200]
    items = list(
        Submission.objects.reviewable_by(reviewer)
        .filter(pk__in=ids)
        .select_related("current_unit", "unit", "author")
        .prefetch_related("media")
        .select_for_update(of=("self",))
    )
    chosen = [s for s in items if decision in s.allowed_decisions(reviewer)]
    skipped = len(set(ids)) - len(chosen)
    if not chosen:
        return 0, skipped
    now = timezone.now()
    pks = [s.pk for s in chosen]
    qs = Submission.objects.filter(pk__in=pks, status=Status.PENDING)
    if decision == Decision.PUBLISH:
        done = qs.update(status=Status.PUBLISHED, published_unit=F("current_unit"), published_at=now, updated_at=now)
    else:
        done = qs.update(status=Status.REJECTED, updated_at=now)
    if done != len(pks):
        raise ServiceError(_("Một số bài vừa được người khác xử lý; hãy tải lại trang và thử lại."))
    bump_pending(*{s.current_unit_id for s in chosen})
    if decision == Decision.PUBLISH:
        bump(*{f"hub:{s.campaign_id}" for s in chosen if s.campaign_id})
    if decision == Decision.PUBLISH:
        pictured = [s for s in chosen if _publish_images(s, saved)]
        if pictured:
            Submission.objects.bulk_update(pictured, ["cover", "share_image", "share_source"])
    ReviewStep.objects.bulk_create(
        [
            ReviewStep(submission=s, actor=reviewer, unit=s.current_unit, decision=decision, reason=reason,
                       snapshot={"title": s.title}, created_at=now)
            for s in chosen
        ]
    )
    audit_record(actor=reviewer, verb=f"submission.bulk_{decision}", data={"ids": pks, "reason": reason})

    def message():
        if decision == Decision.PUBLISH:
            return _("Bài gửi của bạn đã được duyệt đăng"), _("Xem kết quả trong mục Bài gửi của tôi.")
        return _("Bài gửi của bạn không được duyệt"), _("Lý do: %(reason)s") % {"reason": reason}

    notify(
        recipients=[s.author for s in chosen], category=Category.SUBMISSION, url=reverse("submission_mine"),
        **in_both_languages(message),
    )
    if decision == Decision.PUBLISH:
        form_extensions.published(submissions=chosen, actor=reviewer)
    return done, skipped


@transaction.atomic
def submission_record_fanpage_post(*, submission, actor, url):
    """HQ records the Fanpage post of an item published at the top; it then shows as on the Fanpage."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related("published_unit", "author").get(
        pk=submission.pk
    )
    if not locked.may_package(actor):
        raise ServiceError(_("Chỉ bài đã được cấp cao nhất duyệt đăng mới ghi nhận được bài Fanpage."))
    url = (url or "").strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not any(host == h or host.endswith("." + h) for h in FANPAGE_HOSTS):
        raise ServiceError(_("Hãy dán đường dẫn bài đăng trên Facebook (facebook.com)."))
    now = timezone.now()
    locked.fanpage_url, locked.fanpage_posted_at = url, now
    locked.save(update_fields=["fanpage_url", "fanpage_posted_at", "updated_at"])
    ReviewStep.objects.create(
        submission=locked, actor=actor, unit=locked.published_unit, decision=Decision.FANPAGE, reason=url, created_at=now
    )
    audit_record(actor=actor, verb="submission.fanpage_posted", obj=locked, unit=locked.published_unit, data={"url": url})
    notify(
        recipients=[locked.author], category=Category.SUBMISSION, url=locked.mine_url(),
        **in_both_languages(lambda: (_("Bài “%(title)s” đã được đăng trên Fanpage") % {"title": locked.title}, url)),
    )
    return locked


# --- Media processing (Celery) ----------------------------------------------------------------


def media_process(*, media_id):
    """Probe a video/audio file and extract a video's poster frame. Idempotent.

    Only a file still ``processing`` is handled; the result is written with a conditional UPDATE,
    so a second run (a retried task) changes nothing and leaves no extra file. A file that cannot
    be read is marked failed, and a pending item goes back to its author with the reason.
    """
    media = _media_claim(media_id)
    if media is None:
        return None
    if media.attempts > settings.MEDIA_PROCESS_MAX_ATTEMPTS:  # its workers died on it again and again
        media_mark_failed(media_id=media.pk, error=_("Không xử lý được tệp này (quá thời gian xử lý)."))
        return SubmissionMedia.State.FAILED
    try:
        with local_copy(media.file) as path:
            result = probe(path, expect=media.kind)
            poster = poster_frame(path, duration=result.duration) if media.kind == "video" else None
    except MediaProbeError as exc:
        media_mark_failed(media_id=media.pk, error=str(exc))
        return SubmissionMedia.State.FAILED
    saved = _Saved()
    fields = {"duration": result.duration, "codecs": result.codecs[:100], "width": result.width, "height": result.height}
    try:
        if poster:
            poster_file = ContentFile(poster, name=safe_name("jpg"))
            media.poster.save(poster_file.name, poster_file, save=False)
            saved.add(media.poster)
            checked = CheckedUpload(kind="image", mime="image/jpeg", extension="jpg", size=len(poster))
            thumb = thumbnail(ContentFile(poster), checked, side=THUMB_SIDE)
            media.thumbnail.save(thumb.name, thumb, save=False)
            saved.add(media.thumbnail)
            fields.update(poster=media.poster.name, thumbnail=media.thumbnail.name)
        with transaction.atomic():
            updated = SubmissionMedia.objects.filter(
                pk=media.pk, status=SubmissionMedia.State.PROCESSING
            ).update(status=SubmissionMedia.State.READY, lease_until=None, **fields)
    except BaseException:
        saved.discard_all()
        raise
    if not updated:
        saved.discard_all()
        return None
    return SubmissionMedia.State.READY


def media_lease():
    return dt.timedelta(seconds=settings.MEDIA_PROCESS_LEASE_SECONDS)


def _media_claim(media_id):
    """Take a ``processing`` file for one run (no lease, or its lease ran out: the worker died).

    A conditional UPDATE with a row-count check, as in ``notifications.outbox.claim``: a duplicate
    task for a file another worker holds finds nothing to claim. Returns the file, or ``None``.
    """
    now = timezone.now()
    taken = (
        SubmissionMedia.objects.filter(pk=media_id, status=SubmissionMedia.State.PROCESSING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + media_lease(), attempts=F("attempts") + 1)
    )
    if taken != 1:
        return None
    return SubmissionMedia.objects.get(pk=media_id)


def media_recover_stuck(*, limit=500):
    """The recovery sweep (beat, every RECOVERY_SWEEP_MINUTES): files left ``processing``.

    A file whose lease ran out (its worker was killed, the message is gone with it) or that no
    worker took within a lease of being queued (the enqueue was lost while the broker was down)
    is sent to a worker again, at most ``MEDIA_PROCESS_MAX_ATTEMPTS`` runs in all; then it is
    marked failed and its author told (``media_mark_failed``), so nothing stays "processing" for
    good and blocks publishing. Returns ``(requeued, failed)``.
    """
    from .tasks import process_media

    now = timezone.now()
    stuck = SubmissionMedia.objects.filter(status=SubmissionMedia.State.PROCESSING).filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, queued_at__lt=now - media_lease())
    )
    requeued = failed = 0
    for pk, attempts in stuck.order_by("pk").values_list("pk", "attempts")[:limit]:
        if attempts >= settings.MEDIA_PROCESS_MAX_ATTEMPTS:
            if media_mark_failed(media_id=pk, error=_("Không xử lý được tệp này sau nhiều lần thử.")):
                failed += 1
            continue
        # Not again at the next sweep while the task waits in the queue (the claim ignores queued_at).
        moved = SubmissionMedia.objects.filter(
            Q(lease_until__lt=now) | Q(lease_until__isnull=True), pk=pk, status=SubmissionMedia.State.PROCESSING,
        ).update(lease_until=None, queued_at=now)
        if moved:
            try:
                process_media.delay(pk)
            except (BrokerError, OSError):  # the broker is still down: the next sweep tries again
                logger.warning("media %s could not be queued; the next sweep retries", pk)
                SubmissionMedia.objects.filter(pk=pk, lease_until__isnull=True).update(queued_at=now - media_lease())
                break
            requeued += 1
    if requeued or failed:
        logger.info("media recovery: %s requeued, %s failed", requeued, failed)
    return requeued, failed


@transaction.atomic
def media_mark_failed(*, media_id, error):
    """Mark a file unreadable; the author is told, and a pending item is returned for changes."""
    updated = SubmissionMedia.objects.filter(pk=media_id, status=SubmissionMedia.State.PROCESSING).update(
        status=SubmissionMedia.State.FAILED, error=error[:255], lease_until=None
    )
    if not updated:
        return False
    media = SubmissionMedia.objects.select_related("submission__author", "submission__current_unit").get(pk=media_id)
    submission = media.submission
    # Conditional: a reviewer's decision taken meanwhile (reject, answer…) is never overwritten.
    returned = Submission.objects.filter(pk=submission.pk, status=Status.PENDING).update(
        status=Status.CHANGES_REQUESTED, updated_at=timezone.now()
    )
    if returned:
        bump_pending(submission.current_unit_id)
        submission.status = Status.CHANGES_REQUESTED
        ReviewStep.objects.create(
            submission=submission, actor=None, unit=submission.current_unit, decision=Decision.MEDIA_FAILED,
            reason=error,
        )
    audit_record(actor=None, verb="submission.media_failed", obj=submission, unit=submission.unit,
                 data={"media": media_id, "error": error})
    notify(
        recipients=[submission.author],
        category=Category.SUBMISSION,
        url=submission.mine_url(),
        **in_both_languages(lambda: (
            _("Tệp trong bài “%(title)s” bị lỗi") % {"title": submission.title},
            _("Tệp “%(name)s” không đọc được: %(error)s Hãy sửa bài và chọn lại tệp.")
            % {"name": media.original_name or _("đính kèm"), "error": error},
        )),
    )
    return True

