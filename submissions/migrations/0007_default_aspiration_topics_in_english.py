"""English names for the default aspiration topics (those of 0002), where none is set yet."""

from django.db import migrations

ENGLISH = {
    "Tiền lương, thu nhập": "Wages and income",
    "Điều kiện làm việc, an toàn vệ sinh lao động": "Working conditions, occupational safety and health",
    "Việc làm, hợp đồng lao động": "Jobs and employment contracts",
    "Bảo hiểm xã hội, bảo hiểm y tế": "Social insurance and health insurance",
    "Nhà ở, đời sống, phúc lợi": "Housing, living conditions and welfare",
    "Hoạt động công đoàn": "Union activities",
    "Văn kiện Đại hội": "Congress documents",
    "Khác": "Other",
}


def add_english_names(apps, schema_editor):
    Topic = apps.get_model("submissions", "AspirationTopic")
    for name, name_en in ENGLISH.items():
        Topic.objects.filter(name=name, name_en="").update(name_en=name_en)


def remove_english_names(apps, schema_editor):
    Topic = apps.get_model("submissions", "AspirationTopic")
    for name, name_en in ENGLISH.items():
        Topic.objects.filter(name=name, name_en=name_en).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("submissions", "0006_aspiration_topic_name_en")]

    operations = [migrations.RunPython(add_english_names, remove_english_names)]
