from django.db import migrations

TOPICS = [
    "Tiền lương, thu nhập",
    "Điều kiện làm việc, an toàn vệ sinh lao động",
    "Việc làm, hợp đồng lao động",
    "Bảo hiểm xã hội, bảo hiểm y tế",
    "Nhà ở, đời sống, phúc lợi",
    "Hoạt động công đoàn",
    "Văn kiện Đại hội",
    "Khác",
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("submissions", "AspirationTopic")
    for position, name in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"position": position * 10})


def remove_topics(apps, schema_editor):
    apps.get_model("submissions", "AspirationTopic").objects.filter(name__in=TOPICS, submissions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_submissions_media_review_topics")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
