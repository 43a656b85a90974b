"""Prizes and their total value are computed from the contests app (its draws and winners) since
contests landed. Versions of the default set that no report was filed with are brought up to date
in place; a version with filed reports is left as it was filed (HQ edits it into a new version
from the indicator-set editor, which keeps the old one readable)."""

from django.db import migrations

from reports.catalogue import SET_CODE

CODES = ("prizes", "prize_value")


def computed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")  # noqa: N806
    for code in CODES:  # the source of each is the indicator's own code (reports/indicators.py)
        Indicator.objects.filter(
            version__indicator_set__code=SET_CODE, version__reports__isnull=True, code=code, mode="entered",
        ).update(mode="computed", source=code)


def entered(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")  # noqa: N806
    Indicator.objects.filter(
        version__indicator_set__code=SET_CODE, version__reports__isnull=True, code__in=CODES, mode="computed",
    ).update(mode="entered", source="")


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_export_job")]
    operations = [migrations.RunPython(computed, entered)]
