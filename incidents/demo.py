"""Demo data for ``seed_demo``: hot issues at different stages and levels (one overdue for
acknowledgement), two misinformation items, one published rebuttal and one pending takedown.

Written through the services (so the timeline and the audit log read as in real use), then moved
back in time where a stage needs it.
"""

import datetime as dt

from django.utils import timezone

from . import services
from .models import HotIssue, Misinformation, TakedownRequest

ISSUES = [
    # key, title, kind, employer, ownership, workplace, province, workers, severity, description, hours ago
    ("overdue", "Công nhân ngừng việc tập thể đòi tăng lương", "work_stoppage", "Công ty TNHH May mặc Hưng Phát",
     "fdi", "KCN Quế Võ", "Bắc Ninh", 650, "high",
     "Từ 7 giờ sáng, khoảng 650 công nhân hai xưởng may tập trung trước cổng công ty, không vào làm việc; "
     "đề nghị tăng lương cơ bản và phụ cấp chuyên cần từ tháng 1.", 14),
    ("tet", "Tranh chấp thưởng Tết tại xưởng giày", "tet_bonus", "Công ty TNHH Giày da Phú Thịnh", "private",
     "KCN Nhơn Trạch 3", "Đồng Nai", 1200, "medium",
     "Doanh nghiệp thông báo thưởng Tết bằng 0,5 tháng lương, thấp hơn năm trước; người lao động bức xúc, "
     "đề nghị công đoàn đối thoại với ban giám đốc.", 30),
    ("arrears", "Nợ lương hai tháng, chủ doanh nghiệp có dấu hiệu bỏ trốn", "wage_arrears",
     "Công ty TNHH Dệt Thành Công", "fdi", "KCN Phố Nối A", "Hưng Yên", 420, "critical",
     "Người lao động chưa được trả lương tháng 9 và tháng 10; ban giám đốc không liên lạc được từ hôm qua.", 48),
    ("resolved", "Nợ bảo hiểm xã hội 8 tháng", "social_insurance", "Công ty CP May Hòa Bình", "private",
     "Quận Long Biên", "Hà Nội", 180, "low",
     "Doanh nghiệp chậm đóng bảo hiểm xã hội 8 tháng, người lao động không được giải quyết chế độ ốm đau.", 240),
]


def _issue(actor, unit, row):
    _key, title, kind, employer, ownership, workplace, province, workers, severity, description, hours = row
    started = timezone.now() - dt.timedelta(hours=hours)
    issue = services.hot_issue_report(
        actor=actor, unit=unit, title=title, kind=kind, employer=employer, ownership=ownership, workplace=workplace,
        province=province, workers_involved=workers, started_at=started, severity=severity, description=description,
        source_links="https://www.facebook.com/groups/congnhan.kcn/posts/1001",
    )
    HotIssue.objects.filter(pk=issue.pk).update(reported_at=started, ack_due_at=HotIssue.ack_deadline(severity, started))
    issue.refresh_from_db()
    return issue


def seed(context, stdout=None):
    users, may10, viettien, upper = context["users"], context["officer_unit"], context["sibling_unit"], context["upper"]
    officer, sibling, upper_user, hq = users["officer"], users["sibling"], users["upper"], users["hq"]
    rows = {row[0]: row for row in ISSUES}

    _issue(officer, may10, rows["overdue"])  # not acknowledged, past its deadline: beat escalates it
    tet = _issue(sibling, viettien, rows["tet"])
    services.hot_issue_transition(issue=tet, actor=sibling, action="acknowledge",
                                  note="Đã liên hệ giám đốc nhân sự, hẹn đối thoại chiều nay.")
    arrears = _issue(officer, may10, rows["arrears"])
    services.hot_issue_transition(issue=arrears, actor=officer, action="acknowledge")
    arrears.refresh_from_db()
    services.hot_issue_escalate(issue=arrears, actor=officer,
                                reason="Cần cấp trên phối hợp với Sở Nội vụ và Bảo hiểm xã hội tỉnh.")
    arrears.refresh_from_db()
    services.hot_issue_transition(issue=arrears, actor=upper_user, action="acknowledge")
    services.hot_issue_transition(issue=arrears, actor=upper_user, action="handle",
                                  note="Đã báo cáo Ủy ban nhân dân tỉnh, đề nghị tạm ứng lương từ quỹ.")
    resolved = _issue(officer, may10, rows["resolved"])
    services.hot_issue_transition(issue=resolved, actor=officer, action="acknowledge")
    services.hot_issue_transition(issue=resolved, actor=officer, action="handle")
    services.hot_issue_transition(issue=resolved, actor=officer, action="resolve",
                                  note="Doanh nghiệp đã đóng đủ bảo hiểm xã hội sau buổi làm việc với công đoàn.")

    bonus_claim = services.misinformation_log(
        actor=officer, unit=may10, source_url="https://www.facebook.com/tin.nong.kcn/posts/2244",
        platform="facebook", rating="false",
        claim="Công đoàn đã thỏa thuận với doanh nghiệp cắt toàn bộ thưởng Tết năm nay của công nhân.",
    )
    rebuttal = services.rebuttal_save(
        item=bonus_claim, actor=officer, title="Không có chuyện công đoàn “thỏa thuận cắt thưởng Tết”",
        summary="Công đoàn cơ sở không ký bất kỳ thỏa thuận nào cắt thưởng Tết; thưởng Tết năm nay đã được công bố.",
        body="<p>Thông tin lan truyền trên một số trang mạng xã hội là <strong>sai sự thật</strong>. Ban Chấp hành "
             "công đoàn cơ sở khẳng định không ký văn bản nào về việc cắt thưởng Tết.</p>"
             "<p>Mức thưởng Tết đã được công bố công khai tại hội nghị người lao động ngày 25/11.</p>",
        sources="https://www.congdoan.vn/\nhttps://laodong.vn/", submit=True,
    )
    services.rebuttal_decide(rebuttal=rebuttal, editor=hq, decision="approve")
    fund_claim = services.misinformation_log(
        actor=upper_user, unit=upper, source_url="https://www.tiktok.com/@sukien24h/video/7301",
        platform="tiktok", rating="distorted",
        claim="Đoàn phí công đoàn bị dùng để đi du lịch nước ngoài, người lao động không được gì.",
    )
    services.takedown_request(item=fund_claim, actor=upper_user, platform="tiktok", channel="Biểu mẫu báo cáo vi phạm",
                              reference="TT-2026-0458", sent_at=timezone.now() - dt.timedelta(hours=5))
    if stdout:
        stdout.write(f"Hot issues: {HotIssue.objects.count()}, misinformation: {Misinformation.objects.count()}, "
                     f"takedowns: {TakedownRequest.objects.count()}")
