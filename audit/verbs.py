"""Readable Vietnamese labels for audit verbs (the audit log admin shows these, not the codes).

A verb missing here is shown as its code, so a new action never hides; ``tests/test_audit_admin.py``
fails when a verb the code writes has no label.
"""

from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    "account.language_set": _("Đổi ngôn ngữ hiển thị"),
    "account.password_reset": _("Đặt lại mật khẩu qua email"),
    "account.password_set": _("Tự đặt mật khẩu mới"),
    "account.profile_updated": _("Sửa thông tin cá nhân"),
    "account.temp_password_issued": _("Cấp mật khẩu tạm"),
    "account.unlocked": _("Mở khóa đăng nhập"),
    "admin.changed": _("Sửa trong trang quản trị"),
    "admin.created": _("Thêm trong trang quản trị"),
    "admin.deleted": _("Xóa trong trang quản trị"),
    "campaign.created": _("Tạo chiến dịch"),
    "campaign.updated": _("Sửa chiến dịch"),
    "frame.updated": _("Sửa khung ảnh đại diện"),
    "frame.uploaded": _("Tải lên khung ảnh đại diện"),
    "import.members": _("Nhập danh sách đoàn viên"),
    "import.members.queued": _("Xếp hàng nhập danh sách đoàn viên"),
    "import.units": _("Nhập cây đơn vị"),
    "import.units.queued": _("Xếp hàng nhập cây đơn vị"),
    "incidents.hot_issue_acknowledge": _("Tiếp nhận vụ việc nóng"),
    "incidents.hot_issue_auto_escalate": _("Tự động chuyển vụ việc nóng lên cấp trên"),
    "incidents.hot_issue_close": _("Đóng vụ việc nóng"),
    "incidents.hot_issue_escalate": _("Chuyển vụ việc nóng lên cấp trên"),
    "incidents.hot_issue_handle": _("Bắt đầu xử lý vụ việc nóng"),
    "incidents.hot_issue_report": _("Báo cáo vụ việc nóng"),
    "incidents.hot_issue_resolve": _("Giải quyết xong vụ việc nóng"),
    "incidents.hot_issue_update": _("Cập nhật diễn biến vụ việc nóng"),
    "incidents.hot_issue_view": _("Xem vụ việc nóng"),
    "incidents.misinformation_log": _("Ghi nhận thông tin xấu, độc"),
    "incidents.misinformation_status": _("Đổi trạng thái thông tin xấu, độc"),
    "incidents.rebuttal_approve": _("Duyệt bài phản bác"),
    "incidents.rebuttal_return": _("Trả lại bài phản bác"),
    "incidents.rebuttal_submit": _("Gửi duyệt bài phản bác"),
    "incidents.takedown_outcome": _("Ghi kết quả đề nghị gỡ bỏ"),
    "incidents.takedown_request": _("Đề nghị gỡ bỏ thông tin"),
    "indicator_set.revise": _("Sửa bộ chỉ tiêu báo cáo"),
    "lesson.completed": _("Hoàn thành bài học"),
    "lesson.created": _("Tạo bài học"),
    "lesson.updated": _("Sửa bài học"),
    "member.added": _("Thêm đoàn viên"),
    "member.added_in_admin": _("Thêm đoàn viên trong trang quản trị"),
    "member.approved": _("Duyệt đoàn viên"),
    "member.changed_in_admin": _("Sửa đoàn viên trong trang quản trị"),
    "member.deleted_in_admin": _("Xóa đoàn viên trong trang quản trị"),
    "member.registered": _("Đăng ký gia nhập"),
    "member.rejected": _("Từ chối đăng ký gia nhập"),
    "news.published": _("Đăng tin"),
    "news.updated": _("Sửa tin"),
    "notifications.email_preferences_set": _("Đổi cài đặt nhận email"),
    "quiz.submitted": _("Nộp bài trắc nghiệm"),
    "report_period.edit": _("Sửa kỳ báo cáo"),
    "report_period.open": _("Mở kỳ báo cáo"),
    "role.granted": _("Giao vai trò"),
    "role.revoked": _("Thu hồi vai trò"),
    "sharekit.created": _("Tạo bộ nội dung chia sẻ"),
    "sharekit.updated": _("Sửa bộ nội dung chia sẻ"),
    "shareproof.rejected": _("Không công nhận minh chứng chia sẻ"),
    "shareproof.submitted": _("Gửi minh chứng chia sẻ"),
    "shareproof.verified": _("Xác minh minh chứng chia sẻ"),
    "submission.answer": _("Trả lời tâm tư, nguyện vọng"),
    "submission.bulk_forward": _("Duyệt nhiều bài, chuyển cấp trên"),
    "submission.bulk_publish": _("Duyệt đăng nhiều bài"),
    "submission.bulk_reject": _("Từ chối nhiều bài"),
    "submission.created": _("Tạo bài viết"),
    "submission.deleted": _("Xóa bài viết"),
    "submission.edited": _("Sửa bài viết"),
    "submission.fanpage_posted": _("Ghi nhận đã đăng lên Fanpage"),
    "submission.forward": _("Duyệt, chuyển cấp trên"),
    "submission.media_failed": _("Tệp đính kèm bị lỗi"),
    "submission.publish": _("Duyệt đăng bài"),
    "submission.reject": _("Từ chối bài"),
    "submission.request_changes": _("Yêu cầu chỉnh sửa bài"),
    "submission.resubmitted": _("Gửi lại bài sau khi chỉnh sửa"),
    "submission.submitted": _("Gửi duyệt bài"),
    "submission.withdrawn": _("Rút bài"),
    "union.changed_in_admin": _("Sửa đơn vị trong trang quản trị"),
    "union.created": _("Tạo đơn vị"),
    "union.deleted_in_admin": _("Xóa đơn vị trong trang quản trị"),
    "union.invite_reset": _("Đổi mã mời gia nhập"),
    "unit_report.accept": _("Tiếp nhận báo cáo"),
    "unit_report.remind": _("Nhắc nộp báo cáo"),
    "unit_report.reopen": _("Mở lại báo cáo"),
    "unit_report.resubmit": _("Nộp lại báo cáo"),
    "unit_report.return": _("Trả lại báo cáo"),
    "unit_report.save": _("Lưu báo cáo"),
    "unit_report.submit": _("Nộp báo cáo"),
}


def verb_label(verb):
    """The Vietnamese label of ``verb`` (its code when it has none)."""
    label = VERB_LABELS.get(verb)
    return label if label is not None else verb


def verb_choices():
    return sorted(((code, str(label)) for code, label in VERB_LABELS.items()), key=lambda item: item[1])
