from django.db import migrations

from reports.catalogue import SET_CODE, ensure_default_version


def seed(apps, schema_editor):
    ensure_default_version(apps.get_model("reports", "IndicatorSet"), apps.get_model("reports", "IndicatorSetVersion"),
                           apps.get_model("reports", "Indicator"))


def unseed(apps, schema_editor):
    apps.get_model("reports", "Indicator").objects.filter(version__indicator_set__code=SET_CODE).delete()
    apps.get_model("reports", "IndicatorSetVersion").objects.filter(indicator_set__code=SET_CODE).delete()
    apps.get_model("reports", "IndicatorSet").objects.filter(code=SET_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial_reports")]
    operations = [migrations.RunPython(seed, unseed)]
