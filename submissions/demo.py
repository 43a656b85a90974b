"""Demo submissions for ``seed_demo``: published and pending items of every kind, with real photos
(drawn with Pillow) and a short real video and audio clip made with ffmpeg at seed time."""

import io
import random
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from unions.models import Membership
from uploads.checks import check_upload
from uploads.media import make_clip

from . import services
from .models import AspirationTopic, Kind, Submission, SubmissionMedia

PALETTE = [(179, 19, 27), (0, 94, 140), (32, 120, 60), (214, 140, 20), (90, 60, 140), (20, 110, 120)]

STORIES = [
    (Kind.GOOD_DEED, "Chị Nguyễn Thị Lan dạy nghề miễn phí cho công nhân mới",
     "Mười năm qua, chị Lan ở Xí nghiệp May 2 đã kèm cặp hơn 200 công nhân mới vào nghề.\n\n"
     "Không nhận thù lao, chị chỉ mong mọi người vững tay nghề, có thu nhập ổn định."),
    (Kind.CREATIVE, "Sáng kiến sơ đồ cắt giúp tiết kiệm 5% vải",
     "Tổ cắt của anh Trần Văn Minh đã thiết kế lại sơ đồ giác mẫu trên máy tính.\n\n"
     "Mỗi tháng tiết kiệm khoảng 3.000 mét vải, được công ty khen thưởng."),
    (Kind.WORKER_LIFE, "Bữa cơm ca ấm áp ở Nhà máy Sợi",
     "Công đoàn phối hợp với ban giám đốc nâng suất ăn ca lên 30.000 đồng, thêm món tráng miệng."),
    (Kind.UNION_ACTIVITY, "Ngày hội Đoàn viên năm nay",
     "Hơn 1.500 đoàn viên tham gia các trò chơi dân gian, hội thao và chương trình văn nghệ."),
    (Kind.ARTICLE, "Công đoàn đồng hành cùng người lao động vượt khó",
     "Trong năm, công đoàn cơ sở đã thăm hỏi 320 đoàn viên ốm đau, hỗ trợ 45 gia đình khó khăn."),
    (Kind.PHOTO_SET, "Bộ ảnh: Một ngày trên chuyền may", "Những khoảnh khắc lao động miệt mài trên chuyền may số 5."),
    (Kind.VIDEO, "Video: Nụ cười công nhân Dệt May", "Đoạn phim ngắn về niềm vui lao động."),
    (Kind.AUDIO, "Bài hát: Khúc ca người thợ dệt", "Bản thu âm ca khúc do đội văn nghệ công đoàn thể hiện."),
]

ASPIRATIONS = [
    ("Tiền lương, thu nhập", "Đề nghị điều chỉnh lương tối thiểu vùng sát với mức sống", False),
    ("Điều kiện làm việc, an toàn vệ sinh lao động", "Đề nghị lắp thêm quạt hút ở xưởng nhuộm", True),
    ("Văn kiện Đại hội", "Góp ý dự thảo báo cáo chính trị về chăm lo nhà ở cho công nhân", False),
    ("Hoạt động công đoàn", "Mong công đoàn tổ chức thêm lớp kỹ năng số cho đoàn viên", True),
]


def _picture(rng, title, size=(1280, 720)):
    """A real JPEG: a coloured scene with shapes and the title (no external assets)."""
    from PIL import Image, ImageDraw

    base = rng.choice(PALETTE)
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    width, height = size
    for i in range(0, height, 8):
        shade = tuple(min(255, c + i // 6) for c in base)
        draw.line([(0, i), (width, i)], fill=shade)
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(40, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=6)
    draw.rectangle([40, height - 140, width - 40, height - 40], fill=(255, 255, 255))
    draw.text((70, height - 110), title, fill=base)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _upload(name, data):
    upload = SimpleUploadedFile(name, data)
    return upload, check_upload(upload, kinds=("image", "video", "audio"))


def _finish_media(submission):
    """Probe clips now (the seed must show finished items; the queued task then finds nothing to do)."""
    for pk in SubmissionMedia.objects.filter(submission=submission, status="processing").values_list("pk", flat=True):
        services.media_process(media_id=pk)


def seed(context, stdout=None):
    rng = random.Random(2018)  # noqa: S311 - demo pictures, not security
    users = context["users"]
    member, officer, upper, hq = users["member"], users["officer"], users["upper"], users["hq"]
    may10, viettien = context["officer_unit"], context["sibling_unit"]
    others = list(
        User.objects.filter(memberships__union=may10, memberships__status=Membership.Status.ACTIVE,
                            username__startswith="dv").order_by("username")[:6]
    )
    sibling_members = list(
        User.objects.filter(memberships__union=viettien, username__startswith="dv").order_by("username")[:3]
    )
    from campaigns.models import Campaign

    campaign = Campaign.objects.order_by("pk").first()

    with tempfile.TemporaryDirectory() as folder:
        clips = {
            "video": make_clip(Path(folder) / "demo.mp4", kind="video", seconds=2),
            "audio": make_clip(Path(folder) / "demo.mp3", kind="audio", seconds=2),
        }
        clip_bytes = {kind: Path(path).read_bytes() for kind, path in clips.items()}

    def files_for(kind, title, count=1):
        if kind == Kind.VIDEO:
            return [_upload("video.mp4", clip_bytes["video"])]
        if kind == Kind.AUDIO:
            return [_upload("bai-hat.mp3", clip_bytes["audio"])]
        return [_upload(f"anh-{i}.jpg", _picture(rng, title)) for i in range(count)]

    def create(author, unit, kind, title, body, *, photos=1, anonymous=False):
        item = services.submission_create(
            author=author, unit=unit, kind=kind, title=title, body=body, campaign=campaign,
            consent_publication=True, consent_people=True, anonymous=anonymous,
            files=files_for(kind, title, photos), submit=True,
        )
        _finish_media(item)
        return item

    published = 0
    for index, (kind, title, body) in enumerate(STORIES):
        photos = 4 if kind == Kind.PHOTO_SET else 1
        author = others[index % len(others)] if others else member
        item = create(author, may10, kind, title, body, photos=photos, anonymous=index == 3)
        if index % 2 == 0:  # approved all the way up: HQ publishes (ready for the Fanpage)
            services.submission_decide(submission=item, reviewer=officer, decision="forward")
            services.submission_decide(submission=item, reviewer=upper, decision="forward",
                                       reason="Đề nghị đăng trên Fanpage ngành")
            services.submission_decide(submission=item, reviewer=hq, decision="publish")
            if index == 0:
                services.submission_record_fanpage_post(
                    submission=item, actor=hq, url="https://www.facebook.com/congdoancongthuong/posts/1001"
                )
        else:  # published at grassroots level
            services.submission_decide(submission=item, reviewer=officer, decision="publish")
        published += 1
        # …and one of each kind waiting for review, by the demo member.
        waiting = create(member, may10, kind, f"{title} (bài mới)", body, photos=min(photos, 2))
        if index == 1:
            services.submission_decide(submission=waiting, reviewer=officer, decision="forward")
        if index == 2:
            returned = create(member, may10, kind, f"{title} (cần bổ sung)", body)
            services.submission_decide(submission=returned, reviewer=officer, decision="request_changes",
                                       reason="Đề nghị bổ sung tên và chức danh người trong ảnh.")
    for author in sibling_members[:2]:
        create(author, viettien, Kind.GOOD_DEED, "Gương thợ giỏi Việt Tiến",
               "Anh Phạm Văn Tài đạt danh hiệu thợ giỏi ba năm liền.")

    topics = {t.name: t for t in AspirationTopic.objects.all()}
    for number, (topic, title, anonymous) in enumerate(ASPIRATIONS):
        author = member if number < 2 else (others[number] if len(others) > number else member)
        item = services.submission_create(
            author=author, unit=may10, kind=Kind.ASPIRATION, title=title,
            body=f"{title}. Đây là ý kiến của nhiều đoàn viên trong tổ.", topic=topics.get(topic),
            anonymous=anonymous, submit=True,
        )
        if number == 0:
            services.submission_decide(submission=item, reviewer=officer, decision="forward")
            services.submission_decide(
                submission=item, reviewer=upper, decision="answer",
                reason="Công đoàn ngành đã tổng hợp và kiến nghị lên Tổng Liên đoàn trong báo cáo trình Đại hội.",
            )
        elif number == 1:
            services.submission_decide(submission=item, reviewer=officer, decision="forward")
    if stdout:
        stdout.write(f"Submissions: {Submission.objects.count()} ({published} published stories)")
