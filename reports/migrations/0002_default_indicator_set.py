from django.db import migrations

# Frozen copy of reports.catalogue as of this migration (later changes are new versions).
from reports.catalogue import INDICATORS, RULES, SET_CODE, SET_NAME


def seed(apps, schema_editor):
    IndicatorSet = apps.get_model("reports", "IndicatorSet")
    IndicatorSetVersion = apps.get_model("reports", "IndicatorSetVersion")
    Indicator = apps.get_model("reports", "Indicator")
    indicator_set, _ = IndicatorSet.objects.get_or_create(code=SET_CODE, defaults={"name": SET_NAME})
    version, created = IndicatorSetVersion.objects.get_or_create(indicator_set=indicator_set, number=1,
                                                                 defaults={"rules": RULES})
    if not created:
        return
    Indicator.objects.bulk_create([
        Indicator(version=version, code=code, label=label, group=group, measure=measure, mode=mode, source=source,
                  allow_negative=allow_negative, position=position)
        for position, (code, label, group, measure, mode, source, allow_negative) in enumerate(INDICATORS)
    ])


def unseed(apps, schema_editor):
    apps.get_model("reports", "Indicator").objects.filter(version__indicator_set__code=SET_CODE).delete()
    apps.get_model("reports", "IndicatorSetVersion").objects.filter(indicator_set__code=SET_CODE).delete()
    apps.get_model("reports", "IndicatorSet").objects.filter(code=SET_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial_reports")]
    operations = [migrations.RunPython(seed, unseed)]
