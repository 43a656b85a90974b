"""Video and audio probing with the ffmpeg binary shipped in the imageio-ffmpeg wheel.

``probe(path)`` reads the container (duration, codecs, frame size) and decodes a few seconds, so a
file whose header looks right but whose data is broken (a truncated MP4 has no index) fails here
and not in a viewer's browser. ``poster_frame(path)`` extracts one JPEG frame of a video.
Both raise :class:`MediaProbeError` with a Vietnamese message for the author.

These run in Celery tasks, never in a request: ffmpeg on a 500 MB video takes seconds.
Files on remote storage are copied to a temporary local file first (:func:`local_copy`).
"""

import contextlib
import os
import re
import shutil
import subprocess  # noqa: S404 - runs one known binary with an argument list, never a shell
import tempfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

PROBE_TIMEOUT = 120  # seconds; a healthy 500 MB file is read in a few seconds
DECODE_SECONDS = 5  # how much of the stream is decoded to prove it is readable

_DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_STREAM = re.compile(r"Stream #\d+:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?:\s*(Video|Audio):\s*([A-Za-z0-9_]+)(.*)")
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")


class MediaProbeError(Exception):
    """The file cannot be read as video/audio; ``str(exc)`` is the message for the author."""


@dataclass
class ProbeResult:
    duration: float | None = None
    video_codec: str = ""
    audio_codec: str = ""
    width: int | None = None
    height: int | None = None

    @property
    def codecs(self):
        return ", ".join(c for c in (self.video_codec, self.audio_codec) if c)


def ffmpeg_exe():
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(args, timeout=PROBE_TIMEOUT):
    try:
        return subprocess.run(  # noqa: S603 - fixed binary, argument list, no shell
            [ffmpeg_exe(), "-hide_banner", "-nostdin", *args],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise MediaProbeError(_("Tệp quá lâu để đọc; hãy thử một tệp ngắn hơn hoặc định dạng khác.")) from None


def probe(path, *, expect="video"):
    """Duration and codecs of the file at ``path``; the first seconds are decoded to prove it reads."""
    info = _run(["-i", str(path)])  # exits 1 ("no output file") but prints the streams
    text = info.stderr.decode("utf-8", "replace")
    result = ProbeResult()
    match = _DURATION.search(text)
    if match:
        hours, minutes, seconds = match.groups()
        result.duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    for kind, codec, rest in _STREAM.findall(text):
        if kind == "Video" and not result.video_codec and "attached pic" not in rest:
            result.video_codec = codec
            size = _SIZE.search(rest)
            if size:
                result.width, result.height = int(size.group(1)), int(size.group(2))
        elif kind == "Audio" and not result.audio_codec:
            result.audio_codec = codec
    if expect == "video" and not result.video_codec:
        raise MediaProbeError(_("Không đọc được hình ảnh trong tệp video: tệp bị hỏng hoặc không phải video."))
    if expect == "audio" and not result.audio_codec:
        raise MediaProbeError(_("Không đọc được âm thanh trong tệp: tệp bị hỏng hoặc không phải âm thanh."))
    if not result.duration:
        raise MediaProbeError(_("Không xác định được thời lượng: tệp bị hỏng hoặc chưa tải lên hết."))
    decode = _run(["-v", "error", "-xerror", "-t", str(DECODE_SECONDS), "-i", str(path), "-f", "null", "-"])
    if decode.returncode != 0:
        raise MediaProbeError(_("Tệp bị hỏng: không giải mã được nội dung. Hãy xuất lại tệp và gửi lại."))
    return result


def poster_frame(path, *, duration=None):
    """A JPEG (bytes) of one frame of the video, taken at 1 s (or the middle of a shorter clip)."""
    at = 1.0 if not duration or duration > 2 else max(duration / 2, 0)
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "poster.jpg")
        done = _run(["-v", "error", "-ss", f"{at:.2f}", "-i", str(path), "-frames:v", "1", "-q:v", "3", "-y", out])
        if done.returncode != 0 or not os.path.exists(out) or os.path.getsize(out) == 0:
            raise MediaProbeError(_("Không trích được ảnh đại diện từ video: tệp bị hỏng."))
        with open(out, "rb") as handle:
            return handle.read()


@contextlib.contextmanager
def local_copy(fieldfile):
    """A local filesystem path for a stored file: its own path on disk, or a temporary copy."""
    try:
        path = fieldfile.path
    except (NotImplementedError, AttributeError):
        path = None
    if path and os.path.exists(path):
        yield path
        return
    suffix = os.path.splitext(fieldfile.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        with fieldfile.storage.open(fieldfile.name, "rb") as source:
            shutil.copyfileobj(source, handle, 1024 * 1024)
        handle.flush()
        yield handle.name


def make_clip(path, *, kind="video", seconds=2, size="320x240"):
    """Write a tiny real clip with ffmpeg's test sources (demo data and tests)."""
    if kind == "video":
        args = [
            "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=10",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
        ]
    else:
        args = ["-f", "lavfi", "-i", f"sine=frequency=523:duration={seconds}", "-c:a", "libmp3lame", "-b:a", "64k"]
    done = _run(["-v", "error", *args, "-y", str(path)])
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace"))
    return path
