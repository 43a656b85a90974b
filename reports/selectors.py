"""Reads for reports: the officer's form, the filing board, reporting rates, roll-ups, charts.

Everything here runs a constant number of queries whatever the size of the tree: boards and
rates are one grouped query over the units joined to their report of the period; roll-ups are one
grouped query over the report values, grouping by a prefix of the materialised unit path.
"""


import hashlib
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.counters import cached_count, subtree_topics
from unions.models import PATH_STEP, Level, Union

from . import indicators as registry
from .models import FILED, Indicator, ReportPeriod, ReportStatus, ReportValue, UnitReport

# Board statuses: the report's own, plus two of the board's.
NOT_STARTED, LATE = "not_started", "late"
BOARD_STATUSES = [
    (NOT_STARTED, gettext_lazy("Chưa bắt đầu")),
    (ReportStatus.DRAFT.value, gettext_lazy("Bản nháp")),
    (ReportStatus.SUBMITTED.value, gettext_lazy("Đã nộp")),
    (ReportStatus.RETURNED.value, gettext_lazy("Bị trả lại")),
    (ReportStatus.ACCEPTED.value, gettext_lazy("Đã tiếp nhận")),
    (LATE, gettext_lazy("Quá hạn, chưa nộp")),
]
REPORTING_LEVELS = (Level.CENTRAL, Level.PROVINCE_SECTOR, Level.UPPER_GRASSROOTS, Level.GRASSROOTS)


# --- Periods and indicators ---------------------------------------------------------------------


def open_periods():
    return ReportPeriod.objects.filter(is_open=True).select_related("version").order_by("-starts_on", "-id")


def all_periods():
    return ReportPeriod.objects.select_related("version").order_by("-starts_on", "-id")


def current_period():
    return open_periods().first() or all_periods().first()


def indicators_of(version):
    return list(Indicator.objects.filter(version=version).order_by("position", "id"))


def previous_period(period):
    """The same kind of period one year earlier (for "same period last year")."""
    return (
        ReportPeriod.objects.filter(kind=period.kind, year=period.year - 1, starts_on__month=period.starts_on.month)
        .order_by("-starts_on").first()
    )


def report_for(unit, period):
    return UnitReport.objects.filter(unit=unit, period=period).select_related("version", "unit", "period").first()


def value_map(report):
    """``{code: ReportValue}`` of a saved report (one query)."""
    if report is None or report.pk is None:
        return {}
    return {v.indicator.code: v for v in ReportValue.objects.filter(report=report).select_related("indicator")}


def last_year_values(unit, period):
    """``{code: Decimal}`` of the unit's filed report of the same period last year (one or two queries)."""
    previous = previous_period(period)
    if previous is None:
        return {}
    rows = (
        ReportValue.objects.filter(report__unit=unit, report__period=previous, report__status__in=FILED)
        .annotate(v=Coalesce("entered_value", "computed_value"))
        .values_list("indicator__code", "v")
    )
    return dict(rows)


def form_rows(unit, period, report, *, data=None):
    """One row per indicator of the report's version: computed (fresh unless filed), entered, note,
    last year's figure. ``data`` (a refused POST) overrides what is shown, so nothing typed is lost."""
    version = report.version if report is not None and report.pk else period.version
    inds = indicators_of(version)
    saved = value_map(report)
    frozen = report is not None and report.pk and not report.can_edit()
    fresh = {} if frozen else computed_values(unit, period, inds)
    last = last_year_values(unit, period)
    rows = []
    for ind in inds:
        v = saved.get(ind.code)
        computed = (v.computed_value if v else None) if frozen else fresh.get(ind.code)
        entered = v.entered_value if v else None
        note = v.note if v else ""
        typed = None
        if data is not None:
            typed = data.get(f"v_{ind.code}", "")
            note = data.get(f"n_{ind.code}", "")
        value = entered if entered is not None else computed
        rows.append({
            "indicator": ind, "computed": computed, "entered": entered, "note": note, "value": value,
            "typed": typed, "last_year": last.get(ind.code), "source": _source_label(ind),
        })
    return rows


COMPUTED_TTL = 300


def computed_values(unit, period, indicators):
    """The computed figures of ``unit``'s report for ``period`` as the form shows them: counted
    over the unit's whole subtree by every app's selectors (a few hundred milliseconds at HQ), so
    kept in the cache for ``COMPUTED_TTL`` seconds, and counted afresh after the unit's report is
    saved (``services.report_save`` always counts afresh what it stores)."""
    codes = ",".join(sorted(i.code for i in indicators if i.is_computed))
    name = f"report-computed:{unit.pk}:{period.pk}:{hashlib.blake2s(codes.encode(), digest_size=6).hexdigest()}"
    return cached_count(name, [computed_topic(unit, period)], lambda: registry.compute(unit, period, indicators),
                        ttl=COMPUTED_TTL)


def computed_topic(unit, period):
    return f"report-computed:{unit.pk}:{period.pk}"


SOURCE_LABELS = {
    "grassroots_total": gettext_lazy("Cây đơn vị: CĐCS còn hiệu lực trong kỳ"),
    "official_shares": gettext_lazy("Bài chia sẻ đã được xác minh"),
    "tracked_clicks": gettext_lazy("Lượt nhấp liên kết chia sẻ cá nhân"),
    "filter_lesson": gettext_lazy("Đoàn viên hoàn thành bài học"),
    "items_upward": gettext_lazy("Bài được duyệt, chuyển cấp trên"),
    "contributors": gettext_lazy("Đoàn viên gửi bài trong kỳ"),
    "good_deeds": gettext_lazy("Bài gương người tốt, việc tốt được duyệt đăng"),
    "creative_practices": gettext_lazy("Bài mô hình hay, cách làm sáng tạo được duyệt đăng"),
    "aspirations_received": gettext_lazy("Tâm tư, nguyện vọng gửi trong kỳ"),
    "aspirations_answered": gettext_lazy("Tâm tư, nguyện vọng đã được trả lời"),
    "contests": gettext_lazy("Bài trắc nghiệm, cuộc thi mở trong kỳ"),
    "contest_participants": gettext_lazy("Đoàn viên đã làm bài trắc nghiệm"),
    "contest_entries": gettext_lazy("Lượt làm bài trắc nghiệm"),
}


def _source_label(indicator):
    return SOURCE_LABELS.get(indicator.source, "") if indicator.is_computed else ""


# --- Filing board ---------------------------------------------------------------------------------


def _with_report(units, period):
    return units.annotate(rep=FilteredRelation("unit_reports", condition=Q(unit_reports__period=period)))


def board_units(parent, period, *, level=None, status="", today=None):
    """The units the board lists: ``parent``'s children, or its descendants of ``level``; each
    annotated with its report of the period and a board status. A queryset: paginate it."""
    today = today or timezone.localdate()
    units = Union.objects.current()
    if level:
        units = units.filter(path__startswith=parent.path, level=level).exclude(pk=parent.pk)
    else:
        units = units.filter(parent=parent)
    units = _with_board_status(units, period, today)
    if status:
        units = units.filter(board_status=status)
    return units.order_by("name", "pk")


def _with_board_status(units, period, today):
    overdue = period.is_overdue(today)
    return _with_report(units, period).annotate(
        report_id=F("rep__id"), report_status=F("rep__status"), submitted_at=F("rep__submitted_at"),
        is_late=F("rep__is_late"),
        board_status=Case(
            When(rep__status__in=FILED, then=F("rep__status")),
            When(rep__id__isnull=True, then=Value(LATE if overdue else NOT_STARTED)),
            default=Value(LATE) if overdue else F("rep__status"),
            output_field=CharField(),
        ),
    )


def subtree_units(unit, period):
    """``unit`` and every unit of its subtree expected to report (current at the period's end, at
    or above the grassroots level), by path, each with its report and board status. A queryset:
    read it a chunk at a time (:func:`in_chunks`)."""
    units = Union.objects.current(on=period.ends_on).filter(
        Q(pk=unit.pk) | Q(path__startswith=unit.path, level__in=REPORTING_LEVELS)
    )
    return _with_board_status(units, period, timezone.localdate()).select_related("parent").order_by("path")


def subtree_units_count(unit, period):
    return Union.objects.current(on=period.ends_on).filter(
        Q(pk=unit.pk) | Q(path__startswith=unit.path, level__in=REPORTING_LEVELS)
    ).count()


def in_chunks(units, size=500, path_of=lambda unit: unit.path):
    """Lists of at most ``size`` rows of a path-ordered queryset of units (instances, or
    ``values_list`` rows with ``path_of`` reading the path), one query each (keyset on the unique
    path): memory stays bounded whatever the size of the subtree."""
    last = ""
    while True:
        chunk = list(units.filter(path__gt=last)[:size])
        if not chunk:
            return
        yield chunk
        last = path_of(chunk[-1])


# The fields of a row of :func:`subtree_unit_rows`, in order.
UNIT_ROW_FIELDS = ("path", "code", "name", "level", "parent__name", "report_id", "report_status", "submitted_at",
                   "is_late", "board_status")


def subtree_unit_rows(unit, period, size=500):
    """The units of :func:`subtree_units` as lists of at most ``size`` plain tuples (fields
    :data:`UNIT_ROW_FIELDS`, the parent's name ``None`` for a root), one query per list (keyset on
    the path): no model instance is built, memory stays bounded."""
    rows = subtree_units(unit, period).values_list(*UNIT_ROW_FIELDS)
    yield from in_chunks(rows, size, path_of=lambda row: row[0])


def filed_value_lists(report_ids, codes):
    """``{report id: [value of each of codes, None if absent]}`` of the given reports, which the
    caller knows are filed (one query; only the values of ``codes`` are read)."""
    index = {code: i for i, code in enumerate(codes)}
    out = {}
    if not report_ids:
        return out
    rows = (
        ReportValue.objects.filter(report_id__in=report_ids, indicator__code__in=codes)
        .annotate(v=Coalesce("entered_value", "computed_value"))
        .values_list("report_id", "indicator__code", "v")
    )
    width = len(codes)
    for report_id, code, value in rows:
        values = out.get(report_id)
        if values is None:
            values = out[report_id] = [None] * width
        values[index[code]] = value
    return out


def filed_reports(unit, period):
    """The filed reports of the unit's subtree for the period, by unit path (read with ``.iterator()``)."""
    return (
        UnitReport.objects.filter(period=period, unit__path__startswith=unit.path, status__in=FILED)
        .select_related("unit").order_by("unit__path")
    )


def annual_period(year):
    """The annual period of ``year`` (the latest one if several), or ``None``."""
    return (
        ReportPeriod.objects.filter(kind=ReportPeriod.Kind.ANNUAL, year=year).select_related("version")
        .order_by("-starts_on", "-id").first()
    )


RATES_TOPIC = "report-status"


def reporting_rates(parent, period):
    """Per level under ``parent``: expected, submitted, on time, accepted. One grouped query over
    the subtree, kept in the cache until a report below ``parent`` is submitted, returned,
    accepted or reopened (``services`` bump the topic), or ten minutes pass (units that merge)."""
    return cached_count(f"report-rates:{parent.pk}:{period.pk}", subtree_topics(RATES_TOPIC, [parent.path]),
                        lambda: _reporting_rates(parent, period))


def _reporting_rates(parent, period):
    units = (
        Union.objects.current()
        .filter(path__startswith=parent.path, level__in=REPORTING_LEVELS)
        .exclude(pk=parent.pk)
    )
    rows = (
        _with_report(units, period)
        .values("level")
        .annotate(
            expected=Count("pk"),
            submitted=Count("pk", filter=Q(rep__status__in=FILED)),
            on_time=Count("pk", filter=Q(rep__status__in=FILED, rep__is_late=False)),
            accepted=Count("pk", filter=Q(rep__status=ReportStatus.ACCEPTED)),
        )
        .order_by("level")
    )
    labels = dict(Level.choices)
    out = []
    for r in rows:
        expected = r["expected"] or 0
        out.append({
            **r, "label": labels.get(r["level"], r["level"]),
            "submitted_rate": _rate(r["submitted"], expected), "on_time_rate": _rate(r["on_time"], expected),
        })
    return out


def _rate(part, whole):
    return Decimal(100 * part) / whole if whole else Decimal(0)


# --- Roll-up ------------------------------------------------------------------------------------


def _statuses(accepted_only):
    return [ReportStatus.ACCEPTED] if accepted_only else list(FILED)


def _values(period, unit, accepted_only):
    return ReportValue.objects.filter(
        report__period=period, report__unit__path__startswith=unit.path, report__status__in=_statuses(accepted_only),
    ).annotate(v=Coalesce("entered_value", "computed_value"))


def rollup(unit, period, *, accepted_only=False):
    """``{code: {"total", "reports"}}``: the values of the filed (or accepted) reports of the unit's
    subtree, the unit's own report included, summed in the database (one grouped query)."""
    rows = (
        _values(period, unit, accepted_only)
        .values("indicator__code")
        .annotate(total=Sum("v"), reports=Count("report", distinct=True))
        .order_by()
    )
    return {r["indicator__code"]: {"total": r["total"] or Decimal(0), "reports": r["reports"]} for r in rows}


def indicator_groups(indicators):
    """The indicators by their group, in the set's order: ``[{"number", "label", "indicators"}]``."""
    groups = []
    for ind in indicators:
        if not groups or groups[-1]["key"] != ind.group:
            groups.append({"key": ind.group, "number": len(groups) + 1,
                           "label": ind.display_group or _("Chỉ tiêu khác"), "indicators": []})
        groups[-1]["indicators"].append(ind)
    return groups


def rollup_by_branch(unit, period, *, accepted_only=False):
    """``{branch path: {code: total}}``: the roll-up of each child branch (and of ``unit``'s own
    report under ``unit.path``), one grouped query over a prefix of the unit path."""
    length = len(unit.path) + PATH_STEP
    rows = (
        _values(period, unit, accepted_only)
        .annotate(branch=Substr("report__unit__path", 1, length))
        .values("branch", "indicator__code")
        .annotate(total=Sum("v"))
        .order_by()
    )
    out = {}
    for r in rows:
        out.setdefault(r["branch"], {})[r["indicator__code"]] = r["total"] or Decimal(0)
    return out


def rollup_by_period(unit, periods, *, accepted_only=False):
    """``{period id: {code: total}}`` over the unit's subtree for several periods (one query)."""
    rows = (
        ReportValue.objects.filter(
            report__period__in=periods, report__unit__path__startswith=unit.path,
            report__status__in=_statuses(accepted_only),
        )
        .annotate(v=Coalesce("entered_value", "computed_value"))
        .values("report__period_id", "indicator__code")
        .annotate(total=Sum("v"))
        .order_by()
    )
    out = {}
    for r in rows:
        out.setdefault(r["report__period_id"], {})[r["indicator__code"]] = r["total"] or Decimal(0)
    return out


# --- Charts ---------------------------------------------------------------------------------------


# Words that every unit name starts with and that tell units apart poorly on a chart label.
_NAME_PREFIXES = ("Công đoàn ", "Tổng Công ty ", "Tổng công ty ", "Công ty ", "Cổ phần ", "TNHH MTV ", "TNHH ",
                  "Tập đoàn ")


def short_name(unit, limit=18):
    """A unit's label on a chart: its short name, else its name without the generic leading words
    ("Công đoàn Tổng Công ty May 10" → "May 10"), cut to ``limit`` characters."""
    name = unit.short_name
    if not name:
        name = unit.name
        stripped = True
        while stripped:
            stripped = False
            for prefix in _NAME_PREFIXES:
                if name.startswith(prefix) and len(name) > len(prefix):
                    name, stripped = name[len(prefix):], True
    return name if len(name) <= limit else name[: limit - 1] + "…"


def bar_chart(items, *, label_w=142, bar_w=190, row_h=22):
    """Geometry of a horizontal SVG bar chart: ``items`` are ``(label, value)``; fixed label size."""
    peak = max([float(v or 0) for _label, v in items] + [1.0])
    rows = []
    for i, (label, value) in enumerate(items):
        width = round(bar_w * float(value or 0) / peak, 1)
        rows.append({
            "label": label, "value": value, "y": i * row_h, "text_y": i * row_h + row_h - 7,
            "x": label_w, "width": width, "bar_h": row_h - 6, "value_x": label_w + width + 4,
        })
    return {"width": label_w + bar_w + 70, "height": max(len(items), 1) * row_h, "rows": rows}


# --- Deadlines ------------------------------------------------------------------------------------


def expected_units(period):
    """Units expected to file: current units at or above the grassroots level, the roots excepted."""
    return Union.objects.current(on=period.due_on).filter(level__in=REPORTING_LEVELS, parent__isnull=False)


def report_deadlines(start, end):
    """Finder of the "report due" deadline: one per unit that has not filed its report of an open
    period whose due date falls in the window (one query for the periods, one for the units)."""
    from notifications.deadlines import Due, date_window, start_of_day

    first, last = date_window(start, end)
    if first > last:
        return
    for period in ReportPeriod.objects.filter(is_open=True, due_on__gte=first, due_on__lte=last):
        filed = UnitReport.objects.filter(period=period, status__in=FILED).values("unit_id")
        units = expected_units(period).exclude(pk__in=filed).values_list("pk", flat=True).order_by("pk")
        url = reverse("reports_index") + f"?period={period.pk}"
        title = _("Nộp báo cáo “%(period)s”") % {"period": period.title}
        for unit_id in units.iterator(chunk_size=1000):
            yield Due(key=f"{period.pk}:{unit_id}:{period.due_on.isoformat()}", unit_id=unit_id,
                      due_at=start_of_day(period.due_on), title=title, url=f"{url}&unit={unit_id}")


def is_late(period, when=None):
    when = when or timezone.now()
    return timezone.localtime(when).date() > period.due_on





# --- Indicator sets (HQ's page) -------------------------------------------------------------------


def indicator_sets_overview():
    """Every set with its versions, newest first; each version with its indicators, the periods using
    it and its number of filed reports (four queries whatever the number of sets and versions)."""
    from django.db.models import Prefetch

    from .models import IndicatorSet, IndicatorSetVersion

    versions = (
        IndicatorSetVersion.objects.annotate(filed_count=Count("reports", filter=Q(reports__status__in=FILED),
                                                               distinct=True))
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id")),
            Prefetch("periods", queryset=ReportPeriod.objects.order_by("-starts_on", "-id")),
        )
        .order_by("-number")
    )
    return list(IndicatorSet.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by("code"))


def latest_version(indicator_set):
    return indicator_set.versions.order_by("-number").first()
