"""The annual report of a subtree as files: XLSX and CSV here (on :mod:`core.exporters`), PDF and
DOCX in :mod:`reports.documents` — all from one :class:`AnnualReport`.

What the figures are: the roll-up of the *filed* (submitted or accepted) reports of the subtree,
the unit's own report included (``selectors.rollup``), beside the same period of the year before.
The per-unit sheet shows each unit's own filed figures, so its columns add up to the summary;
units that have not filed show their status and no figures.

Memory stays bounded: units are read a chunk at a time (keyset on the path) with one query for
the chunk's values; narratives are read with ``.iterator()``.
"""

from decimal import Decimal

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _

from core.exporters import DATETIME, DECIMAL, INT, PERCENT, TEXT, Column, Exporter, Table
from unions.models import Level

from . import selectors
from .models import ASSESSMENT, FILED, NARRATIVES, REPORT_TEXTS
from .validation import format_number

CHUNK = 500

# Which indicators tell each of the six tasks (for a narrative the unit did not write).
TASK_INDICATORS = {
    "narrative_1": ("good_deeds", "creative_practices"),
    "narrative_2": ("items_posted", "official_shares", "tracked_clicks", "filter_lesson"),
    "narrative_3": ("aspirations_received", "aspirations_answered", "frame_uses"),
    "narrative_4": ("contests", "contest_participants", "contest_entries", "prizes", "prize_value"),
    "narrative_5": ("items_upward", "contributors"),
    "narrative_6": ("hot_issues_found", "hot_issues_resolved", "work_stoppages", "toxic_found", "takedowns",
                    "rebuttals"),
}


def change_percent(value, before):
    """The change against last year in percent (``None`` when last year had nothing)."""
    if before in (None, 0):
        return None
    return round(Decimal(100) * (Decimal(value or 0) - Decimal(before)) / Decimal(before), 2)


class AnnualReport:
    """The data of the annual report of ``unit``'s subtree for ``period`` (read lazily)."""

    def __init__(self, unit, period):
        self.unit, self.period = unit, period
        self.previous = selectors.previous_period(period)
        self.indicators = selectors.indicators_of(period.version)
        self._totals = self._last = self._own = None
        self.progress = None  # called with the number of units written so far (export jobs)

    @property
    def year(self):
        return self.period.year

    @property
    def totals(self):
        if self._totals is None:
            self._totals = selectors.rollup(self.unit, self.period)
        return self._totals

    @property
    def last_totals(self):
        if self._last is None:
            self._last = selectors.rollup(self.unit, self.previous) if self.previous else {}
        return self._last

    @property
    def own_report(self):
        if self._own is None:
            self._own = selectors.report_for(self.unit, self.period) or False
        return self._own or None

    def summary(self):
        """One dict per indicator: the rolled-up total, last year's, the change and its percent."""
        rows = []
        for ind in self.indicators:
            total = self.totals.get(ind.code, {}).get("total") or Decimal(0)
            before = self.last_totals.get(ind.code, {}).get("total") if self.previous else None
            rows.append({
                "indicator": ind, "total": total, "last_year": before,
                "change": total - before if before is not None else None,
                "change_percent": change_percent(total, before),
                "reports": self.totals.get(ind.code, {}).get("reports", 0),
            })
        return rows

    def filing(self):
        """Filing over the subtree (the unit itself excepted): expected, filed, on time, accepted."""
        rates = selectors.reporting_rates(self.unit, self.period)
        out = {key: sum(r[key] for r in rates) for key in ("expected", "submitted", "on_time", "accepted")}
        out["rate"] = Decimal(100 * out["submitted"]) / out["expected"] if out["expected"] else Decimal(0)
        return out

    def unit_count(self):
        return selectors.subtree_units_count(self.unit, self.period)

    def unit_rows(self):
        """Per unit of the subtree, by path: a tuple of :data:`selectors.UNIT_ROW_FIELDS` (the unit,
        its parent's name, its report and board status) and the list of its filed figures in the
        order of :attr:`indicators` (empty when it has not filed). Two queries per chunk of units."""
        codes = [ind.code for ind in self.indicators]
        status = selectors.UNIT_ROW_FIELDS.index("report_status")
        report_id = selectors.UNIT_ROW_FIELDS.index("report_id")
        done = 0
        for chunk in selectors.subtree_unit_rows(self.unit, self.period, CHUNK):
            values = selectors.filed_value_lists([u[report_id] for u in chunk if u[status] in FILED], codes)
            for unit in chunk:
                yield unit, values.get(unit[report_id], ())
            done += len(chunk)
            if self.progress is not None:
                self.progress(done)

    def child_rows(self):
        """The direct children and their filing status (the document's appendix)."""
        return selectors.board_units(self.unit, self.period)

    def narrative_rows(self):
        """``(unit, label, text)`` of every filed report of the subtree (the six tasks, then the
        assessment and plan), empty texts skipped."""
        for report in selectors.filed_reports(self.unit, self.period).iterator(chunk_size=CHUNK):
            for name, label in REPORT_TEXTS:
                text = getattr(report, name)
                if text.strip():
                    yield report.unit, label, text

    def task_narratives(self):
        """``(label, paragraphs)`` of the six tasks: the unit's own narrative if it wrote one, else a
        paragraph of the task's figures against last year."""
        own = self.own_report if self.own_report and self.own_report.status in FILED else None
        by_code = {row["indicator"].code: row for row in self.summary()}
        out = []
        for name, label in NARRATIVES:
            text = getattr(own, name, "") if own else ""
            if text.strip():
                paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
            else:
                parts = []
                for code in TASK_INDICATORS[name]:
                    row = by_code.get(code)
                    if row is None:
                        continue
                    parts.append(self.figure_sentence(row))
                paragraphs = ["; ".join(parts) + "." if parts else ""]
            out.append((label, paragraphs))
        return out

    def own_paragraphs(self, name):
        """The paragraphs of the unit's own filed report's text ``name`` (none without one)."""
        own = self.own_report if self.own_report and self.own_report.status in FILED else None
        return [p.strip() for p in (getattr(own, name, "") if own else "").splitlines() if p.strip()]

    def assessment(self):
        """``{name: paragraphs}`` of the texts after the six tasks: the unit's own where it wrote
        them; else, for the limitations, what the figures show (the indicators below last year's,
        the child units not filed), and for the plan the tasks of the letter carried on."""
        out = {name: self.own_paragraphs(name) for name, _label in ASSESSMENT}
        if not out["limitations"]:
            fell = [row for row in self.summary() if row["change"] is not None and row["change"] < 0]
            if fell:
                out["limitations"].append(_("Một số chỉ tiêu giảm so với năm %(year)s: %(list)s.") % {
                    "year": self.year - 1, "list": "; ".join(self.figure_sentence(row) for row in fell)})
            filing = self.filing()
            missing = filing["expected"] - filing["submitted"]
            if missing > 0:
                out["limitations"].append(_(
                    "%(missing)s/%(expected)s đơn vị trực thuộc chưa nộp báo cáo năm %(year)s.") % {
                    "missing": format_number(missing), "expected": format_number(filing["expected"]),
                    "year": self.year})
            if not out["limitations"]:
                out["limitations"].append(_(
                    "Không có chỉ tiêu nào giảm so với năm %(year)s; các đơn vị trực thuộc đã nộp đủ báo cáo.")
                    % {"year": self.year - 1})
        if not out["next_plan"]:
            out["next_plan"] = [
                _("Tiếp tục thực hiện Công văn số 486/CĐCT-TG về tuyên truyền trên mạng xã hội; nâng cao chất "
                  "lượng tin, bài trên các trang, nhóm của đơn vị và phát triển đội ngũ cộng tác viên."),
                _("Phát hiện, giới thiệu gương người tốt, việc tốt, mô hình hay, cách làm sáng tạo; chia sẻ kịp "
                  "thời nội dung chính thống của Công đoàn Việt Nam và công đoàn cấp trên."),
                _("Nắm bắt tâm tư, nguyện vọng của đoàn viên, người lao động; phát hiện sớm và phối hợp giải quyết "
                  "các vấn đề nóng trong quan hệ lao động; phản bác kịp thời thông tin xấu, độc."),
            ]
        return out

    def figure_sentence(self, row):
        ind = row["indicator"]
        text = f"{ind.display_label}: {format_number(row['total'], ind.measure)}"
        if row["last_year"] is not None:
            text += " " + _("(năm %(year)s: %(value)s)") % {
                "year": self.year - 1, "value": format_number(row["last_year"], ind.measure)}
        return text


def level_label(level):
    return str(dict(Level.choices).get(level, level))


def status_label(status):
    return str(dict(selectors.BOARD_STATUSES).get(status, status))


class AnnualExporter(Exporter):
    """Three sheets: the summary, one row per unit, the narratives. The CSV is the per-unit rows."""

    def __init__(self, report):
        self.report = report

    def tables(self):
        yield self.summary_table()
        yield self.units_table()
        yield self.narratives_table()

    def csv_table(self):
        return self.units_table()

    def summary_table(self):
        r = self.report
        this, last = str(r.year), str(r.year - 1)
        columns = [
            Column(_("Nhóm"), width=30), Column(_("Chỉ tiêu"), width=56), Column(_("Đơn vị tính"), width=12),
            Column(_("Năm %(year)s") % {"year": this}, INT), Column(_("Năm %(year)s") % {"year": last}, INT),
            Column(_("Tăng (+), giảm (−)"), INT), Column(_("So với năm trước (%)"), PERCENT),
            Column(_("Số báo cáo"), INT, 11),
        ]

        def rows():
            filing = r.filing()
            group = _("Tình hình nộp báo cáo")
            unit_word = _("đơn vị")
            yield [group, _("Đơn vị trực thuộc phải nộp báo cáo"), unit_word, filing["expected"]]
            yield [group, _("Đã nộp"), unit_word, filing["submitted"]]
            yield [group, _("Nộp đúng hạn"), unit_word, filing["on_time"]]
            yield [group, _("Đã tiếp nhận"), unit_word, filing["accepted"]]
            for row in r.summary():
                ind = row["indicator"]
                yield [ind.display_group, ind.display_label, ind.get_measure_display(), row["total"],
                       row["last_year"], row["change"], row["change_percent"], row["reports"]]

        return Table(_("Tổng hợp"), columns, rows())

    def units_table(self):
        r = self.report
        columns = [
            Column(_("Mã đơn vị"), width=14), Column(_("Tên đơn vị"), width=44), Column(_("Cấp"), width=22),
            Column(_("Đơn vị cấp trên"), width=40), Column(_("Trạng thái"), width=18),
            Column(_("Nộp lúc"), DATETIME), Column(_("Nộp muộn"), TEXT, 10),
            *(Column(ind.display_label, DECIMAL if ind.measure == "percent" else INT, 16) for ind in r.indicators),
        ]
        width = len(r.indicators)
        empty = (None,) * width

        def rows():
            # The labels once per export, not once per row.
            levels = {level: str(label) for level, label in Level.choices}
            statuses = {status: str(label) for status, label in selectors.BOARD_STATUSES}
            yes, no = _("Có"), _("Không")
            for (_path, code, name, level, parent_name, _report_id, report_status, submitted_at, is_late,
                 board_status), values in r.unit_rows():
                late = (yes if is_late else no) if report_status in FILED else ""
                yield [code, name, levels[level] if level in levels else str(level), parent_name or "",
                       statuses[board_status] if board_status in statuses else str(board_status), submitted_at,
                       late, *(values or empty)]

        return Table(_("Từng đơn vị"), columns, rows())

    def narratives_table(self):
        columns = [Column(_("Mã đơn vị"), width=14), Column(_("Tên đơn vị"), width=40),
                   Column(_("Nhiệm vụ"), width=40), Column(_("Kết quả thực hiện"), width=100)]
        rows = ([u.code, u.name, str(label), text] for u, label, text in self.report.narrative_rows())
        return Table(_("Thuyết minh"), columns, rows)


FORMATS = ("xlsx", "csv", "pdf", "docx")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def filename(unit, year, fmt):
    return f"bao-cao-nam-{year}-{unit.code.lower()}.{fmt}"


def is_large(report):
    """Whether the export runs as a background job (``ANNUAL_EXPORT_JOB_THRESHOLD`` units)."""
    return report.unit_count() > settings.ANNUAL_EXPORT_JOB_THRESHOLD


def response(report, fmt):
    """The export as an HTTP attachment: CSV streamed, the others written to a temporary file first."""
    from core import exporters

    name = filename(report.unit, report.year, fmt)
    if fmt == "csv":
        return exporters.csv_response(AnnualExporter(report), name)
    if fmt == "xlsx":
        return exporters.xlsx_response(AnnualExporter(report), name)
    return FileResponse(write_file(report, fmt), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])


def write_file(report, fmt, handle=None):
    """The export in a (temporary, unless ``handle`` is given) binary file, at position 0."""
    import tempfile

    from core import exporters

    from . import documents

    handle = handle or tempfile.TemporaryFile()  # noqa: SIM115 - returned open to the caller
    if fmt == "xlsx":
        exporters.write_xlsx(AnnualExporter(report), handle)
    elif fmt == "csv":
        for line in exporters.csv_lines(AnnualExporter(report).csv_table()):
            handle.write(line.encode("utf-8"))
    elif fmt == "pdf":
        documents.write_pdf(report, handle)
    elif fmt == "docx":
        documents.write_docx(report, handle)
    else:
        raise ValueError(fmt)
    handle.seek(0)
    return handle
