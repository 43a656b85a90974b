"""Fill ``User.sort_name`` for the accounts that existed before the column (chunked bulk updates)."""

from django.db import migrations

CHUNK = 2000


def fill(apps, schema_editor):
    from accounts.text import name_sort_key

    User = apps.get_model("accounts", "User")
    last = 0
    while True:
        users = list(User.objects.filter(pk__gt=last).order_by("pk").only("pk", "full_name", "username")[:CHUNK])
        if not users:
            break
        for user in users:
            user.sort_name = name_sort_key(user.full_name or user.username)
        User.objects.bulk_update(users, ["sort_name"])
        last = users[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_user_sort_name"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
