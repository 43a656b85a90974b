"""The default indicator set (DESIGN.md, "Report indicators"): codes, Vietnamese labels, units.

Labels are stored in Vietnamese and translated on display through the catalogue, so they are
marked with ``gettext_noop`` here. The data migration ``0002_default_indicator_set`` seeds version 1
from this list; a later change to the set is a new version (``services.indicator_set_revise``).
"""

from django.utils.translation import gettext_noop as N_

SET_CODE = "tuyen-truyen-mxh"
SET_NAME = N_("Báo cáo kết quả tuyên truyền trên mạng xã hội")

G_CHANNELS = N_("Kênh thông tin")
G_CONTENT = N_("Nội dung đăng tải, chia sẻ")
G_PEOPLE = N_("Cộng tác viên, gương điển hình, tâm tư nguyện vọng")
G_CONTESTS = N_("Cuộc thi, mini game, khung ảnh, bộ lọc thông tin")
G_ISSUES = N_("Vấn đề nóng, thông tin xấu độc")
G_TRAINING = N_("Tập huấn")

C, E = "computed", "entered"
COUNT, VND = "count", "vnd"

# (code, label, group, measure, mode, source, allow_negative)
INDICATORS = [
    ("pages", N_("Số trang (fanpage) đơn vị quản lý"), G_CHANNELS, COUNT, E, "", False),
    ("groups", N_("Số nhóm Facebook/Zalo đơn vị quản lý"), G_CHANNELS, COUNT, E, "", False),
    ("followers", N_("Lượt theo dõi cuối kỳ"), G_CHANNELS, COUNT, E, "", False),
    ("followers_growth", N_("Lượt theo dõi tăng trong kỳ"), G_CHANNELS, COUNT, E, "", True),
    ("grassroots_online", N_("Số CĐCS có trang/nhóm/tài khoản mạng xã hội"), G_CHANNELS, COUNT, E, "", False),
    ("grassroots_total", N_("Tổng số CĐCS"), G_CHANNELS, COUNT, C, "grassroots_total", False),
    ("items_posted", N_("Số tin, bài, ảnh, video đăng tải"), G_CONTENT, COUNT, E, "", False),
    ("official_shares", N_("Số bài chia sẻ từ fanpage Công đoàn Việt Nam và cấp trên (đã xác minh)"), G_CONTENT,
     COUNT, C, "official_shares", False),
    ("tracked_clicks", N_("Lượt nhấp vào liên kết chia sẻ"), G_CONTENT, COUNT, C, "tracked_clicks", False),
    ("reach", N_("Tổng lượt tiếp cận"), G_CONTENT, COUNT, E, "", False),
    ("engagement", N_("Tổng lượt tương tác"), G_CONTENT, COUNT, E, "", False),
    ("items_upward", N_("Số tin, bài gửi cấp trên / báo, cổng thông tin công đoàn"), G_CONTENT, COUNT, C,
     "items_upward", False),
    ("contributors", N_("Số cộng tác viên, tuyên truyền viên mạng xã hội"), G_PEOPLE, COUNT, C, "contributors", False),
    ("good_deeds", N_("Số gương người tốt, việc tốt được giới thiệu"), G_PEOPLE, COUNT, C, "good_deeds", False),
    ("creative_practices", N_("Số mô hình hay, cách làm sáng tạo được giới thiệu"), G_PEOPLE, COUNT, C,
     "creative_practices", False),
    ("aspirations_received", N_("Số ý kiến tâm tư, nguyện vọng tiếp nhận"), G_PEOPLE, COUNT, C,
     "aspirations_received", False),
    ("aspirations_answered", N_("Số ý kiến tâm tư, nguyện vọng đã phản hồi"), G_PEOPLE, COUNT, C,
     "aspirations_answered", False),
    ("contests", N_("Số cuộc thi, mini game tổ chức"), G_CONTESTS, COUNT, C, "contests", False),
    ("contest_participants", N_("Lượt người tham gia cuộc thi"), G_CONTESTS, COUNT, C, "contest_participants", False),
    ("contest_entries", N_("Lượt bài dự thi"), G_CONTESTS, COUNT, C, "contest_entries", False),
    ("prizes", N_("Số giải thưởng"), G_CONTESTS, COUNT, E, "", False),
    ("prize_value", N_("Tổng giá trị giải thưởng"), G_CONTESTS, VND, E, "", False),
    ("frame_uses", N_("Số lượt thay khung ảnh đại diện hưởng ứng"), G_CONTESTS, COUNT, E, "", False),
    ("filter_lesson", N_("Số đoàn viên hoàn thành bài học \u201cbộ lọc thông tin\u201d"), G_CONTESTS, COUNT, C,
     "filter_lesson", False),
    ("hot_issues_found", N_("Số vụ việc nóng về quan hệ lao động phát hiện"), G_ISSUES, COUNT, E, "", False),
    ("hot_issues_resolved", N_("Số vụ việc nóng đã phối hợp giải quyết"), G_ISSUES, COUNT, E, "", False),
    ("work_stoppages", N_("Số cuộc ngừng việc tập thể"), G_ISSUES, COUNT, E, "", False),
    ("toxic_found", N_("Số thông tin xấu, độc phát hiện"), G_ISSUES, COUNT, E, "", False),
    ("takedowns", N_("Số thông tin xấu, độc đề nghị gỡ"), G_ISSUES, COUNT, E, "", False),
    ("rebuttals", N_("Số bài phản bác"), G_ISSUES, COUNT, E, "", False),
    ("trainings", N_("Số lớp tập huấn kỹ năng mạng xã hội"), G_TRAINING, COUNT, E, "", False),
    ("training_attendance", N_("Lượt cán bộ tham dự tập huấn"), G_TRAINING, COUNT, E, "", False),
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
