"""pg_trgm for near-duplicate claims, on PostgreSQL only and only where the role may create it.

Without the extension (SQLite, or a managed PostgreSQL where it is not allowed) the portable
fallback of ``incidents.matching`` is used; nothing else changes.
"""

from django.db import migrations


def create_extension(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT incidents_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no privilege: the fallback matcher is used
            cursor.execute("ROLLBACK TO SAVEPOINT incidents_trgm")
        else:
            cursor.execute("RELEASE SAVEPOINT incidents_trgm")


class Migration(migrations.Migration):

    dependencies = [("incidents", "0001_hot_issues_and_misinformation")]

    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop)]
