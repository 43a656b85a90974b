"""Demo submissions for ``seed_demo``: published and pending items of every kind, with illustrated
photos (``demo.pictures``) and a short real video and audio clip made with ffmpeg at seed time.

Items go through the real services (submit, forward, publish, answer…) and their history is then
moved to when it happened: two stories and an aspiration of the Congress XII campaign in 2018, the
rest over the last weeks. Pending items have waited for different times, so the review reminders
fire: one is due tomorrow and one is three days overdue (escalated to the upper-level union).
"""

import datetime
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from campaigns.demo import at
from demo.pictures import SIZE_WIDE, poster
from notifications.models import Notification
from unions.models import Membership
from uploads.checks import check_upload
from uploads.media import make_clip

from . import services
from .models import AspirationTopic, Decision, Kind, ReviewStep, Submission, SubmissionMedia

# (kind, title, body, scenes of its photos, campaign: "tet", "congress" or None)
PUBLISHED = [
    (Kind.GOOD_DEED, "Chị Nguyễn Thị Lan – mười năm kèm nghề miễn phí cho công nhân mới",
     "Mười năm qua, chị Lan ở Xí nghiệp May 2 đã kèm cặp hơn 200 công nhân mới vào nghề.\n\n"
     "Không nhận thù lao, chị chỉ mong mọi người vững tay nghề, có thu nhập ổn định.", ["sewing"], None),
    (Kind.CREATIVE, "Sơ đồ giác mẫu trên máy tính giúp tổ cắt tiết kiệm 5% vải",
     "Tổ cắt của anh Trần Văn Minh đã thiết kế lại sơ đồ giác mẫu trên máy tính.\n\n"
     "Mỗi tháng tiết kiệm khoảng 3.000 mét vải, được Tổng Công ty khen thưởng.", ["cutting"], None),
    (Kind.WORKER_LIFE, "Bữa cơm ca 30.000 đồng ấm lòng công nhân Xí nghiệp May 2",
     "Công đoàn phối hợp với Ban Giám đốc nâng suất ăn ca lên 30.000 đồng, thêm món tráng miệng.\n\n"
     "Mỗi tuần, đại diện tổ công đoàn cùng bếp ăn kiểm tra thực đơn và vệ sinh.", ["meal"], None),
    (Kind.UNION_ACTIVITY, "Công đoàn May 10 khảo sát nhu cầu về quê đón Tết của công nhân",
     "Trong hai tuần, các tổ công đoàn đã gặp từng công nhân để hỏi nhu cầu về quê, hoàn cảnh gia đình.\n\n"
     "Kết quả là căn cứ để Công đoàn Tổng Công ty đăng ký Chuyến xe Công đoàn và quà Tết.", ["factory"], "tet"),
    (Kind.ARTICLE, "Chăm lo Tết cho đoàn viên: không để ai bị bỏ lại phía sau",
     "Năm nay, công đoàn cơ sở ưu tiên đoàn viên ốm đau dài ngày, gia đình có hoàn cảnh đặc biệt khó khăn và "
     "công nhân ở lại nhà máy trong những ngày Tết.\n\nDanh sách được công khai tại các tổ công đoàn.",
     ["hands"], "tet"),
    (Kind.PHOTO_SET, "Bộ ảnh: Một ngày trên chuyền may số 5",
     "Những khoảnh khắc lao động miệt mài trên chuyền may số 5, từ ca sáng đến giờ tan ca.",
     ["sewing", "workers", "cutting", "meal"], None),
    (Kind.VIDEO, "Video: Chuyền may tăng tốc đơn hàng cuối năm",
     "Đoạn phim ngắn về không khí thi đua hoàn thành đơn hàng trước Tết.", [], "tet"),
    (Kind.AUDIO, "Bài hát: Khúc ca người thợ dệt", "Bản thu âm ca khúc do đội văn nghệ công đoàn thể hiện.", [], None),
]

# The demo member's items waiting for review, one of each kind.
PENDING = [
    (Kind.GOOD_DEED, "Tổ trưởng Lê Văn Hậu trả lại ví tiền nhặt được cho đồng nghiệp",
     "Sáng thứ Hai, anh Hậu nhặt được chiếc ví có hơn 5 triệu đồng và giấy tờ ở nhà xe.\n\n"
     "Anh đã nhờ công đoàn bộ phận tìm và trả lại cho chị Vân ở tổ hoàn thiện.", ["hands"], None),
    (Kind.CREATIVE, "Cữ gá đơn giản giúp may cổ áo nhanh hơn",
     "Chị Phạm Thị Hòa tự làm cữ gá bằng nhựa cho công đoạn may cổ áo sơ mi.\n\n"
     "Năng suất của tổ tăng khoảng 8%, đường may đều hơn.", ["sewing"], None),
    (Kind.WORKER_LIFE, "Phòng trọ ấm áp nhờ chương trình hỗ trợ của công đoàn",
     "Công đoàn vận động chủ nhà trọ quanh nhà máy giữ giá phòng, sửa lại điện nước cho công nhân thuê.", ["home"],
     None),
    (Kind.UNION_ACTIVITY, "Giải bóng đá nam chào mừng Ngày thành lập Quân đội nhân dân Việt Nam 22/12",
     "Tám đội bóng của các xí nghiệp tranh tài trên sân của Tổng Công ty.", ["sport"], None),
    (Kind.ARTICLE, "Công nhân May 10 mong chờ Chuyến xe Công đoàn về quê đón Tết",
     "Nhiều công nhân quê ở Nghệ An, Thanh Hóa, Hà Giang đã đăng ký Chuyến xe Công đoàn.\n\n"
     "Với họ, tấm vé miễn phí là món quà Tết ý nghĩa.", ["bus"], "tet"),
    (Kind.PHOTO_SET, "Bộ ảnh: Tập văn nghệ chuẩn bị đêm hội Mừng Đảng – Mừng Xuân",
     "Đội văn nghệ công đoàn tập luyện sau giờ làm cho đêm hội cuối năm.", ["music", "workers"], "tet"),
    (Kind.VIDEO, "Video: Hướng dẫn đăng ký Chuyến xe Công đoàn trên điện thoại",
     "Ba bước đăng ký vé xe về quê đón Tết qua cổng thông tin của công đoàn.", [], "tet"),
    (Kind.AUDIO, "Bài thơ: Xuân về trên chuyền may", "Bài thơ do tác giả tự đọc.", [], "tet"),
]
RETURNED = (Kind.WORKER_LIFE, "Những suất quà Tết sớm cho công nhân nữ nuôi con nhỏ",
            "Công đoàn bộ phận Xí nghiệp May 1 trao quà sớm cho các chị em nuôi con nhỏ.", ["gifts"], "tet",
            "Đề nghị bổ sung tên và chức danh người trong ảnh.")
SIBLING = [
    (Kind.GOOD_DEED, "Anh Phạm Văn Tài – ba năm liền đạt danh hiệu thợ giỏi",
     "Anh Tài ở Xí nghiệp May Việt Tiến 2 đạt danh hiệu thợ giỏi cấp Tổng Công ty ba năm liền.", ["sewing"]),
    (Kind.UNION_ACTIVITY, "Tổ may 12 Việt Tiến hoàn thành kế hoạch tháng sớm một tuần",
     "Cả tổ cùng nhau giữ chất lượng đường may, không có sản phẩm phải sửa.", ["workers"]),
]
# Congress XII, 2018 (published then).
HISTORY = [
    (Kind.GOOD_DEED, "Đoàn viên May 10 hiến máu tình nguyện chào mừng Đại hội XII",
     "Hơn 300 đoàn viên Tổng Công ty May 10 đã tham gia ngày hội hiến máu chào mừng Đại hội XII Công đoàn "
     "Việt Nam.", ["blood"], datetime.date(2018, 9, 21)),
    (Kind.UNION_ACTIVITY, "Hội thao công nhân chào mừng Đại hội XII Công đoàn Việt Nam",
     "Các môn kéo co, bóng đá, cầu lông thu hút hơn 600 công nhân của các xí nghiệp.", ["sport", "workers"],
     datetime.date(2018, 9, 23)),
]

# (topic, title, body, anonymous, what happens: None (waits), "forward", "answer")
ASPIRATIONS = [
    ("Tiền lương, thu nhập", "Đề nghị công bố sớm mức thưởng Tết",
     "Công nhân mong công ty công bố mức thưởng Tết trong tháng 12 để gia đình chủ động chi tiêu.", False, "answer",
     "Công đoàn Tập đoàn đã đề nghị các doanh nghiệp công bố mức thưởng Tết trong tháng 12; Ban Giám đốc "
     "Tổng Công ty sẽ thông báo tại hội nghị người lao động."),
    ("Điều kiện làm việc, an toàn vệ sinh lao động", "Đề nghị lắp thêm quạt hút ở xưởng là",
     "Mùa hè xưởng là rất nóng, nhiều chị em bị mệt. Đề nghị lắp thêm quạt hút và kiểm tra nhiệt độ.", True,
     "forward", ""),
    ("Hoạt động công đoàn", "Mong công đoàn tổ chức thêm lớp kỹ năng số cho đoàn viên",
     "Nhiều đoàn viên lớn tuổi chưa biết dùng ứng dụng ngân hàng, dịch vụ công trực tuyến.", True, None, ""),
    ("Nhà ở, đời sống, phúc lợi", "Đề nghị mở thêm nhóm trẻ gần nhà máy",
     "Công nhân có con nhỏ khó tìm chỗ gửi trẻ phù hợp với giờ làm việc theo ca.", False, None, ""),
]
CONGRESS_ASPIRATION = (
    "Văn kiện Đại hội", "Góp ý dự thảo Báo cáo chính trị trình Đại hội XII về nhà ở cho công nhân",
    "Đề nghị Báo cáo chính trị nêu rõ giải pháp nhà ở xã hội cho công nhân khu công nghiệp.",
    "Công đoàn ngành đã tổng hợp ý kiến và gửi Tổng Liên đoàn trong báo cáo góp ý văn kiện trình Đại hội XII.",
)

HOUR, DAY = datetime.timedelta(hours=1), datetime.timedelta(days=1)
# Which timestamp of the item a review step sets.
STEP_FIELDS = {Decision.PUBLISH: "published_at", Decision.ANSWER: "answered_at", Decision.FANPAGE: "fanpage_posted_at"}
WAITING_STEPS = (Decision.SUBMIT, Decision.RESUBMIT, Decision.FORWARD)


def _upload(name, data):
    upload = SimpleUploadedFile(name, data)
    return upload, check_upload(upload, kinds=("image", "video", "audio"))


def _finish_media(submission):
    """Probe clips now (the seed must show finished items; the queued task then finds nothing to do)."""
    for pk in SubmissionMedia.objects.filter(submission=submission, status="processing").values_list("pk", flat=True):
        services.media_process(media_id=pk)


def backdate(item, start, step=20 * HOUR, *, read=True):
    """Move the item's history to ``start``: its review steps ``step`` apart and the timestamps
    they set, its files, audit rows and notifications (marked read when ``read``)."""
    steps = list(ReviewStep.objects.filter(submission=item).order_by("pk").values_list("pk", "decision"))
    times = [start + i * step for i in range(len(steps))] or [start]
    fields = {"created_at": start, "updated_at": times[-1], "submitted_at": start}
    if Submission.objects.filter(pk=item.pk, consent_at__isnull=False).exists():
        fields["consent_at"] = start
    for (pk, decision), moment in zip(steps, times, strict=False):
        ReviewStep.objects.filter(pk=pk).update(created_at=moment)
        if decision in STEP_FIELDS:
            fields[STEP_FIELDS[decision]] = moment
        if decision in WAITING_STEPS:
            fields["waiting_since"] = moment
    Submission.objects.filter(pk=item.pk).update(**fields)
    SubmissionMedia.objects.filter(submission=item).update(created_at=start)
    AuditEvent.objects.filter(object_type=Submission._meta.label_lower, object_id=str(item.pk)).update(
        created_at=times[-1])
    notifications = Notification.objects.filter(url__in=[item.get_absolute_url(), item.mine_url()])
    notifications.update(created_at=times[-1], read_at=times[-1] + 2 * HOUR if read else None)


def seed(context, stdout=None):
    users = context["users"]
    member, officer, upper, hq = users["member"], users["officer"], users["upper"], users["hq"]
    may10, viettien = context["officer_unit"], context["sibling_unit"]
    campaigns = context.get("campaigns", {})
    now = timezone.now()
    others = list(
        User.objects.filter(memberships__union=may10, memberships__status=Membership.Status.ACTIVE,
                            username__startswith="dv").order_by("username")[:6]
    )
    demo_accounts = {u.pk for u in users.values()}
    veterans = [m.user for m in context.get("veterans", []) if m.union_id == may10.pk and m.user_id not in demo_accounts]
    veterans = veterans[:3] or others[:3] or [member]
    sibling_members = list(
        User.objects.filter(memberships__union=viettien, username__startswith="dv").order_by("username")[:3]
    )

    with tempfile.TemporaryDirectory() as folder:
        clips = {
            "video": make_clip(Path(folder) / "demo.mp4", kind="video", seconds=2),
            "audio": make_clip(Path(folder) / "demo.mp3", kind="audio", seconds=2),
        }
        clip_bytes = {kind: Path(path).read_bytes() for kind, path in clips.items()}

    def files_for(kind, title, scenes):
        if kind == Kind.VIDEO:
            return [_upload("video.mp4", clip_bytes["video"])]
        if kind == Kind.AUDIO:
            return [_upload("bai-hat.mp3", clip_bytes["audio"])]
        return [_upload(f"anh-{i + 1}.jpg", poster(title, scene, size=SIZE_WIDE, kicker=may10.name.upper()))
                for i, scene in enumerate(scenes)]

    def create(author, unit, kind, title, body, scenes, campaign=None, anonymous=False):
        item = services.submission_create(
            author=author, unit=unit, kind=kind, title=title, body=body, campaign=campaigns.get(campaign),
            consent_publication=True, consent_people=True, anonymous=anonymous,
            files=files_for(kind, title, scenes), submit=True,
        )
        _finish_media(item)
        return item

    # Published over the last three weeks: every other one approved all the way up to HQ (ready
    # for the Fanpage), the others published by the grassroots union.
    for index, (kind, title, body, scenes, campaign) in enumerate(PUBLISHED):
        author = others[index % len(others)] if others else member
        item = create(author, may10, kind, title, body, scenes, campaign, anonymous=index == 3)
        if index % 2 == 0:
            services.submission_decide(submission=item, reviewer=officer, decision="forward")
            services.submission_decide(submission=item, reviewer=upper, decision="forward",
                                       reason="Đề nghị đăng trên Fanpage ngành")
            services.submission_decide(submission=item, reviewer=hq, decision="publish")
            if index == 0:
                services.submission_record_fanpage_post(
                    submission=item, actor=hq, url="https://www.facebook.com/congdoancongthuong/posts/1001"
                )
        else:
            services.submission_decide(submission=item, reviewer=officer, decision="publish")
        backdate(item, now - (21 - index * 2.5) * DAY, step=9 * HOUR, read=index < 6)

    # The Congress XII stories of 2018.
    for index, (kind, title, body, scenes, day) in enumerate(HISTORY):
        item = create(veterans[index % len(veterans)], may10, kind, title, body, scenes, "congress")
        services.submission_decide(submission=item, reviewer=officer, decision="publish")
        backdate(item, at(day, 10))

    # The member's items waiting for review, sent over the last days: with the review deadline of
    # SUBMISSION_REVIEW_DAYS, the first is three days overdue (escalated) and the second due tomorrow.
    wait = settings.SUBMISSION_REVIEW_DAYS
    ages = [(wait + 3) * DAY + 2 * HOUR, max(wait - 1, 0) * DAY + 2 * HOUR]
    ages += [min(max(wait - 2, 1), 2 + k * 0.5) * DAY + k * HOUR for k in range(len(PENDING))]
    for index, (kind, title, body, scenes, campaign) in enumerate(PENDING):
        item = create(member, may10, kind, title, body, scenes, campaign)
        if index == 2:  # forwarded: now waiting at the upper-level union
            services.submission_decide(submission=item, reviewer=officer, decision="forward")
        backdate(item, now - ages[index], step=6 * HOUR, read=False)
    kind, title, body, scenes, campaign, reason = RETURNED
    returned = create(member, may10, kind, title, body, scenes, campaign)
    services.submission_decide(submission=returned, reviewer=officer, decision="request_changes", reason=reason)
    backdate(returned, now - 3 * DAY, step=5 * HOUR, read=False)
    for index, (author, (kind, title, body, scenes)) in enumerate(zip(sibling_members, SIBLING, strict=False)):
        item = create(author, viettien, kind, title, body, scenes)
        backdate(item, now - (index + 1) * DAY, read=False)

    topics = {t.name: t for t in AspirationTopic.objects.all()}
    for number, (topic, title, body, anonymous, outcome, answer) in enumerate(ASPIRATIONS):
        author = member if number < 2 else (others[number] if len(others) > number else member)
        item = services.submission_create(author=author, unit=may10, kind=Kind.ASPIRATION, title=title, body=body,
                                          topic=topics.get(topic), anonymous=anonymous, submit=True)
        if outcome:
            services.submission_decide(submission=item, reviewer=officer, decision="forward")
        if outcome == "answer":
            services.submission_decide(submission=item, reviewer=upper, decision="answer", reason=answer)
        backdate(item, now - (6 - number) * DAY, step=20 * HOUR, read=outcome == "answer")
    topic, title, body, answer = CONGRESS_ASPIRATION
    item = services.submission_create(author=veterans[0], unit=may10, kind=Kind.ASPIRATION, title=title, body=body,
                                      topic=topics.get(topic), campaign=campaigns.get("congress"), submit=True)
    services.submission_decide(submission=item, reviewer=officer, decision="forward")
    services.submission_decide(submission=item, reviewer=upper, decision="answer", reason=answer)
    backdate(item, at(datetime.date(2018, 9, 20), 16), step=2 * DAY)
    if stdout:
        published = Submission.objects.published().count()
        stdout.write(f"Submissions: {Submission.objects.count()} ({published} published stories)")
