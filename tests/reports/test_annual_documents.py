"""The annual report as a Decree 30 document (reports/documents.py): the PDF's text, fonts and pages;
the DOCX opened with python-docx; nothing of another subtree in either."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports import documents, exports

from .helpers import two_years

pytestmark = pytest.mark.django_db


def _get(client, fmt, year=2026):
    response = client.get(reverse("report_annual_export", kwargs={"year": year, "fmt": fmt}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def years(personas, tree):
    return two_years(personas, tree)


def _pdf_text(raw):
    reader = PdfReader(io.BytesIO(raw))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _fonts(reader):
    out = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                else font["/FontDescriptor"]
            descriptor = descriptor.get_object()
            out[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def test_hq_pdf_is_the_decree_30_document_with_embedded_fonts(years, personas, client_for):
    raw = _get(client_for(personas.hq), "pdf")
    assert raw.startswith(b"%PDF")
    reader, text = _pdf_text(raw)
    assert "BÁO CÁO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM" in text  # the issuer, under its parent
    assert "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" in text
    assert "/BC-CĐCTVN" in text and "Nơi nhận:" in text and "TM. BAN THƯỜNG VỤ" in text
    assert "Kết quả công tác tuyên truyền trên mạng xã hội năm 2026" in text
    assert "23.591" in text and "14.321" in text and "+64,73%" in text  # reach against 2025, Vietnamese separators
    assert "Công đoàn Tập đoàn Dệt May Việt Nam" in text  # the appendix: child units and their filing
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all("Liberation-Serif" in name for name in fonts), fonts
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_pdf_page_numbers_start_on_page_two(years, personas, client_for):
    reader, _text = _pdf_text(_get(client_for(personas.hq), "pdf"))
    assert len(reader.pages) >= 2
    lines = [[line.strip() for line in page.extract_text().splitlines()] for page in reader.pages]
    assert "1" not in lines[0]
    assert all(str(n) in page for n, page in enumerate(lines[1:], start=2))


def test_hq_docx_opens_with_python_docx_and_uses_the_vendored_font(years, personas, client_for):
    raw = _get(client_for(personas.hq), "docx")
    word = Document(io.BytesIO(raw))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "BÁO CÁO" in text and "CÔNG ĐOÀN CÔNG THƯƠNG VIỆT NAM" in text and "Nơi nhận:" in text
    assert "23.591" in text and "Công đoàn Tập đoàn Dệt May Việt Nam" in text
    assert word.styles["Normal"].font.name == "Liberation Serif"
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    assert sum(name.startswith("word/fonts/") for name in names) == 4  # embedded


def test_embedded_docx_font_deobfuscates_to_the_vendored_file(years, personas, client_for):
    import re
    import uuid

    archive = zipfile.ZipFile(io.BytesIO(_get(client_for(personas.hq), "docx")))
    table = archive.read("word/fontTable.xml").decode()
    key = re.search(r'embedRegular r:id="(rId\d+)" w:fontKey="\{([0-9A-F-]+)\}"', table)
    rels = archive.read("word/_rels/fontTable.xml.rels").decode()
    target = re.search(rf'Id="{key.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{key.group(1)}"', rels)
    data = bytearray(archive.read("word/" + (target.group(1) or target.group(2))))
    key_bytes = bytes.fromhex(uuid.UUID(key.group(2)).hex)[::-1]
    for i in range(32):
        data[i] ^= key_bytes[i % 16]
    assert bytes(data) == (documents.FONT_DIR / "LiberationSerif-Regular.ttf").read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_sibling_sees_none_of_officers_numbers(years, personas, client_for, fmt):
    raw = _get(client_for(personas.sibling), fmt)
    if fmt == "pdf":
        _reader, text = _pdf_text(raw)
    else:
        word = Document(io.BytesIO(raw))
        text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
            cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "CÔNG ĐOÀN TỔNG CÔNG TY MAY VIỆT TIẾN" in text and "8.642" in text
    assert "12.949" not in text and "May 10" not in text and "Nguyễn Văn Tâm" not in text


def test_document_dates_and_numbers_are_written_the_vietnamese_way(years, tree):
    assert documents.vietnamese_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert documents.vietnamese_date(dt.date(2026, 12, 7)) == "ngày 07 tháng 12 năm 2026"
    _last, current = years
    doc = documents.document(exports.AnnualReport(tree.officer_unit, current), today=dt.date(2026, 12, 7))
    assert doc.number_label == "Số: 15/BC-CĐ"  # the unit's own filed report gives its number and signer
    assert doc.signer_lines == ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert doc.signer_name == "Lê Thị Hồng Nhung"
    assert doc.place_date == "Hà Nội, ngày 07 tháng 12 năm 2026"
    assert doc.tasks[0][1] == ["Tuyên dương anh Nguyễn Văn Tâm, thợ cả tận tâm."]


def _docx_text(raw):
    word = Document(io.BytesIO(raw))
    return "\n".join(p.text for p in word.paragraphs)


def test_without_texts_of_its_own_part_two_and_the_limitations_come_from_the_figures(years, personas, tree,
                                                                                    client_for):
    """HQ filed no report of its own: the limitations say what the figures show (here: one unit
    not filed, one indicator below last year) and part two carries on the letter's tasks."""
    from tests.factories import RoleFactory, UnionFactory, UserFactory

    from .helpers import file_report

    last, _current = years
    shoes = UnionFactory(parent=tree.upper, name="Công đoàn Công ty Giày Thượng Đình")
    last.is_open = True
    last.save()
    shoes_officer = UserFactory(full_name="Vũ Thị Thu Hà")
    RoleFactory(user=shoes_officer, union=shoes, kind="officer")
    file_report(shoes_officer, shoes, last, {"pages": "5"})  # filed for 2025, not for 2026
    last.is_open = False
    last.save()
    reader, text = _pdf_text(_get(client_for(personas.hq), "pdf"))
    assert "III. HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN" in text
    assert "1/4 đơn vị trực thuộc chưa nộp báo cáo năm 2026." in text
    assert "Một số chỉ tiêu giảm so với năm 2025:" in text and "(năm 2025: 12)" in text  # pages: 7 against 12
    assert "PHẦN THỨ HAI – PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in text
    assert "Tiếp tục thực hiện Công văn số 486/CĐCT-TG" in text
    assert "ĐỀ XUẤT, KIẾN NGHỊ" not in text  # nothing proposed: no empty heading
    assert text.index("PHẦN THỨ NHẤT") < text.index("III. HẠN CHẾ") < text.index("PHẦN THỨ HAI") < text.index("Nơi nhận")
    docx = _docx_text(_get(client_for(personas.hq), "docx"))
    assert "PHẦN THỨ HAI – PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in docx and "1/4 đơn vị trực thuộc" in docx


def test_the_units_own_assessment_plan_and_proposals_are_the_documents(years, personas, tree, client_for):
    from reports import services

    from .helpers import SIGNED

    _last, current = years
    services.report_save(
        unit=tree.root, period=current, actor=personas.hq, values={"pages": "3"}, notes={}, submit=True,
        narratives={"limitations": "Nhiều công đoàn cơ sở chưa có trang Zalo.\nCán bộ còn kiêm nhiệm.",
                    "next_plan": "Tập huấn kỹ năng làm video ngắn cho 80 cán bộ.",
                    "proposals": "Đề nghị Tổng Liên đoàn hỗ trợ kinh phí tập huấn."}, **SIGNED)
    for raw in (_pdf_text(_get(client_for(personas.hq), "pdf"))[1], _docx_text(_get(client_for(personas.hq), "docx"))):
        assert "Nhiều công đoàn cơ sở chưa có trang Zalo." in raw and "Cán bộ còn kiêm nhiệm." in raw
        assert "Tập huấn kỹ năng làm video ngắn cho 80 cán bộ." in raw
        assert "Tiếp tục thực hiện Công văn số 486" not in raw  # the unit's plan replaces the standard one
        assert "ĐỀ XUẤT, KIẾN NGHỊ" in raw and "Đề nghị Tổng Liên đoàn hỗ trợ kinh phí tập huấn." in raw
        assert "chưa nộp báo cáo" not in raw
