"""Demo reports: two annual periods so the board, the reporting rates and the charts show something.

* 2025, closed: nearly every unit filed and was accepted (a few late), one was returned and
  never resubmitted, one never filed.
* 2026, open, due 15 December 2026: drafts (``officer``'s May 10 among them, ready to submit),
  submitted reports waiting for ``upper`` (``sibling``'s Việt Tiến among them), some accepted,
  some not started.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from unions.models import Level, Union

from . import indicators as registry
from .catalogue import ensure_default_version
from .models import FILED, ReportPeriod, ReportReview, ReportStatus, ReportValue, UnitReport

SIGNERS = [("Nguyễn Văn Hùng", "Chủ tịch"), ("Trần Thị Mai", "Phó Chủ tịch"), ("Lê Minh Tuấn", "Phó Chủ tịch"),
           ("Phạm Thị Lan", "Chủ tịch"), ("Đỗ Quang Vinh", "Phó Chủ tịch Thường trực")]
NARRATIVE = {
    "narrative_1": "Giới thiệu các gương người tốt, việc tốt trong phong trào thi đua lao động giỏi, lao động sáng tạo.",
    "narrative_2": "Chia sẻ đều đặn nội dung từ fanpage Công đoàn Việt Nam và cấp trên; phổ biến kỹ năng “bộ lọc thông tin”.",
    "narrative_3": "Tuyên truyền kết quả Đại hội, tiếp nhận tâm tư, nguyện vọng của đoàn viên gửi Đại hội.",
    "narrative_4": "Tổ chức mini game tìm hiểu về tổ chức Công đoàn trên trang của đơn vị.",
    "narrative_5": "Gửi tin, bài, ảnh hoạt động về Ban Tuyên giáo cấp trên.",
    "narrative_6": "Nắm bắt tình hình quan hệ lao động; không để xảy ra ngừng việc tập thể.",
    "limitations": "Một số công đoàn cơ sở chưa lập trang, nhóm mạng xã hội; tin, bài còn ít hình ảnh, video. "
                   "Nguyên nhân: cán bộ phụ trách kiêm nhiệm, chưa được tập huấn kỹ năng mạng xã hội.",
    "next_plan": "Mỗi công đoàn cơ sở có ít nhất một trang hoặc nhóm Zalo; duy trì tối thiểu một tin, bài mỗi tháng.\n"
                 "Tổ chức một lớp tập huấn kỹ năng mạng xã hội cho cán bộ công đoàn cơ sở trong quý I.",
    "proposals": "Đề nghị công đoàn cấp trên tổ chức tập huấn kỹ năng làm video ngắn cho cán bộ phụ trách truyền thông.",
}


def _aware(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _entered(rng, unit, computed):
    """Plausible entered figures from the unit's size, consistent with the set's rules."""
    m = max(unit.member_count, 20)
    upper = unit.level < Level.GRASSROOTS
    found = rng.randint(0, 3 if upper else 1)
    toxic = rng.randint(0, 6)
    grassroots = int(computed.get("grassroots_total", 0))
    return {
        "pages": 1, "groups": rng.randint(1, 4), "followers": m * rng.randint(3, 12),
        "followers_growth": m * rng.randint(0, 3), "grassroots_online": min(grassroots, rng.randint(0, 1)),
        "items_posted": rng.randint(20, 150), "reach": m * rng.randint(20, 80), "engagement": m * rng.randint(2, 9),
        "prizes": rng.randint(0, 12), "prize_value": rng.randint(0, 12) * 500_000, "frame_uses": rng.randint(0, m),
        "hot_issues_found": found, "hot_issues_resolved": rng.randint(0, found), "work_stoppages": 0,
        "toxic_found": toxic, "takedowns": rng.randint(0, toxic), "rebuttals": rng.randint(0, 4),
        "trainings": rng.randint(0, 2), "training_attendance": rng.randint(0, min(m, 60)),
    }


def _file(rng, unit, period, inds, status, *, computed, submitted_on=None, actors=None, reason=""):
    entered = _entered(rng, unit, computed)
    signer = rng.choice(SIGNERS)
    report = UnitReport.objects.create(
        unit=unit, period=period, version=period.version, status=status, signer_name=signer[0],
        signer_title=signer[1], document_number=f"{rng.randint(10, 99)}/BC-CĐ" if status != ReportStatus.DRAFT else "",
        **(NARRATIVE if status != ReportStatus.DRAFT else {"narrative_1": NARRATIVE["narrative_1"]}),
    )
    ReportValue.objects.bulk_create([
        ReportValue(report=report, indicator=i, computed_value=computed.get(i.code) if i.is_computed else None,
                    entered_value=Decimal(entered[i.code]) if not i.is_computed and i.code in entered else None)
        for i in inds
    ])
    if submitted_on is not None:
        report.submitted_at = _aware(submitted_on)
        report.is_late = submitted_on > period.due_on
        reviews = [ReportReview(report=report, actor=actors["filer"], decision=ReportReview.Decision.SUBMIT,
                                created_at=report.submitted_at)]
        if status == ReportStatus.ACCEPTED:
            report.accepted_at = _aware(submitted_on + dt.timedelta(days=3))
            reviews.append(ReportReview(report=report, actor=actors["parent"], decision=ReportReview.Decision.ACCEPT,
                                        created_at=report.accepted_at))
        elif status == ReportStatus.RETURNED:
            reviews.append(ReportReview(report=report, actor=actors["parent"], decision=ReportReview.Decision.RETURN,
                                        reason=reason, created_at=_aware(submitted_on + dt.timedelta(days=2))))
        report.save()
        ReportReview.objects.bulk_create(reviews)
    return report


def seed(context, stdout=None):
    rng = random.Random(2025)  # noqa: S311 - demo figures, not security
    version = ensure_default_version()
    inds = list(version.indicators.order_by("position"))
    users = context["users"]
    hq = users["hq"]
    last = ReportPeriod.objects.create(
        kind=ReportPeriod.Kind.ANNUAL, year=2025, title="Báo cáo năm 2025", starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31), due_on=dt.date(2026, 1, 15), version=version, is_open=False, created_by=hq,
    )
    current = ReportPeriod.objects.create(
        kind=ReportPeriod.Kind.ANNUAL, year=2026, title="Báo cáo năm 2026", starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31), due_on=dt.date(2026, 11, 30), version=version, is_open=True, created_by=hq,
    )
    units = list(
        Union.objects.current().filter(level__in=(Level.PROVINCE_SECTOR, Level.UPPER_GRASSROOTS, Level.GRASSROOTS),
                                       parent__isnull=False).order_by("path")
    )
    officer_unit, sibling_unit, upper = context["officer_unit"], context["sibling_unit"], context["upper"]

    def actors(unit, filer=None):
        parent = users["upper"] if unit.parent_id == upper.pk else hq
        return {"filer": filer or parent, "parent": parent}

    # 2025: accepted but for one returned and one missing; a few were late.
    grassroots = [u for u in units if u.level == Level.GRASSROOTS and u.pk not in (officer_unit.pk, sibling_unit.pk)]
    returned, missing = grassroots[3], grassroots[7]
    for unit in units:
        if unit.pk == missing.pk:
            continue
        computed = {i.code: Decimal(rng.randint(0, max(unit.member_count // 3, 6))) for i in inds if i.is_computed}
        computed["grassroots_total"] = Decimal(1 if unit.level >= Level.GRASSROOTS else 0)
        computed["aspirations_answered"] = min(computed["aspirations_answered"], computed["aspirations_received"])
        day = dt.date(2026, 1, rng.randint(5, 20))
        filer = users["officer"] if unit.pk == officer_unit.pk else users["sibling"] if unit.pk == sibling_unit.pk \
            else users["upper"] if unit.pk == upper.pk else None
        status = ReportStatus.RETURNED if unit.pk == returned.pk else ReportStatus.ACCEPTED
        _file(rng, unit, last, inds, status, computed=computed, submitted_on=day, actors=actors(unit, filer),
              reason="Số liệu lượt tiếp cận chưa khớp với thống kê của trang; đề nghị rà soát, nộp lại.")

    # 2026: computed from the portal's own data; a mix of statuses. Due 30/11 (the figures to 30/11,
    # the rest of the year estimated, as unions do): some filed on time, some late, some not yet.
    today = timezone.localdate()
    for n, unit in enumerate(units):
        computed = registry.compute(unit, current, inds)
        if unit.pk in (officer_unit.pk, upper.pk):
            status = ReportStatus.DRAFT
        elif unit.pk == sibling_unit.pk:
            status = ReportStatus.SUBMITTED
        else:
            status = [None, ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, None,
                      ReportStatus.SUBMITTED][n % 6]
        if status is None:
            continue
        filed_on = min(today, current.due_on + dt.timedelta(days=rng.randint(-12, 5))) if status in FILED else None
        _file(rng, unit, current, inds, status, computed=computed, submitted_on=filed_on,
              actors=actors(unit, users["sibling"] if unit.pk == sibling_unit.pk else None))
    if stdout:
        stdout.write("Reports: periods 2025 (closed) and 2026 (open, due 30/11/2026).")
    context["report_periods"] = [last, current]
