"""The annual report as a Vietnamese administrative document (Decree 30/2020/NĐ-CP layout), in PDF
(WeasyPrint, ``templates/reports/documents/annual.html``) and DOCX (python-docx).

Both render the same :func:`document` (a plain namespace of texts and rows) on A4 with the Liberation
Serif vendored under ``static/vendor/fonts/`` (Times-metric, every Vietnamese glyph): in the PDF
through ``@font-face`` (WeasyPrint embeds the subset it uses), in the DOCX as the font of every style
and embedded in the file (``word/fonts``, obfuscated as the Office format requires). Page numbers
stand at the top centre from page 2, as the decree asks.

Layout: issuing union under its parent and "Số: …/BC-…" on the left, the national motto and slogan
with place and date on the right; "BÁO CÁO" and its subject; part one (filing, the indicators
against last year, the six tasks, the limitations); part two (next year's tasks, the proposals);
"Nơi nhận" and the signer block; an appendix of the child units and their filing status.
"""

import re
import uuid
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .exports import level_label, status_label
from .models import FILED
from .validation import format_number

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
FONT_NAME = "Liberation Serif"
FONT_FILES = {  # (weight, style): file
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
ROOT_PARENT = "Tổng Liên đoàn Lao động Việt Nam"
MINUS = "\u2212"


def vietnamese_date(day):
    """"ngày 07 tháng 12 năm 2026": days below 10 and months below 3 take a leading zero (Decree 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {"day": f"{day.day:02d}", "month": month, "year": day.year}


def symbol(unit):
    """The issuer's abbreviation in a document number: its short name if written as one, else the
    initials of its name ("Công đoàn Công Thương Việt Nam" → "CĐCTVN")."""
    if unit.short_name and re.fullmatch(r"[A-ZĐ0-9]+", unit.short_name):
        return unit.short_name
    return "".join(word if word.isdigit() else word[0].upper() for word in re.findall(r"\w+", unit.name))


def _signed(value, measure):
    if value is None:
        return ""
    text = format_number(abs(value), measure)
    return ("+" + text) if value > 0 else (MINUS + text) if value < 0 else "0"


def document(report, *, today=None):
    """Everything the document shows, as texts and rows (the PDF and the DOCX render it alike)."""
    today = today or timezone.localdate()
    unit, year = report.unit, report.year
    own = report.own_report
    filed_own = own if own and own.status in FILED else None
    parent_name = unit.parent.name if unit.parent_id else ROOT_PARENT
    number = filed_own.document_number if filed_own and filed_own.document_number else ""
    # Without a number of its own, the number is left blank for the office to write in.
    number = number or "\u00a0" * 6 + f"/BC-{symbol(unit)}"
    number_label = _("Số: %(number)s") % {"number": number}

    groups, current = [], None
    for n, row in enumerate(report.summary(), start=1):
        ind = row["indicator"]
        if current is None or current.label != ind.display_group:
            current = SimpleNamespace(label=ind.display_group, rows=[])
            groups.append(current)
        pct = row["change_percent"]
        current.rows.append(SimpleNamespace(
            number=n, label=ind.display_label, total=format_number(row["total"], ind.measure),
            last_year=format_number(row["last_year"], ind.measure) if row["last_year"] is not None else "",
            change=_signed(row["change"], ind.measure),
            change_percent=(_signed(pct, "percent") if pct is not None else ""),
        ))

    filing = report.filing()
    filing_text = _(
        "%(submitted)s/%(expected)s đơn vị trực thuộc đã nộp báo cáo năm %(year)s (%(rate)s), trong đó "
        "%(on_time)s đơn vị nộp đúng hạn; %(accepted)s báo cáo đã được tiếp nhận."
    ) % {"submitted": format_number(filing["submitted"]), "expected": format_number(filing["expected"]),
         "year": year, "rate": format_number(round(filing["rate"], 2), "percent"),
         "on_time": format_number(filing["on_time"]), "accepted": format_number(filing["accepted"])}

    children = []
    for n, child in enumerate(report.child_rows(), start=1):
        submitted = timezone.localtime(child.submitted_at).strftime("%d/%m/%Y") if child.submitted_at else ""
        late = (_("Có") if child.is_late else _("Không")) if child.report_status in FILED else ""
        children.append(SimpleNamespace(number=n, name=child.name, level=level_label(child.level),
                                        status=status_label(child.board_status), submitted_at=submitted, late=late))

    assessment = report.assessment()
    signer_title = (filed_own.signer_title if filed_own else "") or _("Chủ tịch")
    signer_lines = [_("TM. BAN THƯỜNG VỤ")]
    if signer_title.lower().startswith(("phó", "pho")):
        signer_lines.append(_("KT. CHỦ TỊCH"))
    signer_lines.append(signer_title.upper())

    return SimpleNamespace(
        parent_name=parent_name, issuer=unit.name, number_label=number_label,
        motto=_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), slogan=_("Độc lập - Tự do - Hạnh phúc"),
        place_date=f"{settings.REPORT_PLACE}, {vietnamese_date(today)}",
        title=_("BÁO CÁO"),
        subject=_("Kết quả công tác tuyên truyền trên mạng xã hội năm %(year)s và phương hướng, nhiệm vụ năm "
                  "%(next)s") % {"year": year, "next": year + 1},
        opening=_("Thực hiện Công văn số 486/CĐCT-TG ngày 20/9/2018 của Công đoàn Công Thương Việt Nam về việc "
                  "tuyên truyền trên mạng xã hội, %(unit)s báo cáo kết quả thực hiện năm %(year)s của đơn vị và các "
                  "đơn vị trực thuộc như sau:") % {"unit": unit.name, "year": year},
        part_one=_("PHẦN THỨ NHẤT – ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM %(year)s") % {"year": year},
        filing_text=filing_text,
        this_year_label=_("Năm %(year)s") % {"year": year}, last_year_label=_("Năm %(year)s") % {"year": year - 1},
        groups=groups, tasks=report.task_narratives(),
        limitations_title=_("III. HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN"), limitations=assessment["limitations"],
        part_two=_("PHẦN THỨ HAI – PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM %(year)s") % {"year": year + 1},
        next_plan=assessment["next_plan"],
        proposals_title=_("ĐỀ XUẤT, KIẾN NGHỊ"), proposals=assessment["proposals"],
        recipients=[_("- %(parent)s (để báo cáo);") % {"parent": parent_name}, _("- Các đơn vị trực thuộc;"),
                    _("- Lưu: VT, Ban Tuyên giáo.")],
        signer_lines=signer_lines, signer_name=filed_own.signer_name if filed_own else "",
        appendix_title=_("PHỤ LỤC"),
        appendix_subject=_("Tình hình nộp báo cáo năm %(year)s của các đơn vị trực thuộc %(unit)s") % {
            "year": year, "unit": unit.name},
        children=children,
        font_faces=[{"url": (FONT_DIR / name).as_uri(), "weight": w, "style": s} for (w, s), name in FONT_FILES.items()],
    )


# --- PDF --------------------------------------------------------------------------------------


def _weasyprint():
    """WeasyPrint, imported without its side effect: at import it sets Pillow's process-wide
    ``LOAD_TRUNCATED_IMAGES``, which would make every later upload check accept truncated images."""
    from PIL import ImageFile

    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = strict
    return weasyprint


def _fetcher():
    """A URL fetcher that reads the vendored fonts and nothing else (no network, no other file)."""
    URLFetcher = _weasyprint().URLFetcher  # noqa: N806

    allowed = {(FONT_DIR / name).as_uri() for name in FONT_FILES.values()}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"not fetched: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=["file"])


def write_pdf(report, target, *, today=None):
    """Render the PDF into ``target`` (a path or a binary file)."""
    HTML = _weasyprint().HTML  # noqa: N806

    html = render_to_string("reports/documents/annual.html", {"doc": document(report, today=today)})
    HTML(string=html, url_fetcher=_fetcher()).write_pdf(target)


# --- DOCX -------------------------------------------------------------------------------------


def write_docx(report, target, *, today=None):
    """Render the DOCX into ``target`` (a path or a binary file)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt

    doc = document(report, today=today)
    word = Document()
    _use_font(word)
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])

    def para(text="", *, bold=False, italic=False, align=None, indent=True, size=None, space_after=6, cell=None):
        p = (cell.add_paragraph() if cell is not None else word.add_paragraph())
        if align is not None:
            p.alignment = align
        fmt = p.paragraph_format
        fmt.space_after = Pt(space_after)
        fmt.space_before = Pt(0)
        if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY):
            fmt.first_line_indent = Mm(10)
        if text:
            run = p.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return p

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY

    head = word.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].text = ""
    first = left.paragraphs[0]
    first.alignment = center
    first.add_run(doc.parent_name.upper())
    para(doc.issuer.upper(), bold=True, align=center, space_after=0, cell=left)
    para("———", align=center, space_after=0, cell=left)
    para(doc.number_label, align=center, space_after=0, cell=left)
    r0 = right.paragraphs[0]
    r0.alignment = center
    r0.add_run(doc.motto).bold = True
    para(doc.slogan, bold=True, align=center, space_after=0, cell=right)
    para("———————", align=center, space_after=0, cell=right)
    para(doc.place_date, italic=True, align=center, space_after=0, cell=right)

    para(doc.title, bold=True, align=center, size=14, space_after=0).paragraph_format.space_before = Pt(12)
    para(doc.subject, bold=True, align=center, space_after=12)
    para(doc.opening, align=justify)
    para(doc.part_one, bold=True, align=center)
    para(_("I. TÌNH HÌNH NỘP BÁO CÁO"), bold=True, indent=False)
    para(doc.filing_text, align=justify)
    para(_("II. KẾT QUẢ ĐẠT ĐƯỢC"), bold=True, indent=False)
    para(_("1. Số liệu tổng hợp các chỉ tiêu"), bold=True, italic=True, indent=False)
    headers = [_("STT"), _("Chỉ tiêu"), doc.this_year_label, doc.last_year_label, _("Tăng (+), giảm (−)"),
               _("So với năm trước")]
    rows = []
    for group in doc.groups:
        rows.append(("group", group.label))
        rows.extend(("row", [str(r.number), r.label, r.total, r.last_year, r.change, r.change_percent])
                    for r in group.rows)
    _data_table(word, headers, rows, widths=[10, 70, 22, 22, 22, 19])
    para(_("2. Kết quả thực hiện sáu nhiệm vụ"), bold=True, italic=True, indent=False).paragraph_format.space_before = Pt(6)
    for label, paragraphs in doc.tasks:
        para(str(label), bold=True, indent=False)
        for text in paragraphs:
            para(text, align=justify)
    para(doc.limitations_title, bold=True, indent=False).paragraph_format.space_before = Pt(6)
    for text in doc.limitations:
        para(text, align=justify)
    para(doc.part_two, bold=True, align=center).paragraph_format.space_before = Pt(6)
    for text in doc.next_plan:
        para(text, align=justify)
    if doc.proposals:
        para(doc.proposals_title, bold=True, indent=False)
        for text in doc.proposals:
            para(text, align=justify)

    foot = word.add_table(rows=1, cols=2)
    fl, fr = foot.rows[0].cells
    fl.width, fr.width = Mm(75), Mm(90)
    p = fl.paragraphs[0]
    run = p.add_run(_("Nơi nhận:"))
    run.bold = run.italic = True
    run.font.size = Pt(12)
    for line in doc.recipients:
        para(line, size=11, indent=False, space_after=0, cell=fl)
    fr.paragraphs[0].alignment = center
    fr.paragraphs[0].add_run(doc.signer_lines[0]).bold = True
    for line in doc.signer_lines[1:]:
        para(line, bold=True, align=center, space_after=0, cell=fr)
    for _n in range(3):
        para("", cell=fr, space_after=6)
    para(doc.signer_name, bold=True, align=center, cell=fr)

    para().add_run().add_break(WD_BREAK.PAGE)
    para(doc.appendix_title, bold=True, align=center, space_after=0)
    para(doc.appendix_subject, italic=True, align=center)
    child_rows = [("row", [str(c.number), c.name, c.status, c.submitted_at, c.late]) for c in doc.children]
    if not child_rows:
        child_rows = [("group", _("Không có đơn vị trực thuộc."))]
    _data_table(word, [_("STT"), _("Đơn vị"), _("Trạng thái"), _("Nộp lúc"), _("Nộp muộn")], child_rows,
                widths=[10, 80, 30, 25, 20])
    _embed_fonts(word)
    word.save(target)


def _use_font(word):
    """Liberation Serif 13 pt for every style (ascii, hAnsi, complex script and East Asian alike)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for style in word.styles:
        if not hasattr(style, "font") or style.font is None:
            continue
        style.font.name = FONT_NAME
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT_NAME)
    word.styles["Normal"].font.size = Pt(13)
    # Document defaults too, so that text outside any style uses it.
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT_NAME)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                fonts.attrib.pop(qn(attr), None)


def _page_number(paragraph):
    """A centred PAGE field (the first page's header is left empty: numbers start on page 2)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _data_table(word, headers, rows, *, widths):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = word.add_table(rows=1, cols=len(headers))
    table.style = word.styles["Table Grid"]
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        run.font.size = Pt(11)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)
    for kind, values in rows:
        cells = table.add_row().cells
        if kind == "group":
            merged = cells[0].merge(cells[-1])
            run = merged.paragraphs[0].add_run(str(values))
            run.bold = run.italic = True
            run.font.size = Pt(11)
            continue
        for col, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = Mm(width)
            if col != 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if col != 0 or text.isdigit() else None
            cell.paragraphs[0].add_run(str(text)).font.size = Pt(11)
    return table


def _embed_fonts(word):
    """Embed the four Liberation Serif files (``word/fonts/*.odttf``) so that Word shows the document
    with the same font on a machine that lacks it (ECMA-376 Part 1, §17.8.1: each file's first
    32 bytes XOR-ed with its key GUID)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from lxml import etree

    package_part = word.part
    try:
        fonts_part = package_part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    kinds = {("normal", "normal"): "embedRegular", ("bold", "normal"): "embedBold",
             ("normal", "italic"): "embedItalic", ("bold", "italic"): "embedBoldItalic"}
    refs = []
    for n, ((weight, style), name) in enumerate(FONT_FILES.items(), start=1):
        key = uuid.UUID(int=(0x4C494245 << 96) | n)  # stable: the same document gives the same file
        data = bytearray((FONT_DIR / name).read_bytes())
        key_bytes = bytes.fromhex(key.hex)[::-1]  # the GUID's bytes, least significant first
        for i in range(32):
            data[i] ^= key_bytes[i % 16]
        part = Part(PackURI(f"/word/fonts/font{n}.odttf"), "application/vnd.openxmlformats-officedocument.obfuscatedFont",
                    bytes(data), package_part.package)
        rid = fonts_part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font")
        refs.append((kinds[(weight, style)], rid, "{" + str(key).upper() + "}"))
    xml = "".join(f'<w:{kind} r:id="{rid}" w:fontKey="{k}"/>' for kind, rid, k in refs)
    font = parse_xml(
        f'<w:font {nsdecls("w", "r")} w:name="{FONT_NAME}"><w:charset w:val="00"/><w:family w:val="roman"/>'
        f'<w:pitch w:val="variable"/>{xml}</w:font>'
    )
    table = etree.fromstring(fonts_part.blob)  # noqa: S320 - python-docx's own template
    table.append(font)
    fonts_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings_el = word.settings.element
    embed = parse_xml(f'<w:embedTrueTypeFonts {nsdecls("w")}/>')
    zoom = settings_el.find(qn("w:zoom"))
    if zoom is not None:
        zoom.addnext(embed)
    else:
        settings_el.insert(0, embed)
