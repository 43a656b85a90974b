"""Writes of the incidents app. Each public function is one transaction with its audit row inside.

Files arrive already accepted by ``uploads.checks.check_upload`` (in the forms) as
``[(file, CheckedUpload)]`` and go to the PRIVATE storage; photos are re-encoded without their
metadata (a photo of a strike must not carry its author's phone location). Files written by a
transaction that then fails are deleted again.

State changes are conditional ``UPDATE … WHERE status = …`` statements: two officers clicking at
once, or the automatic escalation racing an officer, change the issue once.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.text import fold
from audit.services import audit_record
from core.errors import ServiceError
from core.html import clean_rich_text
from notifications.models import Category
from notifications.services import in_both_languages, notify
from unions.models import Role, Union
from unions.scope import ancestor_paths, scope_for
from uploads.images import clean_image, safe_name

from .models import (
    REASON_REQUIRED,
    HotIssue,
    HotIssueAttachment,
    HotIssueUpdate,
    HotIssueView,
    Misinformation,
    MisinfoStatus,
    Rebuttal,
    RebuttalStatus,
    Status,
    TakedownOutcome,
    TakedownRequest,
    UpdateKind,
)

logger = logging.getLogger(__name__)
NOTIFY_KINDS = (Role.Kind.OFFICER, Role.Kind.ADMIN, Role.Kind.EDITOR)
IMAGE_MAX_SIDE = 2560


# --- files ------------------------------------------------------------------------------------


def _store(files, saved, *, issue, update, actor):
    for uploaded, checked in files:
        row = HotIssueAttachment(issue=issue, update=update, kind=checked.kind, mime=checked.mime,
                                 size=checked.size, uploaded_by=actor,
                                 original_name=(getattr(uploaded, "name", "") or "")[:255])
        if checked.kind == "image":
            cleaned = clean_image(uploaded, checked, max_side=IMAGE_MAX_SIDE)
            row.file.save(cleaned.name, cleaned, save=False)
            row.size = cleaned.size
        else:
            row.file.save(safe_name(checked.extension), uploaded, save=False)
        saved.append((row.file.storage, row.file.name))
        row.save()


def _with_cleanup(work):
    """Run ``work(saved)`` in a transaction; delete the files it wrote if the transaction fails."""
    saved = []
    try:
        with transaction.atomic():
            return work(saved)
    except Exception:
        for storage, name in saved:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete %s after a failed save", name)
        raise


# --- who is told ------------------------------------------------------------------------------


def officers_for(unit):
    """The officers of ``unit``, or of its nearest ancestor that has any — one query."""
    paths = ancestor_paths([unit.path])
    rows = (Role.objects.filter(union__path__in=paths, kind__in=NOTIFY_KINDS)
            .select_related("user", "union").order_by("-union__depth", "user_id"))
    by_depth = {}
    for role in rows:
        if role.user.is_active:
            by_depth.setdefault(role.union.depth, {})[role.user_id] = role.user
    if not by_depth:
        return []
    return list(by_depth[max(by_depth)].values())


def _notify_escalation(issue, new_unit, *, auto):
    def build():
        title = _("Vụ việc nóng chuyển lên: %(title)s") % {"title": issue.title}
        if auto:
            body = _("Vụ việc tại %(employer)s (%(workers)s người lao động) chưa được tiếp nhận đúng hạn nên đã "
                     "tự động chuyển lên %(unit)s.") % {"employer": issue.employer,
                                                        "workers": issue.workers_involved, "unit": new_unit.name}
        else:
            body = _("Vụ việc tại %(employer)s (%(workers)s người lao động) đã được chuyển lên %(unit)s để "
                     "tiếp nhận, xử lý.") % {"employer": issue.employer, "workers": issue.workers_involved,
                                             "unit": new_unit.name}
        return title, body

    notify(recipients=officers_for(new_unit), category=Category.INCIDENT, url=issue.get_absolute_url(),
           **in_both_languages(build))


# --- hot issues -------------------------------------------------------------------------------


def hot_issue_report(*, actor, unit, files=(), **fields):
    """A new hot issue reported by an officer covering ``unit``; assigned to ``unit`` itself."""
    if not scope_for(actor).covers(unit):
        raise ServiceError(_("Bạn không quản lý đơn vị này."), field="unit")

    def work(saved):
        now = timezone.now()
        issue = HotIssue(unit=unit, assigned_unit=unit, reported_by=actor, reported_at=now, **fields)
        issue.ack_due_at = HotIssue.ack_deadline(issue.severity, now)
        issue.full_clean(exclude=["search_text"])
        issue.save()
        update = HotIssueUpdate.objects.create(issue=issue, author=actor, kind=UpdateKind.STATUS,
                                               to_status=Status.REPORTED, to_unit=unit, created_at=now,
                                               body=_("Báo cáo vụ việc."))
        _store(files, saved, issue=issue, update=update, actor=actor)
        audit_record(actor=actor, verb="incidents.hot_issue_report", obj=issue, unit=unit,
                     data={"kind": issue.kind, "severity": issue.severity, "workers": issue.workers_involved})
        return issue

    return _with_cleanup(work)


def hot_issue_add_update(*, issue, actor, body, files=()):
    """A timeline entry (what happened, with photos or documents) by an officer who sees the issue."""
    body = (body or "").strip()
    if not body and not files:
        raise ServiceError(_("Hãy ghi nội dung cập nhật hoặc đính kèm tệp."), field="body")

    def work(saved):
        update = HotIssueUpdate.objects.create(issue=issue, author=actor, kind=UpdateKind.NOTE, body=body)
        _store(files, saved, issue=issue, update=update, actor=actor)
        HotIssue.objects.filter(pk=issue.pk).update(updated_at=timezone.now())
        audit_record(actor=actor, verb="incidents.hot_issue_update", obj=issue, unit=issue.unit,
                     data={"files": len(files)})
        return update

    return _with_cleanup(work)


@transaction.atomic
def hot_issue_transition(*, issue, actor, action, note=""):
    """Acknowledge, start handling, resolve or close ``issue`` (``escalate`` has its own service)."""
    note = (note or "").strip()
    if action == "escalate":
        return hot_issue_escalate(issue=issue, actor=actor, reason=note)
    if action not in issue.allowed_actions(scope_for(actor)):
        raise ServiceError(_("Không thể thực hiện thao tác này với vụ việc ở trạng thái hiện tại."))
    if action in REASON_REQUIRED and not note:
        raise ServiceError(_("Hãy ghi kết quả hoặc lý do."), field="note")
    now = timezone.now()
    old, new = issue.status, issue.target_status(action)
    changes = {"status": new, "updated_at": now}
    if action == "acknowledge":
        changes.update(acknowledged_at=now, acknowledged_by=actor)
    elif action == "resolve":
        changes.update(resolved_at=now, outcome=note)
    elif action == "close":
        changes.update(closed_at=now)
        if not issue.outcome:
            changes["outcome"] = note
    if not HotIssue.objects.filter(pk=issue.pk, status=old, assigned_unit_id=issue.assigned_unit_id).update(**changes):
        raise ServiceError(_("Vụ việc vừa được người khác cập nhật. Hãy tải lại trang."))
    HotIssueUpdate.objects.create(issue=issue, author=actor, kind=UpdateKind.STATUS, body=note,
                                  from_status=old, to_status=new, created_at=now)
    audit_record(actor=actor, verb=f"incidents.hot_issue_{action}", obj=issue, unit=issue.unit,
                 data={"from": old, "to": new})
    issue.refresh_from_db()
    return issue


def _escalate(issue, *, actor, reason, auto, now):
    """Move ``issue`` one level up if it is still where the caller saw it. ``True`` if this call did it."""
    current = issue.assigned_unit
    parent = Union.objects.filter(pk=current.parent_id).first()
    if parent is None:
        raise ServiceError(_("Vụ việc đã ở cấp cao nhất, không thể chuyển lên nữa."))
    guard = {"pk": issue.pk, "assigned_unit_id": current.pk, "status__in": [Status.REPORTED, Status.ACKNOWLEDGED,
                                                                          Status.HANDLING]}
    if auto:
        guard.update(status__in=[Status.REPORTED], ack_due_at__lte=now)
    moved = HotIssue.objects.filter(**guard).update(
        assigned_unit=parent, status=Status.REPORTED, acknowledged_at=None, acknowledged_by=None,
        ack_due_at=HotIssue.ack_deadline(issue.severity, now), escalation_count=F("escalation_count") + 1,
        updated_at=now,
    )
    if not moved:
        return False
    HotIssueUpdate.objects.create(
        issue=issue, author=actor, kind=UpdateKind.AUTO_ESCALATION if auto else UpdateKind.ESCALATION,
        body=reason, from_status=issue.status, to_status=Status.REPORTED, to_unit=parent, created_at=now,
    )
    audit_record(actor=actor, verb="incidents.hot_issue_auto_escalate" if auto else "incidents.hot_issue_escalate",
                 obj=issue, unit=issue.unit, data={"from_unit": current.pk, "to_unit": parent.pk})
    _notify_escalation(issue, parent, auto=auto)
    return True


@transaction.atomic
def hot_issue_escalate(*, issue, actor, reason):
    """An officer of the assigned level sends the issue to the parent union."""
    if "escalate" not in issue.allowed_actions(scope_for(actor)):
        raise ServiceError(_("Không thể chuyển vụ việc này lên cấp trên."))
    if not (reason or "").strip():
        raise ServiceError(_("Hãy ghi lý do chuyển lên cấp trên."), field="note")
    if not _escalate(issue, actor=actor, reason=reason.strip(), auto=False, now=timezone.now()):
        raise ServiceError(_("Vụ việc vừa được người khác cập nhật. Hãy tải lại trang."))
    issue.refresh_from_db()
    return issue


@transaction.atomic
def hot_issue_escalate_overdue(*, issue_id, now=None):
    """Escalate one issue that was not acknowledged in time. Idempotent: a second call (or a
    concurrent one) finds the issue already moved and does nothing. ``True`` if it moved."""
    now = now or timezone.now()
    issue = HotIssue.objects.select_related("assigned_unit", "unit").filter(pk=issue_id).first()
    if issue is None or not issue.is_overdue(now) or issue.assigned_unit.parent_id is None:
        return False
    return _escalate(issue, actor=None, reason="", auto=True, now=now)


def hot_issues_escalate_due(now=None):
    """Every unacknowledged issue past its deadline goes one level up (one transaction each)."""
    now = now or timezone.now()
    ids = list(HotIssue.objects.filter(status=Status.REPORTED, ack_due_at__lte=now,
                                       assigned_unit__parent__isnull=False).values_list("pk", flat=True)[:500])
    return sum(1 for pk in ids if hot_issue_escalate_overdue(issue_id=pk, now=now))


@transaction.atomic
def hot_issue_record_view(*, issue, user):
    """An officer opened the issue: a view row (shown on the page) and an audit row."""
    HotIssueView.objects.create(issue=issue, user=user)
    audit_record(actor=user, verb="incidents.hot_issue_view", obj=issue, unit=issue.unit)


# --- misinformation ---------------------------------------------------------------------------


def misinformation_log(*, actor, unit, source_url, platform, claim, rating, found_at=None, screenshot=None):
    """Log a piece of wrong or toxic information found by an officer covering ``unit``.

    ``screenshot``: ``(file, CheckedUpload)`` of an image, or ``None``.
    """
    if not scope_for(actor).covers(unit):
        raise ServiceError(_("Bạn không quản lý đơn vị này."), field="unit")
    if not (claim or "").strip():
        raise ServiceError(_("Hãy ghi nội dung thông tin sai."), field="claim")

    def work(saved):
        item = Misinformation(unit=unit, source_url=source_url.strip(), platform=platform, claim=claim.strip(),
                              rating=rating, found_at=found_at or timezone.now(), reported_by=actor)
        if screenshot is not None:
            uploaded, checked = screenshot
            cleaned = clean_image(uploaded, checked, max_side=IMAGE_MAX_SIDE)
            item.screenshot.save(cleaned.name, cleaned, save=False)
            saved.append((item.screenshot.storage, item.screenshot.name))
        item.save()
        audit_record(actor=actor, verb="incidents.misinformation_log", obj=item, unit=unit,
                     data={"url": item.normalized_url, "rating": rating})
        return item

    return _with_cleanup(work)


@transaction.atomic
def misinformation_set_status(*, item, actor, status):
    if status not in MisinfoStatus.values:
        raise ServiceError(_("Trạng thái không hợp lệ."), field="status")
    old = item.status
    Misinformation.objects.filter(pk=item.pk).update(status=status)
    item.status = status
    audit_record(actor=actor, verb="incidents.misinformation_status", obj=item, unit=item.unit,
                 data={"from": old, "to": status})
    return item


def _unique_slug(title):
    base = slugify(fold(title))[:100] or "phan-bac"
    slug = base
    while Rebuttal.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijklmnopqrstuvwxyz0123456789')}"
    return slug


@transaction.atomic
def rebuttal_save(*, item, actor, title, summary, body, sources, submit=False):
    """Write (or rewrite) the rebuttal of ``item``; ``submit`` sends it to an editor for approval."""
    rebuttal = Rebuttal.objects.select_for_update().filter(misinformation=item).first()
    if rebuttal is not None and not rebuttal.is_editable:
        raise ServiceError(_("Bài phản bác đang chờ duyệt hoặc đã đăng, không sửa được nữa."))
    links = [line.strip() for line in (sources or "").splitlines() if line.strip()]
    if submit and not links:
        raise ServiceError(_("Hãy dẫn ít nhất một nguồn chính thống trước khi gửi duyệt."), field="sources")
    if rebuttal is None:
        rebuttal = Rebuttal(misinformation=item, author=actor, slug=_unique_slug(title))
    rebuttal.title, rebuttal.summary = title.strip(), summary.strip()
    rebuttal.body, rebuttal.sources = clean_rich_text(body), "\n".join(links)
    rebuttal.status = RebuttalStatus.PENDING if submit else RebuttalStatus.DRAFT
    rebuttal.save()
    audit_record(actor=actor, verb="incidents.rebuttal_submit" if submit else "incidents.rebuttal_save",
                 obj=rebuttal, unit=item.unit)
    if submit:
        editors = [r.user for r in Role.objects.filter(
            union__path__in=ancestor_paths([item.unit.path]), kind__in=(Role.Kind.EDITOR, Role.Kind.ADMIN)
        ).select_related("user")]

        def build():
            return _("Bài phản bác chờ duyệt: %(title)s") % {"title": rebuttal.title}, rebuttal.summary

        notify(recipients=editors, category=Category.INCIDENT, url=item.get_absolute_url(),
               **in_both_languages(build))
    return rebuttal


@transaction.atomic
def rebuttal_decide(*, rebuttal, editor, decision, reason=""):
    """An editor publishes a pending rebuttal (``approve``) or returns it (``return`` with a reason)."""
    if not rebuttal.may_decide(scope_for(editor)):
        raise ServiceError(_("Bạn không có quyền duyệt bài phản bác này."))
    now = timezone.now()
    if decision == "approve":
        changes = {"status": RebuttalStatus.PUBLISHED, "approved_by": editor, "published_at": now,
                   "return_reason": ""}
    elif decision == "return":
        if not (reason or "").strip():
            raise ServiceError(_("Hãy ghi lý do trả lại."), field="reason")
        changes = {"status": RebuttalStatus.RETURNED, "return_reason": reason.strip()}
    else:
        raise ServiceError(_("Quyết định không hợp lệ."))
    if not Rebuttal.objects.filter(pk=rebuttal.pk, status=RebuttalStatus.PENDING).update(**changes, updated_at=now):
        raise ServiceError(_("Bài phản bác vừa được người khác xử lý."))
    rebuttal.refresh_from_db()
    if decision == "approve":
        Misinformation.objects.filter(pk=rebuttal.misinformation_id, status__in=[
            MisinfoStatus.NEW, MisinfoStatus.VERIFYING]).update(status=MisinfoStatus.REBUTTED)
        _rebuttal_share_kit(rebuttal, editor)
    audit_record(actor=editor, verb=f"incidents.rebuttal_{decision}", obj=rebuttal,
                 unit=rebuttal.misinformation.unit, data={"reason": reason or ""})
    return rebuttal


REBUTTAL_SHARE_DAYS = 30


def _rebuttal_share_kit(rebuttal, editor):
    """The published rebuttal as a share kit for the members below its unit (a personal tracked
    link each, on their home page), running for 30 days from publication."""
    from campaigns import services as campaigns_services

    today = timezone.localdate()
    kit = campaigns_services.kit_create(
        actor=editor, audience=rebuttal.misinformation.unit, title=rebuttal.title[:200],
        caption=rebuttal.summary, hashtags="#ThongTinChinhThong #CongDoanVietNam",
        target_url=rebuttal.get_absolute_url(), valid_from=today,
        valid_to=today + dt.timedelta(days=REBUTTAL_SHARE_DAYS),
    )
    rebuttal.share_kit = kit
    rebuttal.save(update_fields=["share_kit"])


@transaction.atomic
def takedown_request(*, item, actor, platform, channel="", reference="", sent_at=None):
    """Record a takedown request sent to a platform; due for an outcome 24 hours later."""
    sent_at = sent_at or timezone.now()
    if sent_at > timezone.now() + dt.timedelta(minutes=5):
        raise ServiceError(_("Thời điểm gửi không được ở tương lai."), field="sent_at")
    takedown = TakedownRequest.objects.create(
        misinformation=item, platform=platform, channel=channel.strip(), reference=reference.strip(),
        sent_at=sent_at, due_at=sent_at + dt.timedelta(hours=TakedownRequest.FOLLOW_UP_HOURS), sent_by=actor,
    )
    Misinformation.objects.filter(pk=item.pk).exclude(status=MisinfoStatus.CLOSED).update(
        status=MisinfoStatus.TAKEDOWN)
    audit_record(actor=actor, verb="incidents.takedown_request", obj=takedown, unit=item.unit,
                 data={"platform": platform})
    return takedown


@transaction.atomic
def takedown_record_outcome(*, takedown, actor, outcome, note=""):
    if outcome not in TakedownOutcome.values or outcome == TakedownOutcome.PENDING:
        raise ServiceError(_("Hãy chọn kết quả."), field="outcome")
    if not TakedownRequest.objects.filter(pk=takedown.pk, outcome=TakedownOutcome.PENDING).update(
            outcome=outcome, outcome_at=timezone.now(), outcome_note=(note or "").strip()):
        raise ServiceError(_("Kết quả của đề nghị này đã được ghi nhận."))
    takedown.refresh_from_db()
    audit_record(actor=actor, verb="incidents.takedown_outcome", obj=takedown,
                 unit=takedown.misinformation.unit, data={"outcome": outcome})
    return takedown
