"""Report pages: the unit's report and filing board, a report's page, the dashboard, the roll-up."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import once
from core.errors import ServiceError
from unions.access import hq_admin_required, officer_or_404, officer_required
from unions.models import Level

from . import access, exports, selectors, services
from .models import REPORT_TEXTS, ReportPeriod, ReportStatus
from .validation import format_number

BOARD_PAGE = 50
ANNUAL_FORMATS = [
    ("xlsx", gettext_lazy("Bảng tính XLSX")), ("csv", gettext_lazy("CSV")),
    ("pdf", gettext_lazy("Văn bản PDF")), ("docx", gettext_lazy("Văn bản Word DOCX")),
]


def _int(value):
    return int(value) if (value or "").isdigit() else None


def _context_common(request, unit, period):
    return {
        "unit": unit, "period": period, "periods": selectors.all_periods(),
        "filing_units": access.filing_units(request.user), "level_choices": Level.choices,
        "annual_formats": ANNUAL_FORMATS,
    }


@officer_required
def index(request):
    """The unit's report for the (chosen) period and, for units with children, the filing board."""
    period = access.get_period(_int(request.GET.get("period")))
    unit = access.default_unit(request.user, _int(request.GET.get("unit")))
    report = selectors.report_for(unit, period)
    context = _context_common(request, unit, period)
    context.update(_report_context(request, unit, period, report))
    context.update(_board_context(request, unit, period))
    return render(request, "reports/index.html", context)


def _report_context(request, unit, period, report, *, data=None, errors=None, flags=None):
    rows = selectors.form_rows(unit, period, report, data=data)
    for row in rows:
        code = row["indicator"].code
        row["error"] = (errors or {}).get(code, "")
        row["flag"] = (flags or {}).get(code, "")
        measure = row["indicator"].measure
        row["computed_text"] = format_number(row["computed"], measure)
        row["value_text"] = format_number(row["value"], measure)
        row["last_year_text"] = format_number(row["last_year"], measure)
        if row["typed"] is not None:
            row["input"] = row["typed"]
        else:
            row["input"] = format_number(row["entered"], "count") if row["entered"] is not None else ""
    narratives = []
    for name, label in REPORT_TEXTS:
        text = data.get(name, "") if data is not None else (getattr(report, name) if report else "")
        narratives.append({"name": name, "label": label, "text": text})
    fields = {
        name: (data.get(name, "") if data is not None else (getattr(report, name) if report else ""))
        for name in ("signer_name", "signer_title", "document_number")
    }
    editable = (report is None or report.can_edit()) and period.is_open and access.may_file(request.user, unit)
    return {
        "report": report, "rows": rows, "narratives": narratives, "fields": fields, "editable": editable,
        # A refused form keeps its token: corrected and sent again, it still saves once.
        "form_token": once.token_of(request) if data is not None else once.issue(),
        "reviews": list(report.reviews.select_related("actor")) if report is not None else [],
        "may_decide": report is not None and access.may_decide(request.user, report),
    }


def _board_context(request, unit, period):
    if not unit.children.exists():
        return {"board": None}
    level = _int(request.GET.get("level"))
    status = request.GET.get("status", "")
    if status not in dict(selectors.BOARD_STATUSES):
        status = ""
    page = Paginator(selectors.board_units(unit, period, level=level, status=status), BOARD_PAGE).get_page(
        request.GET.get("page"))
    return {
        "board": page, "board_level": level, "board_status": status,
        "board_statuses": selectors.BOARD_STATUSES, "rates": selectors.reporting_rates(unit, period),
    }


@officer_required
@require_POST
def save(request, period_pk, unit_pk):
    """Save the draft, or submit (``action=submit``). A refused form comes back with every value.
    The form's one-time token makes a double submit or a retry save once: the repeat shows the
    report as the first one left it."""
    period = access.get_period(period_pk)
    unit = access.get_unit_for_user(request.user, unit_pk)
    if not access.may_file(request.user, unit):
        return HttpResponseBadRequest(_("Chỉ cán bộ của đơn vị mới lập và nộp báo cáo của đơn vị."))
    report = selectors.report_for(unit, period)
    inds = selectors.indicators_of(report.version if report else period.version)
    values = {i.code: request.POST.get(f"v_{i.code}", "") for i in inds}
    notes = {i.code: request.POST.get(f"n_{i.code}", "") for i in inds}
    submit = request.POST.get("action") == "submit"
    try:
        saved, first = once.create_once(
            user=request.user, token=once.token_of(request), form="unitreport",
            create=lambda: services.report_save(
                unit=unit, period=period, actor=request.user, values=values, notes=notes,
                narratives={name: request.POST.get(name, "") for name, _label in REPORT_TEXTS},
                signer_name=request.POST.get("signer_name", ""), signer_title=request.POST.get("signer_title", ""),
                document_number=request.POST.get("document_number", ""), submit=submit,
            ),
            find=lambda pk: access.get_report_for_user(request.user, pk),
        )
    except services.ReportInvalid as exc:
        return _refused(request, unit, period, report, str(exc), errors=exc.errors, flags=exc.flags)
    except ServiceError as exc:
        return _refused(request, unit, period, report, str(exc))
    if not first:  # a double submit or a retry: the report as the first request left it
        messages.info(request, _("Báo cáo đã được lưu từ lần gửi trước.") if saved.status == ReportStatus.DRAFT
                      else _("Báo cáo đã được nộp từ lần gửi trước."))
    else:
        messages.success(request, _("Đã nộp báo cáo.") if submit else _("Đã lưu bản nháp."))
    return redirect(_index_url(saved.period, saved.unit))


def _index_url(period, unit):
    from django.urls import reverse

    return f"{reverse('reports_index')}?period={period.pk}&unit={unit.pk}"


def _refused(request, unit, period, report, message, *, errors=None, flags=None):
    context = _context_common(request, unit, period)
    context.update(_report_context(request, unit, period, report, data=request.POST, errors=errors, flags=flags))
    context.update({"board": None, "form_error": message})
    return render(request, "reports/index.html", context, status=400)


@officer_required
def detail(request, pk):
    """A report as its reviewers see it, with accept / return / reopen."""
    report = access.get_report_for_user(request.user, pk)
    context = _context_common(request, report.unit, report.period)
    context.update(_report_context(request, report.unit, report.period, report))
    context["editable"] = False
    return render(request, "reports/detail.html", context)


@officer_required
@require_POST
def decide(request, pk, decision):
    report = access.get_report_for_user(request.user, pk)
    if not access.may_decide(request.user, report):
        return HttpResponseBadRequest(_("Chỉ cán bộ công đoàn cấp trên mới quyết định về báo cáo này."))
    reason = request.POST.get("reason", "")
    try:
        if decision == "accept":
            services.report_accept(report=report, actor=request.user)
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        elif decision == "return":
            services.report_return(report=report, actor=request.user, reason=reason)
            messages.success(request, _("Đã trả lại báo cáo."))
        elif decision == "reopen":
            services.report_reopen(report=report, actor=request.user, reason=reason)
            messages.success(request, _("Đã mở lại báo cáo."))
        else:
            return HttpResponseBadRequest()
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("report_detail", pk=report.pk)


@officer_required
@require_POST
def remind(request, period_pk, unit_pk):
    period = access.get_period(period_pk)
    unit = access.get_unit_for_user(request.user, unit_pk)
    try:
        services.report_remind(unit=unit, period=period, actor=request.user)
    except ServiceError as exc:
        return HttpResponseBadRequest(str(exc))
    messages.success(request, _("Đã nhắc %(unit)s nộp báo cáo.") % {"unit": unit.name})
    parent = unit.parent if unit.parent_id else unit
    return redirect(_index_url(period, parent))


def _scope_unit(request):
    pk = _int(request.GET.get("unit"))
    if pk:
        return access.get_unit_for_user(request.user, pk)
    return access.default_unit(request.user)


@officer_required
def dashboard(request):
    """The indicators of one group (``?group=N``, the first by default: the page stays light on a
    phone) by child unit (roll-up of each branch) and over the periods, charts and tables."""
    unit = _scope_unit(request)
    period = access.get_period(_int(request.GET.get("period")))
    accepted_only = request.GET.get("accepted") == "1"
    children = list(unit.children.current().order_by("name")[:30])
    by_branch = selectors.rollup_by_branch(unit, period, accepted_only=accepted_only)
    periods = list(ReportPeriod.objects.order_by("starts_on")[:8])
    by_period = selectors.rollup_by_period(unit, periods, accepted_only=accepted_only)
    groups = selectors.indicator_groups(selectors.indicators_of(period.version))
    chosen = min(max(_int(request.GET.get("group")) or 1, 1), len(groups)) if groups else 0
    inds = groups[chosen - 1]["indicators"] if groups else []
    charts = []
    for ind in inds:
        child_items = [(selectors.short_name(c), by_branch.get(c.path, {}).get(ind.code, 0)) for c in children]
        period_items = [(str(p.year) if p.kind == ReportPeriod.Kind.ANNUAL else p.title[:18],
                         by_period.get(p.pk, {}).get(ind.code, 0)) for p in periods]
        charts.append({
            "indicator": ind,
            "by_child": selectors.bar_chart(child_items),
            "by_child_rows": [(c, label, v, format_number(v, ind.measure))
                              for c, (label, v) in zip(children, child_items, strict=True)],
            "by_period": selectors.bar_chart(period_items),
            "by_period_rows": [(p, format_number(v, ind.measure))
                               for p, (_label, v) in zip(periods, period_items, strict=True)],
        })
    for chart in charts:
        for chart_key in ("by_child", "by_period"):
            for row in chart[chart_key]["rows"]:
                row["value_text"] = format_number(row["value"], chart["indicator"].measure)
    context = _context_common(request, unit, period)
    query = request.GET.copy()
    query.pop("group", None)
    context.update({"charts": charts, "accepted_only": accepted_only, "children": children,
                    "groups": groups, "group": chosen, "query": query.urlencode()})
    return render(request, "reports/dashboard.html", context)


@officer_required
def rollup(request):
    """Totals of a unit over its subtree for a period, accepted reports only or all filed ones."""
    unit = _scope_unit(request)
    period = access.get_period(_int(request.GET.get("period")))
    accepted_only = request.GET.get("accepted") == "1"
    totals = selectors.rollup(unit, period, accepted_only=accepted_only)
    previous = selectors.previous_period(period)
    last = selectors.rollup(unit, previous, accepted_only=accepted_only) if previous else {}
    rows = []
    for ind in selectors.indicators_of(period.version):
        total = totals.get(ind.code, {}).get("total")
        before = last.get(ind.code, {}).get("total")
        rows.append({
            "indicator": ind, "total": format_number(total or 0, ind.measure),
            "last_year": format_number(before, ind.measure) if before is not None else "",
            "change": format_number((total or 0) - before, ind.measure) if before is not None else "",
            "reports": totals.get(ind.code, {}).get("reports", 0),
        })
    online = totals.get("grassroots_online", {}).get("total") or 0
    grassroots = totals.get("grassroots_total", {}).get("total") or 0
    online_text = ""
    if grassroots:
        online_text = _("%(online)s/%(total)s công đoàn cơ sở có trang, nhóm hoặc tài khoản mạng xã hội (%(rate)s)") % {
            "online": format_number(online), "total": format_number(grassroots),
            "rate": format_number(round(100 * online / grassroots, 2), "percent"),
        }
    context = _context_common(request, unit, period)
    context.update({"rows": rows, "accepted_only": accepted_only, "previous": previous, "online_text": online_text,
                    "ancestors": [a for a in unit.ancestors() if request.scope.covers(a)]})
    return render(request, "reports/rollup.html", context)


# --- Indicator sets (HQ) --------------------------------------------------------------------------


@hq_admin_required
def indicator_sets(request):
    """The indicator sets, each version with its indicators, the periods using it and its filed reports."""
    return render(request, "reports/indicator_sets.html", {"sets": selectors.indicator_sets_overview()})


def _measure_choices():
    from .models import Indicator

    return Indicator.Measure.choices


def _catalogue():
    from .catalogue import INDICATORS

    return {code: {"code": code, "label": label, "measure": measure, "mode": mode}
            for code, label, _group, measure, mode, _source, _neg in INDICATORS}


def _current_rows(indicators):
    return [{"code": i.code, "label": i.label, "measure": i.measure, "position": n + 1, "mode": i.mode,
             "data": {"code": i.code, "label": i.label, "measure": i.measure, "group": i.group, "mode": i.mode,
                      "source": i.source, "allow_negative": i.allow_negative}}
            for n, i in enumerate(indicators)]


def _posted_rows(post, indicators):
    """The rows as posted (kept, in the chosen order, and those added from the catalogue), the
    indicator dicts for the service, and the first problem found (``None`` when there is none)."""
    current = {row["code"]: row for row in _current_rows(indicators)}
    catalogue = _catalogue()
    rows, problem = [], None
    codes = [c for c in post.getlist("code") if c in current or c in catalogue]
    for index, code in enumerate(dict.fromkeys(codes)):
        base = current.get(code) or {"code": code, "mode": catalogue[code]["mode"],
                                      "data": {"code": code}}
        raw_position = post.get(f"pos_{code}", "").strip()
        row = {**base, "label": post.get(f"label_{code}", ""), "measure": post.get(f"measure_{code}", ""),
               "position": raw_position, "remove": post.get(f"remove_{code}") == "1", "index": index}
        if not raw_position.isdigit() and problem is None:
            problem = (_("Thứ tự của chỉ tiêu «%(code)s» phải là một số nguyên dương.") % {"code": code},
                       f"pos_{code}")
        rows.append(row)
    for code in post.getlist("add"):
        if code in catalogue and code not in current and code not in codes:
            entry = catalogue[code]
            rows.append({**entry, "position": str(len(rows) + 1000), "remove": False, "index": len(rows),
                         "data": {"code": code}, "added": True})
    rows.sort(key=lambda r: (int(r["position"]) if str(r["position"]).isdigit() else 10 ** 6, r["index"]))
    kept = [r for r in rows if not r["remove"]]
    for n, row in enumerate(kept):
        row["position"] = n + 1 if problem is None else row["position"]
    payload = [{**r["data"], "label": r["label"], "measure": r["measure"]} for r in kept]
    return rows, payload, problem


@hq_admin_required
def indicator_set_edit(request, code):
    """Edit the latest version of a set: labels, units, order; remove indicators or add them from the
    catalogue. Saved through ``services.indicator_set_edit`` (a new version once reports are filed)."""
    from .models import FILED, UnitReport

    indicator_set = access.get_indicator_set(code)
    version = selectors.latest_version(indicator_set)
    if version is None:
        raise Http404
    indicators = selectors.indicators_of(version)
    error, error_field, status = "", "", 200
    if request.method == "POST":
        rows, payload, problem = _posted_rows(request.POST, indicators)
        if problem is not None:
            error, error_field = problem
        else:
            try:
                saved = services.indicator_set_edit(indicator_set=indicator_set, actor=request.user,
                                                    indicators=payload, note=request.POST.get("note", ""))
            except ServiceError as exc:
                error, error_field = str(exc), exc.field or ""
            else:
                if saved.pk != version.pk:
                    messages.success(request, _("Đã lưu thành phiên bản %(n)s. Báo cáo đã nộp vẫn giữ phiên bản cũ.")
                                     % {"n": saved.number})
                else:
                    messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": saved.number})
                return redirect("indicator_sets")
        status = 400
    else:
        rows = _current_rows(indicators)
    in_form = {r["code"] for r in rows}
    context = {
        "indicator_set": indicator_set, "version": version, "rows": rows, "error": error,
        "error_field": error_field, "measures": _measure_choices(),
        "addable": [c for code, c in _catalogue().items() if code not in in_form],
        "filed_count": UnitReport.objects.filter(version=version, status__in=FILED).count(),
        "open_periods": list(version.periods.filter(is_open=True).order_by("-starts_on")),
        "note": request.POST.get("note", "") if request.method == "POST" else "",
    }
    return render(request, "reports/indicator_set_edit.html", context, status=status)
@officer_or_404
def annual_export(request, year, fmt):
    """The annual report of the user's subtree (``?unit=`` one of its units) as XLSX, CSV, PDF or DOCX."""
    unit = _scope_unit(request)
    period = access.get_annual_period(int(year))
    report = exports.AnnualReport(unit, period)
    if exports.is_large(report):
        job = services.export_job_start(owner=request.user, unit=unit, period=period, fmt=fmt)
        return redirect("report_export_job", pk=job.pk)
    return exports.response(report, fmt)


@officer_or_404
def export_job(request, pk):
    """An export job's page: progress while it runs (htmx polls ``?part=progress``), then the link."""
    job = access.get_export_job_for_user(request.user, pk)
    if request.GET.get("part") == "progress":
        return render(request, "reports/_export_progress.html", {"job": job})
    return render(request, "reports/export_job.html", {"job": job})


@officer_or_404
def export_job_download(request, pk):
    """The file of a finished job, to its owner only."""
    from uploads.serving import protected_file_response

    job = access.get_export_job_for_user(request.user, pk)
    if job.status != job.Status.DONE or not job.file:
        from django.http import Http404

        raise Http404
    return protected_file_response(job.file.storage, job.file.name, public=False)
