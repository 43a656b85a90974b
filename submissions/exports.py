"""Files made from submissions: HQ's Fanpage package (ZIP) and the aspirations synthesis (XLSX).

Both are written to a temporary file on disk (a video may be hundreds of megabytes; the XLSX is
written with XlsxWriter's ``constant_memory``), then streamed to the browser.
"""

import html
import re
import shutil
import tempfile
import zipfile

import nh3
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Kind, Status

KIND_HASHTAGS = {
    Kind.GOOD_DEED: "#NgườiTốtViệcTốt",
    Kind.CREATIVE: "#CáchLàmSángTạo",
    Kind.WORKER_LIFE: "#ĐờiSốngNgườiLaoĐộng",
    Kind.UNION_ACTIVITY: "#HoạtĐộngCôngĐoàn",
}


def hashtags(submission):
    tags = settings.FANPAGE_HASHTAGS.split()
    extra = KIND_HASHTAGS.get(submission.kind)
    if extra and extra not in tags:
        tags.append(extra)
    return " ".join(tags)


def caption(submission):
    """The post text: title, body as plain text, credit, link to the story, hashtags."""
    parts = [submission.title.upper(), _paragraphs(submission.body)]
    parts.append(_("Tác giả: %(author)s — %(unit)s") % {"author": submission.author_display(), "unit": submission.unit.name})
    parts.append(settings.SITE_URL + submission.public_url())
    parts.append(hashtags(submission))
    return "\n\n".join(p for p in parts if p) + "\n"


def _paragraphs(body):
    """Body HTML as plain text, one line per paragraph or list item."""
    text = re.sub(r"(?i)</p>|<br\s*/?>|</li>|</h[23]>|</blockquote>", "\n", body or "")
    text = html.unescape(nh3.clean(text, tags=set()))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def fanpage_package(submission):
    """A temporary ZIP file (open, at position 0): caption.txt and the photos or the video."""
    handle = tempfile.TemporaryFile()
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("caption.txt", caption(submission).encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
        images = [m for m in submission.media.all() if m.kind == "image" and m.is_ready]
        for number, media in enumerate(images, start=1):
            extension = media.file.name.rsplit(".", 1)[-1]
            _copy_into(archive, media.file, f"anh-{number:02d}.{extension}")
        for media in submission.media.all():
            if media.kind in ("video", "audio") and media.is_ready:
                extension = media.file.name.rsplit(".", 1)[-1]
                _copy_into(archive, media.file, f"{media.kind}.{extension}")
                if media.poster:
                    _copy_into(archive, media.poster, "anh-bia-video.jpg")
    handle.seek(0)
    return handle


def _copy_into(archive, fieldfile, name):
    with fieldfile.storage.open(fieldfile.name, "rb") as source, archive.open(name, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, 1024 * 1024)


SYNTHESIS_COLUMNS = [
    (gettext_lazy("STT"), 6),
    (gettext_lazy("Chủ đề"), 24),
    (gettext_lazy("Tiêu đề"), 36),
    (gettext_lazy("Nội dung"), 80),
    (gettext_lazy("Đơn vị"), 36),
    (gettext_lazy("Người gửi"), 24),
    (gettext_lazy("Trạng thái"), 18),
    (gettext_lazy("Ngày gửi"), 12),
    (gettext_lazy("Đang ở cấp"), 36),
    (gettext_lazy("Trả lời"), 60),
]


def aspirations_xlsx(queryset, topic_counts):
    """A temporary XLSX file: a summary by topic, then every aspiration (anonymous ones unnamed).

    Headers, sheet names, statuses and topics are in the active language (the reader's).
    """
    import xlsxwriter

    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open to the caller
    workbook = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    date = workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})

    summary = workbook.add_worksheet(_("Tổng hợp theo chủ đề"))
    summary.write_row(0, 0, [_("Chủ đề"), _("Tiếp nhận"), _("Đang chuyển cấp trên"), _("Đã trả lời")], bold)
    summary.set_column(0, 0, 36)
    summary.set_column(1, 3, 16)
    totals = [0, 0, 0]
    row = 1
    for item in topic_counts:
        values = [item["received"], item["forwarded"], item["answered"]]
        summary.write_row(row, 0, [item["topic"], *values])
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        row += 1
    summary.write_row(row, 0, [_("Tổng cộng"), *totals], bold)

    sheet = workbook.add_worksheet(_("Chi tiết"))
    for col, (title, width) in enumerate(SYNTHESIS_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(0, col, str(title), bold)
    for number, item in enumerate(queryset.iterator(chunk_size=500), start=1):
        if item.anonymous:
            author = _("(Ẩn danh)")
        else:
            author = item.author.get_full_name() or item.author.username
        sheet.write_number(number, 0, number)
        sheet.write_string(number, 1, item.topic.display_name if item.topic_id else "")
        sheet.write_string(number, 2, item.title, wrap)
        sheet.write_string(number, 3, item.excerpt(30000), wrap)
        sheet.write_string(number, 4, item.unit.name, wrap)
        sheet.write_string(number, 5, author)
        sheet.write_string(number, 6, str(item.status_display()))
        if item.submitted_at:
            sheet.write_datetime(number, 7, timezone.localtime(item.submitted_at).replace(tzinfo=None), date)
        sheet.write_string(number, 8, item.current_unit.name if item.status == Status.PENDING else "", wrap)
        sheet.write_string(number, 9, item.answer, wrap)
    sheet.freeze_panes(1, 0)
    workbook.close()
    handle.seek(0)
    return handle
