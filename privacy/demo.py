"""Demo step for ``seed_demo``: a member of Công đoàn Tổng Công ty May 10 asked two days ago for
their data to be erased (due tomorrow: the officer sees it in the footer's list and the reminder
scan reminds them); an older request was declined with the reason; the demo member accepted the
current privacy notice."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from unions.models import Membership

from .models import ConsentRecord, ErasureRequest


def seed(context, stdout=None):
    users = context["users"]
    may10 = context["officer_unit"]
    officer, member = users["officer"], users["member"]
    now = timezone.now()
    others = list(User.objects.filter(memberships__union=may10, memberships__status=Membership.Status.ACTIVE,
                                      username__startswith="dv").order_by("-username")[:2])
    ConsentRecord.objects.create(user=member, purpose=ConsentRecord.Purpose.NOTICE,
                                 notice_version=settings.PRIVACY_NOTICE_VERSION)
    ConsentRecord.objects.filter(user=member, purpose=ConsentRecord.Purpose.NOTICE).update(
        created_at=now - dt.timedelta(days=17))
    made = 0
    if others:
        asked = now - dt.timedelta(days=2, hours=3)
        ErasureRequest.objects.create(
            user=others[0], unit=may10, requester_name=others[0].get_full_name(), requested_at=asked,
            due_at=asked + dt.timedelta(days=settings.PRIVACY_ERASURE_DAYS),
            reason="Tôi đã nghỉ việc tại công ty từ tháng 11, đề nghị xoá thông tin cá nhân trên cổng.",
        )
        made += 1
    if len(others) > 1:
        asked = now - dt.timedelta(days=30)
        ErasureRequest.objects.create(
            user=others[1], unit=may10, requester_name=others[1].get_full_name(), requested_at=asked,
            due_at=asked + dt.timedelta(days=settings.PRIVACY_ERASURE_DAYS), status=ErasureRequest.Status.DECLINED,
            decided_at=asked + dt.timedelta(days=1), decided_by=officer,
            answer="Anh đang nhận hỗ trợ từ quỹ xã hội của công đoàn; hồ sơ phải lưu đến khi kết thúc đợt hỗ trợ.",
        )
        made += 1
    if stdout:
        stdout.write(f"Privacy: {made} erasure requests, the member's consent to the notice")
