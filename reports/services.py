"""Writes for reports. Keyword-only, atomic, one audit row each; officers concerned are notified."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from core import counters
from core.errors import ServiceError
from notifications.models import Category
from notifications.services import in_both_languages, notify
from unions.models import Union
from unions.scope import scope_for

from . import indicators as registry
from . import validation
from .access import may_decide, may_file
from .models import (
    FILED,
    REPORT_TEXTS,
    ExportJob,
    Indicator,
    IndicatorSet,
    IndicatorSetVersion,
    ReportPeriod,
    ReportReview,
    ReportStatus,
    ReportValue,
    UnitReport,
)
from .selectors import RATES_TOPIC, computed_topic, last_year_values

User = get_user_model()
logger = logging.getLogger(__name__)


class ReportInvalid(ServiceError):
    """The figures broke a rule: ``errors`` and ``flags`` are ``{code: message}``."""

    def __init__(self, message, *, errors, flags):
        super().__init__(message)
        self.errors, self.flags = errors, flags


def _officers_of(unit):
    if unit is None:
        return []
    return list(User.objects.filter(roles__union=unit, is_active=True).distinct())


def _require_hq(actor):
    if not scope_for(actor).is_admin:
        raise ServiceError(_("Chỉ quản trị viên mới mở và sửa kỳ báo cáo."))


# --- Periods and indicator sets ---------------------------------------------------------------------


@transaction.atomic
def period_open(*, actor, kind, year, title, starts_on, ends_on, due_on, version):
    _require_hq(actor)
    if ends_on < starts_on:
        raise ServiceError(_("Ngày kết thúc kỳ phải sau ngày bắt đầu."), field="ends_on")
    period = ReportPeriod.objects.create(kind=kind, year=year, title=title.strip(), starts_on=starts_on,
                                         ends_on=ends_on, due_on=due_on, version=version, created_by=actor)
    audit_record(actor=actor, verb="report_period.open", obj=period, data={"due_on": due_on.isoformat()})
    return period


@transaction.atomic
def period_edit(*, period, actor, **fields):
    """Change title, dates, due date or open/closed. A new indicator set goes through
    :func:`indicator_set_revise`."""
    _require_hq(actor)
    allowed = {"title", "starts_on", "ends_on", "due_on", "is_open", "kind", "year"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("Không sửa được trường này."))
    for name, value in fields.items():
        setattr(period, name, value)
    if period.ends_on < period.starts_on:
        raise ServiceError(_("Ngày kết thúc kỳ phải sau ngày bắt đầu."), field="ends_on")
    period.save()
    audit_record(actor=actor, verb="report_period.edit", obj=period,
                 data={k: str(v) for k, v in fields.items()})
    return period


@transaction.atomic
def indicator_set_revise(*, period, actor, indicators, rules=None, note=""):
    """Give the period a changed indicator list (``indicators``: dicts of Indicator fields).

    If a report of the period has been filed (or accepted), a new version of the set is made and the
    period moves to it; filed reports keep the version they were filed with, drafts move along
    (values of indicators that remain are kept by code). Otherwise the version is changed in place.
    """
    _require_hq(actor)
    period = ReportPeriod.objects.select_for_update().get(pk=period.pk)
    old = period.version
    filed = UnitReport.objects.filter(version=old, status__in=FILED).exists()
    new_version = filed or old.periods.exclude(pk=period.pk).exists()
    version = _write_version(old, indicators, rules=rules, note=note, new_version=new_version, periods=[period])
    audit_record(actor=actor, verb="indicator_set.revise", obj=period,
                 data={"version": version.number, "new_version": version is not old,
                       "codes": sorted(d["code"] for d in indicators)})
    return version


@transaction.atomic
def indicator_set_edit(*, indicator_set, actor, indicators, note=""):
    """HQ edits a set from the portal: ``indicators`` (dicts with ``code``, ``label``, ``measure`` and,
    for one taken from the catalogue, its other fields) replace the latest version's list, in order.

    The same versioning as :func:`indicator_set_revise`: if a report has been filed with the latest
    version, a new version is made and the open periods using it move to it (their drafts along);
    filed reports and closed periods keep the version they had. Otherwise the latest version is
    changed in place. Raises :class:`ServiceError` (in Vietnamese) on a bad list."""
    _require_hq(actor)
    indicator_set = IndicatorSet.objects.select_for_update().get(pk=indicator_set.pk)
    old = indicator_set.versions.order_by("-number").first()
    if old is None:
        raise ServiceError(_("Bộ chỉ tiêu này chưa có phiên bản nào."))
    indicators = _clean_indicators(indicators)
    current = [(i.code, i.label, i.measure) for i in Indicator.objects.filter(version=old).order_by("position", "id")]
    if current == [(d["code"], d["label"], d["measure"]) for d in indicators]:
        raise ServiceError(_("Không có thay đổi nào để lưu."))
    filed = UnitReport.objects.filter(version=old, status__in=FILED).exists()
    periods = list(ReportPeriod.objects.select_for_update().filter(version=old, is_open=True))
    version = _write_version(old, indicators, rules=None, note=note.strip()[:300], new_version=filed, periods=periods)
    audit_record(actor=actor, verb="indicator_set.edit", obj=indicator_set,
                 data={"version": version.number, "new_version": version is not old,
                       "codes": [d["code"] for d in indicators], "periods": [p.pk for p in periods]})
    return version


def _clean_indicators(indicators):
    from .catalogue import INDICATORS

    catalogue = {row[0]: row for row in INDICATORS}
    measures = set(Indicator.Measure.values)
    out, seen = [], set()
    if not indicators:
        raise ServiceError(_("Bộ chỉ tiêu cần có ít nhất một chỉ tiêu."))
    for data in indicators:
        code = (data.get("code") or "").strip()
        if not code or code in seen:
            raise ServiceError(_("Mã chỉ tiêu «%(code)s» bị trùng hoặc để trống.") % {"code": code})
        seen.add(code)
        label = " ".join((data.get("label") or "").split())
        if not label:
            raise ServiceError(_("Chỉ tiêu «%(code)s» cần có tên.") % {"code": code}, field=f"label_{code}")
        if len(label) > 300:
            raise ServiceError(_("Tên chỉ tiêu «%(code)s» dài tối đa 300 ký tự.") % {"code": code},
                               field=f"label_{code}")
        measure = data.get("measure") or Indicator.Measure.COUNT
        if measure not in measures:
            raise ServiceError(_("Đơn vị tính của «%(label)s» không hợp lệ.") % {"label": label},
                               field=f"measure_{code}")
        row = dict(data, code=code, label=label, measure=measure)
        if code in catalogue and "mode" not in data:
            _c, _l, group, _m, mode, source, allow_negative = catalogue[code]
            row.update(group=group, mode=mode, source=source, allow_negative=allow_negative)
        out.append(row)
    return out


def _write_version(old, indicators, *, rules, note, new_version, periods):
    """Write ``indicators`` into ``old`` (in place) or into a new version of its set that ``periods``
    move to, with their unfiled reports (values kept by indicator code)."""
    rules = old.rules if rules is None else rules
    if new_version:
        number = (IndicatorSetVersion.objects.filter(indicator_set=old.indicator_set)
                  .order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = IndicatorSetVersion.objects.create(indicator_set=old.indicator_set, number=number, rules=rules,
                                                     note=note)
    else:
        version = old
        version.rules, version.note = rules, note or version.note
        version.save()
    keep = {d["code"] for d in indicators}
    if version is old:  # nothing was filed with it: the drafts' figures of removed indicators go too
        removed = Indicator.objects.filter(version=old).exclude(code__in=keep)
        ReportValue.objects.filter(indicator__in=removed).delete()
        removed.delete()
    existing = {i.code: i for i in Indicator.objects.filter(version=version)}
    for position, data in enumerate(indicators):
        ind = existing.get(data["code"]) or Indicator(version=version, code=data["code"])
        for name in ("label", "group", "measure", "mode", "source", "allow_negative"):
            if name in data:
                setattr(ind, name, data[name])
        ind.position = position
        ind.save()
    if version is not old:
        new_by_code = {i.code: i for i in Indicator.objects.filter(version=version)}
        for period in periods:
            period.version = version
            period.save(update_fields=["version"])
            drafts = UnitReport.objects.filter(period=period, version=old).exclude(status__in=FILED)
            for code, ind in new_by_code.items():
                ReportValue.objects.filter(report__in=drafts, indicator__code=code, indicator__version=old).update(
                    indicator=ind)
            ReportValue.objects.filter(report__in=drafts, indicator__version=old).delete()
            drafts.update(version=version)
    return version


# --- Filing ----------------------------------------------------------------------------------------------


_may_file, _may_decide = may_file, may_decide


@transaction.atomic
def report_save(*, unit, period, actor, values, notes, narratives=None, signer_name="", signer_title="",
                document_number="", submit=False):
    """Save the unit's report of ``period`` as a draft, or submit it (``submit=True``).

    ``values`` and ``notes`` are ``{code: text}`` as typed: an entered indicator's figure, or a
    computed one's override (blank keeps the computed figure; an override needs a note). Raises
    :class:`ReportInvalid` with every message, or :class:`ServiceError`; nothing is saved then.
    """
    if not _may_file(actor, unit):
        raise ServiceError(_("Chỉ cán bộ của đơn vị mới lập và nộp báo cáo của đơn vị."))
    if not period.is_open:
        raise ServiceError(_("Kỳ báo cáo đã đóng."))
    # The row first, then its lock: two first saves at once (two officers, two tabs) meet on the
    # unique (unit, period), and the second waits for the first and reads its row instead of
    # failing on the constraint. Refused, the new row goes with the rest of the transaction.
    UnitReport.objects.get_or_create(unit=unit, period=period, defaults={"version": period.version})
    report = UnitReport.objects.select_for_update().get(unit=unit, period=period)
    if not report.can_edit():
        raise ServiceError(_("Báo cáo đã nộp hoặc đã được tiếp nhận, không sửa được."))
    inds = list(Indicator.objects.filter(version=report.version).order_by("position", "id"))
    computed = registry.compute(unit, period, inds)
    errors, parsed = {}, {}
    for ind in inds:
        try:
            parsed[ind.code] = validation.parse_number(values.get(ind.code, ""))
        except validation.NotANumber:
            errors[ind.code] = _("«%(label)s» phải là một con số.") % {"label": ind.display_label}
    for ind in inds:  # typing the computed figure again is no override
        if ind.is_computed and parsed.get(ind.code) is not None and parsed[ind.code] == computed.get(ind.code):
            parsed[ind.code] = None
    clean_notes = {code: (text or "").strip()[:500] for code, text in notes.items()}
    for ind in inds:
        if ind.is_computed and parsed.get(ind.code) is not None and not clean_notes.get(ind.code):
            errors.setdefault(ind.code, _("Điều chỉnh số liệu tự tính «%(label)s» cần ghi chú lý do.") % {
                "label": ind.display_label})
    reported = {ind.code: parsed.get(ind.code) if parsed.get(ind.code) is not None else computed.get(ind.code)
                for ind in inds}
    rule_errors, flags = validation.check(inds, reported, clean_notes, report.version.rules, unit.member_count,
                                          history=last_year_values(unit, period))
    for code, message in rule_errors.items():
        errors.setdefault(code, message)
    if errors or flags:
        raise ReportInvalid(_("Báo cáo chưa lưu được: xem các chỉ tiêu được đánh dấu."), errors=errors, flags=flags)
    if submit:
        missing = [_("người ký") if not signer_name.strip() else None,
                   _("số văn bản") if not document_number.strip() else None]
        missing = [m for m in missing if m]
        if missing:
            raise ServiceError(_("Cần điền %(fields)s trước khi nộp.") % {"fields": ", ".join(missing)})
    report.signer_name, report.signer_title = signer_name.strip()[:120], signer_title.strip()[:120]
    report.document_number = document_number.strip()[:60]
    for name, _label in REPORT_TEXTS:
        setattr(report, name, (narratives or {}).get(name, "").strip())
    resubmit = report.status == ReportStatus.RETURNED
    report.save()
    ReportValue.objects.filter(report=report).delete()
    ReportValue.objects.bulk_create([
        ReportValue(report=report, indicator=ind, computed_value=computed.get(ind.code) if ind.is_computed else None,
                    entered_value=parsed.get(ind.code), note=clean_notes.get(ind.code, ""))
        for ind in inds
    ])
    audit_record(actor=actor, verb="unit_report.save", obj=report, unit=unit)
    counters.bump(computed_topic(unit, period))
    if submit:
        _submit(report, actor, resubmit=resubmit)
    return report


def _submit(report, actor, *, resubmit):
    if not report.can_submit():
        raise ServiceError(_("Báo cáo này không nộp được ở trạng thái hiện tại."))
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.is_late = timezone.localtime(now).date() > report.period.due_on
    report.save(update_fields=["status", "submitted_at", "is_late", "updated_at"])
    decision = ReportReview.Decision.RESUBMIT if resubmit else ReportReview.Decision.SUBMIT
    ReportReview.objects.create(report=report, actor=actor, decision=decision)
    counters.bump_path(RATES_TOPIC, report.unit.path)
    audit_record(actor=actor, verb=f"unit_report.{decision}", obj=report, unit=report.unit,
                 data={"late": report.is_late})
    parent = report.unit.parent
    notify(
        recipients=_officers_of(parent), category=Category.REPORT, url=report_url(report),
        **in_both_languages(lambda: (
            _("%(unit)s đã nộp báo cáo “%(period)s”") % {"unit": report.unit.name, "period": report.period.title},
            _("Báo cáo chờ cấp trên tiếp nhận hoặc trả lại.") if not report.is_late
            else _("Báo cáo nộp muộn, chờ cấp trên tiếp nhận hoặc trả lại."),
        )),
    )


def report_url(report):
    return reverse("report_detail", args=[report.pk])


def _locked(report):
    return UnitReport.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)


@transaction.atomic
def report_return(*, report, actor, reason):
    report = _locked(report)
    if not _may_decide(actor, report):
        raise ServiceError(_("Chỉ cán bộ công đoàn cấp trên mới trả lại báo cáo."))
    if not report.can_decide():
        raise ServiceError(_("Chỉ trả lại được báo cáo đã nộp."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Cần ghi lý do trả lại."), field="reason")
    report.status = ReportStatus.RETURNED
    report.save(update_fields=["status", "updated_at"])
    _decided(report, actor, ReportReview.Decision.RETURN, reason, lambda: (
        _("Báo cáo “%(period)s” bị trả lại") % {"period": report.period.title},
        _("Lý do: %(reason)s") % {"reason": reason},
    ))
    return report


@transaction.atomic
def report_accept(*, report, actor):
    report = _locked(report)
    if not _may_decide(actor, report):
        raise ServiceError(_("Chỉ cán bộ công đoàn cấp trên mới tiếp nhận báo cáo."))
    if not report.can_decide():
        raise ServiceError(_("Chỉ tiếp nhận được báo cáo đã nộp."))
    report.status = ReportStatus.ACCEPTED
    report.accepted_at = timezone.now()
    report.save(update_fields=["status", "accepted_at", "updated_at"])
    _decided(report, actor, ReportReview.Decision.ACCEPT, "", lambda: (
        _("Báo cáo “%(period)s” đã được tiếp nhận") % {"period": report.period.title},
        _("Cấp trên đã tiếp nhận báo cáo của %(unit)s.") % {"unit": report.unit.name},
    ))
    return report


@transaction.atomic
def report_reopen(*, report, actor, reason):
    report = _locked(report)
    if not _may_decide(actor, report):
        raise ServiceError(_("Chỉ cán bộ công đoàn cấp trên mới mở lại báo cáo."))
    if not report.can_reopen():
        raise ServiceError(_("Chỉ mở lại được báo cáo đã tiếp nhận."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Cần ghi lý do mở lại."), field="reason")
    report.status = ReportStatus.RETURNED
    report.accepted_at = None
    report.save(update_fields=["status", "accepted_at", "updated_at"])
    _decided(report, actor, ReportReview.Decision.REOPEN, reason, lambda: (
        _("Báo cáo “%(period)s” được mở lại để sửa") % {"period": report.period.title},
        _("Lý do: %(reason)s") % {"reason": reason},
    ))
    return report


def _decided(report, actor, decision, reason, build):
    counters.bump_path(RATES_TOPIC, report.unit.path)
    ReportReview.objects.create(report=report, actor=actor, decision=decision, reason=reason)
    audit_record(actor=actor, verb=f"unit_report.{decision}", obj=report, unit=report.unit,
                 data={"reason": reason} if reason else None)
    notify(recipients=_officers_of(report.unit), category=Category.REPORT, url=reverse("reports_index")
           + f"?period={report.period_id}&unit={report.unit_id}", **in_both_languages(build))


@transaction.atomic
def report_remind(*, unit, period, actor):
    """"Remind now" from the board: notify the unit's officers that its report is awaited."""
    scope = scope_for(actor)
    if not scope.covers_strictly(unit) and not scope.sees_everything:
        raise ServiceError(_("Chỉ cấp trên mới nhắc đơn vị nộp báo cáo."))
    unit = Union.objects.get(pk=unit.pk)
    notify(
        recipients=_officers_of(unit), category=Category.REMINDER,
        url=reverse("reports_index") + f"?period={period.pk}&unit={unit.pk}",
        **in_both_languages(lambda: (
            _("Nhắc nộp báo cáo “%(period)s”") % {"period": period.title},
            _("Hạn nộp: %(due)s.") % {"due": period.due_on.strftime("%d/%m/%Y")},
        )),
    )
    audit_record(actor=actor, verb="unit_report.remind", obj=period, unit=unit)


# --- Export jobs (large subtrees) ---------------------------------------------------------------


@transaction.atomic
def export_job_start(*, owner, unit, period, fmt):
    """Queue the export of ``unit``'s annual report as a background job, or hand back the same
    export of this owner still queued or running (a second click does not start another)."""
    job = ExportJob.objects.filter(owner=owner, unit=unit, period=period, fmt=fmt,
                                   status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]).first()
    if job is not None:
        return job
    job = ExportJob.objects.create(owner=owner, unit=unit, period=period, fmt=fmt)
    audit_record(actor=owner, verb="report_export.start", obj=job, unit=unit,
                 data={"year": period.year, "format": fmt})
    from .tasks import run_export

    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def export_job_run(*, job_id):
    """Make the file of a queued job in the worker; idempotent.

    The claim (queued → running) is a conditional UPDATE that commits first, so that the page shows
    the job running and a duplicate delivery finds nothing to claim. The export only reads, so it
    runs outside a transaction and records its progress on the row as it goes (a chunk of units at
    a time). The file goes to the private storage; the finish (running → done, the audit row and the
    owner's notification) is one transaction.
    """
    from . import exports

    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    job = ExportJob.objects.select_related("owner", "unit", "period__version").get(pk=job_id)
    try:
        with translation.override(job.owner.language or settings.LANGUAGE_CODE):
            report = exports.AnnualReport(job.unit, job.period)
            total = report.unit_count()
            ExportJob.objects.filter(pk=job_id).update(progress_total=total)

            def progress(done):
                ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(progress_done=min(done, total))

            report.progress = progress
            handle = exports.write_file(report, job.fmt)
            name = exports.filename(job.unit, job.period.year, job.fmt)
            with handle:
                stored = ExportJob._meta.get_field("file").storage.save(f"report-exports/{job.pk}/{name}", File(handle))
    except Exception:
        logger.exception("Report export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now(),
            error=_("Có lỗi khi tạo tệp. Hãy thử lại sau hoặc báo quản trị viên."))
        return None
    return _export_job_finish(job_id=job_id, stored=stored, total=total)


@transaction.atomic
def _export_job_finish(*, job_id, stored, total):
    done = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE, file=stored, progress_done=total, finished_at=timezone.now())
    job = ExportJob.objects.select_related("owner", "unit", "period").get(pk=job_id)
    if not done:  # failed or finished by an overlapping run meanwhile: this file is not needed
        job.file.storage.delete(stored)
        return job
    audit_record(actor=job.owner, verb="report_export.done", obj=job, unit=job.unit, data={"format": job.fmt})
    url = reverse("report_export_job", args=[job.pk])
    notify(recipients=[job.owner], category=Category.REPORT, url=url, email=False, **in_both_languages(lambda: (
        _("Báo cáo năm %(year)s của %(unit)s (%(format)s) đã sẵn sàng để tải") % {
            "year": job.period.year, "unit": job.unit.name, "format": job.get_fmt_display()},
        "",
    )))
    return job
