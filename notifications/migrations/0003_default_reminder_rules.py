"""Default reminder rules: 7 days and 1 day before, on the day, 1 and 3 days overdue (escalating).

HQ edits them in the admin; they apply to every deadline kind (blank kind).
"""

from django.db import migrations

MESSAGE = "{label} — {unit}: {title}. Hạn: {due}."
MESSAGE_EN = "{label} — {unit}: {title}. Due: {due}."
OVERDUE = "{label} — {unit}: {title} đã quá hạn {days} ngày (hạn: {due}). Đề nghị khẩn trương hoàn thành."
OVERDUE_EN = "{label} — {unit}: {title} is {days} day(s) overdue (due: {due}). Please complete it without delay."

RULES = [
    # name, offset_days, escalate, subject, subject_en, message, message_en
    ("Nhắc trước hạn 7 ngày", -7, False, "Còn 7 ngày đến hạn: {title}", "7 days left: {title}", MESSAGE, MESSAGE_EN),
    ("Nhắc trước hạn 1 ngày", -1, False, "Ngày mai đến hạn: {title}", "Due tomorrow: {title}", MESSAGE, MESSAGE_EN),
    ("Nhắc đúng ngày đến hạn", 0, False, "Hôm nay đến hạn: {title}", "Due today: {title}", MESSAGE, MESSAGE_EN),
    ("Quá hạn 1 ngày — báo cấp trên", 1, True, "Quá hạn 1 ngày: {title}", "1 day overdue: {title}", OVERDUE,
     OVERDUE_EN),
    ("Quá hạn 3 ngày — báo cấp trên", 3, True, "Quá hạn 3 ngày: {title}", "3 days overdue: {title}", OVERDUE,
     OVERDUE_EN),
]


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for name, offset_days, escalate, subject, subject_en, message, message_en in RULES:
        ReminderRule.objects.get_or_create(
            name=name,
            defaults={
                "kind": "", "offset_days": offset_days, "offset_hours": 0, "notify_officers": True,
                "escalate": escalate, "in_app": True, "email": True, "subject": subject, "subject_en": subject_en,
                "message": message, "message_en": message_en, "is_active": True,
            },
        )


def remove_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.filter(name__in=[r[0] for r in RULES], deliveries__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_reminder_rules_deliveries_and_email_state"),
    ]

    operations = [migrations.RunPython(create_rules, remove_rules)]
