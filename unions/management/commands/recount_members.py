from django.core.management.base import BaseCommand

from unions.services import union_recount_all_members


class Command(BaseCommand):
    help = (
        "Recount the active members of every unit (Union.member_count) in one statement. "
        "Counts are kept by a task after each change; this repairs them if such tasks were lost."
    )

    def handle(self, *args, **options):
        updated = union_recount_all_members()
        self.stdout.write(f"Recounted {updated} units.")
