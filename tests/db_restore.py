"""Restoring rows that a whole-database flush removed."""


def restore_migration_data(data):
    """Put back the migrations' rows with their ids, then move PostgreSQL's id sequences past them
    (otherwise the next insert collides with a restored row; SQLite needs nothing)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    connection.creation.deserialize_db_from_string(data)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
