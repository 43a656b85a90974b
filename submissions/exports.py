"""Files made from submissions: HQ's Fanpage package (ZIP) and the aspirations synthesis (XLSX).

Both are written to a temporary file on disk (a video may be hundreds of megabytes; the XLSX is
rendered by :mod:`core.exporters` in constant memory), then streamed to the browser.
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

from core.exporters import DATE, INT, Column, Exporter, Table

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


class AspirationsExporter(Exporter):
    """The aspirations synthesis: a summary by topic, then every aspiration (anonymous ones unnamed).

    Headers, sheet names, statuses and topics are in the active language (the reader's).
    """

    def __init__(self, queryset, topic_counts):
        self.queryset, self.topic_counts = queryset, topic_counts

    def tables(self):
        yield Table(_("Tổng hợp theo chủ đề"), [
            Column(_("Chủ đề"), width=36), Column(_("Tiếp nhận"), INT, 16),
            Column(_("Đang chuyển cấp trên"), INT, 16), Column(_("Đã trả lời"), INT, 16),
        ], self._summary())
        yield Table(_("Chi tiết"), [
            Column(_("STT"), INT, 6), Column(_("Chủ đề"), width=24), Column(_("Tiêu đề"), width=36),
            Column(_("Nội dung"), width=80), Column(_("Đơn vị"), width=36), Column(_("Người gửi"), width=24),
            Column(_("Trạng thái"), width=18), Column(_("Ngày gửi"), DATE, 12), Column(_("Đang ở cấp"), width=36),
            Column(_("Trả lời"), width=60),
        ], self._details())

    def _summary(self):
        totals = [0, 0, 0]
        for item in self.topic_counts:
            values = [item["received"], item["forwarded"], item["answered"]]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            yield [item["topic"], *values]
        yield [_("Tổng cộng"), *totals]

    def _details(self):
        for number, item in enumerate(self.queryset.iterator(chunk_size=500), start=1):
            if item.anonymous:
                author = _("(Ẩn danh)")
            else:
                author = item.author.get_full_name() or item.author.username
            submitted = timezone.localtime(item.submitted_at).date() if item.submitted_at else None
            yield [
                number, item.topic.display_name if item.topic_id else "", item.title, item.excerpt(30000),
                item.unit.name, author, str(item.status_display()), submitted,
                item.current_unit.name if item.status == Status.PENDING else "", item.answer,
            ]
