"""The reminder rules of the two incidents deadline kinds (they take no generic rule).

* ``hot_issue_ack``: one hour before an unacknowledged issue goes up by itself, its level's officers
  are reminded (the escalation itself, with the notice to the level above, is the incidents app's
  own periodic task).
* ``takedown_followup``: one hour after the 24 hours of Decree 147/2024 have passed without an
  outcome, the unit's officers are reminded to follow the request up.
"""

from django.db import migrations

RULES = [
    # name, kind, offset_hours, subject, subject_en, message, message_en
    ("Vụ việc nóng sắp quá hạn tiếp nhận", "hot_issue_ack", -1,
     "Còn 1 giờ để tiếp nhận vụ việc: {title}", "1 hour left to acknowledge: {title}",
     "{label} — {unit}: {title}. Hạn tiếp nhận: {due}. Quá hạn, vụ việc sẽ tự động chuyển lên cấp trên.",
     "{label} — {unit}: {title}. Acknowledge by: {due}. After that the issue goes up to the parent union."),
    ("Đề nghị gỡ bỏ quá 24 giờ — theo dõi", "takedown_followup", 1,
     "Đề nghị gỡ bỏ quá 24 giờ chưa có kết quả: {title}", "Takedown request without an outcome after 24 hours: {title}",
     "{label} — {unit}: {title}. Hạn xử lý của nền tảng: {due}. Đề nghị liên hệ lại nền tảng và ghi nhận kết quả.",
     "{label} — {unit}: {title}. The platform's deadline was {due}. Please follow the request up and record the "
     "outcome."),
]


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for name, kind, hours, subject, subject_en, message, message_en in RULES:
        ReminderRule.objects.get_or_create(name=name, defaults={
            "kind": kind, "offset_days": 0, "offset_hours": hours, "notify_officers": True, "escalate": False,
            "in_app": True, "email": True, "subject": subject, "subject_en": subject_en, "message": message,
            "message_en": message_en, "is_active": True,
        })


def remove_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.filter(name__in=[r[0] for r in RULES], deliveries__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0002_pg_trgm_extension"),
        ("notifications", "0004_reminder_rule_escalate_to_nearest_officers"),
    ]

    operations = [migrations.RunPython(create_rules, remove_rules)]
