"""The default indicator set (DESIGN.md, "Report indicators"): codes, Vietnamese labels, units.

Labels are stored in Vietnamese and translated on display through the catalogue, so they are
marked with ``gettext_noop`` here. The data migration ``0002_default_indicator_set`` seeds version 1
from this list; a later change to the set is a new version (``services.indicator_set_revise``).
"""

from django.utils.translation import gettext_noop

SET_CODE = "tuyen-truyen-mxh"
SET_NAME = gettext_noop("Báo cáo kết quả tuyên truyền trên mạng xã hội")

G_CHANNELS = gettext_noop("Kênh thông tin")
G_CONTENT = gettext_noop("Nội dung đăng tải, chia sẻ")
G_PEOPLE = gettext_noop("Cộng tác viên, gương điển hình, tâm tư nguyện vọng")
G_CONTESTS = gettext_noop("Cuộc thi, mini game, khung ảnh, bộ lọc thông tin")
G_ISSUES = gettext_noop("Vấn đề nóng, thông tin xấu độc")
G_TRAINING = gettext_noop("Tập huấn")

C, E = "computed", "entered"
COUNT, VND = "count", "vnd"

# (code, label, group, measure, mode, source, allow_negative)
INDICATORS = [
    ("pages", gettext_noop("Số trang (fanpage) đơn vị quản lý"), G_CHANNELS, COUNT, E, "", False),
    ("groups", gettext_noop("Số nhóm Facebook/Zalo đơn vị quản lý"), G_CHANNELS, COUNT, E, "", False),
    ("followers", gettext_noop("Lượt theo dõi cuối kỳ"), G_CHANNELS, COUNT, E, "", False),
    ("followers_growth", gettext_noop("Lượt theo dõi tăng trong kỳ"), G_CHANNELS, COUNT, E, "", True),
    ("grassroots_online", gettext_noop("Số CĐCS có trang/nhóm/tài khoản mạng xã hội"), G_CHANNELS, COUNT, E, "", False),
    ("grassroots_total", gettext_noop("Tổng số CĐCS"), G_CHANNELS, COUNT, C, "grassroots_total", False),
    ("items_posted", gettext_noop("Số tin, bài, ảnh, video đăng tải"), G_CONTENT, COUNT, E, "", False),
    ("official_shares", gettext_noop("Số bài chia sẻ từ fanpage Công đoàn Việt Nam và cấp trên (đã xác minh)"), G_CONTENT,
     COUNT, C, "official_shares", False),
    ("tracked_clicks", gettext_noop("Lượt nhấp vào liên kết chia sẻ"), G_CONTENT, COUNT, C, "tracked_clicks", False),
    ("reach", gettext_noop("Tổng lượt tiếp cận"), G_CONTENT, COUNT, E, "", False),
    ("engagement", gettext_noop("Tổng lượt tương tác"), G_CONTENT, COUNT, E, "", False),
    ("items_upward", gettext_noop("Số tin, bài gửi cấp trên / báo, cổng thông tin công đoàn"), G_CONTENT, COUNT, C,
     "items_upward", False),
    ("contributors", gettext_noop("Số cộng tác viên, tuyên truyền viên mạng xã hội"), G_PEOPLE, COUNT, C, "contributors", False),
    ("good_deeds", gettext_noop("Số gương người tốt, việc tốt được giới thiệu"), G_PEOPLE, COUNT, C, "good_deeds", False),
    ("creative_practices", gettext_noop("Số mô hình hay, cách làm sáng tạo được giới thiệu"), G_PEOPLE, COUNT, C,
     "creative_practices", False),
    ("aspirations_received", gettext_noop("Số ý kiến tâm tư, nguyện vọng tiếp nhận"), G_PEOPLE, COUNT, C,
     "aspirations_received", False),
    ("aspirations_answered", gettext_noop("Số ý kiến tâm tư, nguyện vọng đã phản hồi"), G_PEOPLE, COUNT, C,
     "aspirations_answered", False),
    ("contests", gettext_noop("Số cuộc thi, mini game tổ chức"), G_CONTESTS, COUNT, C, "contests", False),
    ("contest_participants", gettext_noop("Lượt người tham gia cuộc thi"), G_CONTESTS, COUNT, C, "contest_participants", False),
    ("contest_entries", gettext_noop("Lượt bài dự thi"), G_CONTESTS, COUNT, C, "contest_entries", False),
    ("prizes", gettext_noop("Số giải thưởng"), G_CONTESTS, COUNT, C, "prizes", False),
    ("prize_value", gettext_noop("Tổng giá trị giải thưởng"), G_CONTESTS, VND, C, "prize_value", False),
    ("frame_uses", gettext_noop("Số lượt thay khung ảnh đại diện hưởng ứng"), G_CONTESTS, COUNT, C, "frame_uses", False),
    ("filter_lesson", gettext_noop("Số đoàn viên hoàn thành bài học “bộ lọc thông tin”"), G_CONTESTS, COUNT, C,
     "filter_lesson", False),
    ("hot_issues_found", gettext_noop("Số vụ việc nóng về quan hệ lao động phát hiện"), G_ISSUES, COUNT, C, "hot_issues_found", False),
    ("hot_issues_resolved", gettext_noop("Số vụ việc nóng đã phối hợp giải quyết"), G_ISSUES, COUNT, C, "hot_issues_resolved", False),
    ("work_stoppages", gettext_noop("Số cuộc ngừng việc tập thể"), G_ISSUES, COUNT, C, "work_stoppages", False),
    ("toxic_found", gettext_noop("Số thông tin xấu, độc phát hiện"), G_ISSUES, COUNT, C, "toxic_found", False),
    ("takedowns", gettext_noop("Số thông tin xấu, độc đề nghị gỡ"), G_ISSUES, COUNT, C, "takedowns", False),
    ("rebuttals", gettext_noop("Số bài phản bác"), G_ISSUES, COUNT, C, "rebuttals", False),
    ("trainings", gettext_noop("Số lớp tập huấn kỹ năng mạng xã hội"), G_TRAINING, COUNT, E, "", False),
    ("training_attendance", gettext_noop("Lượt cán bộ tham dự tập huấn"), G_TRAINING, COUNT, E, "", False),
]

RULES = [
    {"kind": "lte", "left": "aspirations_answered", "right": "aspirations_received"},
    {"kind": "lte", "left": "hot_issues_resolved", "right": "hot_issues_found"},
    {"kind": "lte", "left": "work_stoppages", "right": "hot_issues_found"},
    {"kind": "lte", "left": "takedowns", "right": "toxic_found"},
    {"kind": "lte", "left": "grassroots_online", "right": "grassroots_total"},
    {"kind": "per_member", "code": "contributors", "factor": 1, "floor": 20},
    {"kind": "per_member", "code": "training_attendance", "factor": 1, "floor": 50},
    {"kind": "per_member", "code": "followers", "factor": 100, "floor": 100000},
    {"kind": "per_member", "code": "items_posted", "factor": 10, "floor": 1000},
    {"kind": "history", "factor": 10, "floor": 100},
]


def ensure_default_version(IndicatorSet=None, IndicatorSetVersion=None, Indicator=None):  # noqa: N803
    """Version 1 of the default set, created if missing (the data migration passes its historical
    models; demo data and tests call it without arguments). Returns the version."""
    if IndicatorSet is None:
        from .models import Indicator, IndicatorSet, IndicatorSetVersion
    indicator_set, _created = IndicatorSet.objects.get_or_create(code=SET_CODE, defaults={"name": SET_NAME})
    version, created = IndicatorSetVersion.objects.get_or_create(indicator_set=indicator_set, number=1,
                                                                 defaults={"rules": RULES})
    if created:
        Indicator.objects.bulk_create([
            Indicator(version=version, code=code, label=label, group=group, measure=measure, mode=mode,
                      source=source, allow_negative=allow_negative, position=position)
            for position, (code, label, group, measure, mode, source, allow_negative) in enumerate(INDICATORS)
        ])
    return version
