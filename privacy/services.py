"""Writes for personal-data rights: consents, the data export, erasure requests and their handling."""

import datetime as dt
import json
import logging
import zipfile

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError
from notifications.models import Category
from notifications.services import in_both_languages, notify

from . import registry
from .models import ConsentRecord, ErasureRequest

logger = logging.getLogger(__name__)


def consent_record(*, user, purpose, obj=None):
    """Record that ``user`` consented for ``purpose`` under the current privacy notice. Call it inside
    the transaction of the action the consent is given with (the submission, the share proof)."""
    return ConsentRecord.objects.create(
        user=user, purpose=purpose, notice_version=settings.PRIVACY_NOTICE_VERSION,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )


@transaction.atomic
def notice_accept(*, user):
    consent = consent_record(user=user, purpose=ConsentRecord.Purpose.NOTICE)
    audit_record(actor=user, verb="privacy.notice_accepted", obj=consent, data={"version": consent.notice_version})
    return consent


def export_archive(*, user):
    """The user's data as a ZIP: ``du-lieu.json`` (every provider's records) and their files under
    ``tep/``. Built in memory up to a few MB, then on disk (a spooled file); returns the file,
    positioned at its start. Reading only: the download is audited by the view's service call."""
    import tempfile

    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    data = {"exported_at": timezone.now().isoformat(), "site": settings.SITE_NAME,
            "notice_version": settings.PRIVACY_NOTICE_VERSION}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for provider in registry.providers():
            records, files = provider.export(user)
            data[provider.key] = records
            for path, storage, name in files:
                try:
                    with storage.open(name, "rb") as handle:
                        archive.writestr(f"tep/{path}", handle.read())
                except OSError:
                    logger.warning("export of user %s: file %s is missing", user.pk, name)
        archive.writestr("du-lieu.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
    out.seek(0)
    return out


@transaction.atomic
def export_record(*, user):
    """The audit row of a data download (who downloaded their data, when)."""
    audit_record(actor=user, verb="privacy.exported")


def _unit_of(user):
    from unions.models import Membership

    membership = Membership.objects.active().filter(user=user).select_related("union").order_by("created_at").first()
    return membership.union if membership else None


@transaction.atomic
def erasure_request(*, user, reason=""):
    """The member asks for their data to be erased; their unit's officers are told and have
    ``PRIVACY_ERASURE_DAYS`` to carry it out (a deadline in the reminder engine)."""
    unit = _unit_of(user)
    if unit is None:
        raise ServiceError(_("Tài khoản chưa thuộc công đoàn nào; hãy liên hệ quản trị viên để xoá dữ liệu."))
    now = timezone.now()
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                user=user, unit=unit, requester_name=user.get_full_name(), reason=(reason or "").strip()[:2000],
                requested_at=now,
                due_at=now + dt.timedelta(days=settings.PRIVACY_ERASURE_DAYS),
            )
    except IntegrityError:
        raise ServiceError(_("Bạn đã gửi yêu cầu xoá dữ liệu; yêu cầu đang chờ xử lý.")) from None
    audit_record(actor=user, verb="privacy.erasure_requested", obj=request, unit=unit)
    from unions.models import Role

    officers = [r.user for r in Role.objects.filter(union=unit, kind__in=["officer", "admin"], user__is_active=True)
                .select_related("user")]
    notify(
        recipients=officers, category=Category.ACCOUNT, url=request_url(request),
        **in_both_languages(lambda: (
            _("Yêu cầu xoá dữ liệu cá nhân"),
            _("Một đoàn viên của %(unit)s yêu cầu xoá dữ liệu cá nhân; hạn xử lý %(due)s.")
            % {"unit": unit.name, "due": timezone.localtime(request.due_at).strftime("%d/%m/%Y")},
        )),
    )
    return request


def request_url(request):
    from django.urls import reverse

    return reverse("privacy_request_detail", args=[request.pk])


def _lock_pending(request):
    locked = ErasureRequest.objects.select_for_update().select_related("user", "unit").get(pk=request.pk)
    if not locked.is_pending():
        raise ServiceError(_("Yêu cầu này đã được xử lý."))
    return locked


def erasure_carry_out(*, request, actor):
    """An officer covering the member's unit erases the member's data, now.

    Published items stay, without the author's name; everything else of the member is removed
    (files too, after commit); the account is anonymised and can no longer sign in. An officer's
    own request is refused while they hold roles (those must be handed over first).
    """
    files = []
    with transaction.atomic():
        locked = _lock_pending(request)
        if locked.user_id == actor.pk:
            raise ServiceError(_("Yêu cầu của chính bạn phải do cán bộ khác xử lý."))
        from unions.models import Role

        if Role.objects.filter(user_id=locked.user_id).exists():
            raise ServiceError(_("Người này đang giữ vai trò cán bộ; hãy thu hồi vai trò trước khi xoá dữ liệu."))
        user = locked.user
        for provider in registry.providers():
            if provider.erase is not None:
                files += provider.erase(user) or []
        now = timezone.now()
        ErasureRequest.objects.filter(pk=locked.pk).update(
            status=ErasureRequest.Status.DONE, decided_at=now, decided_by=actor, requester_name="", reason="",
        )
        audit_record(actor=actor, verb="privacy.erased", obj=locked, unit=locked.unit, data={"user": user.pk})

        def delete_files():
            for storage, name in files:
                try:
                    storage.delete(name)
                except OSError:
                    logger.warning("erasure: could not delete %s", name)

        transaction.on_commit(delete_files)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def erasure_decline(*, request, actor, answer):
    """An officer declines with a reason (data the law requires to keep); the member is told."""
    answer = (answer or "").strip()
    if not answer:
        raise ServiceError(_("Hãy ghi rõ lý do không thực hiện để đoàn viên được biết."), field="answer")
    locked = _lock_pending(request)
    locked.status, locked.decided_at, locked.decided_by, locked.answer = (
        ErasureRequest.Status.DECLINED, timezone.now(), actor, answer[:2000])
    locked.save(update_fields=["status", "decided_at", "decided_by", "answer"])
    audit_record(actor=actor, verb="privacy.erasure_declined", obj=locked, unit=locked.unit)
    notify(
        recipients=[locked.user], category=Category.ACCOUNT, url="",
        **in_both_languages(lambda: (_("Yêu cầu xoá dữ liệu chưa được thực hiện"), answer)),
    )
    return locked
