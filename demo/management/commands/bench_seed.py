"""``manage.py bench_seed --size small|full``: the federation at scale, for ``make bench`` (issue 14)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import scale


class Command(BaseCommand):
    help = "Fill an empty database with the benchmark data (bulk inserts, progress bar); refuses any other database."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(scale.SIZES), default="small")
        parser.add_argument("--if-needed", action="store_true",
                            help="do nothing when this database already holds the bench data of this size")

    def handle(self, *args, size, if_needed, **options):
        try:
            state = scale.check_target(size)
        except scale.Refused as exc:
            raise CommandError(f"bench_seed: {exc}") from None
        if state == "done":
            if if_needed:
                self.stdout.write(f"bench_seed: {connection.settings_dict['NAME']} already holds the {size} data")
                return
            raise CommandError(f"bench_seed: this database already holds the {size} data (use --if-needed)")
        scale.seed(size)
        self.stdout.write(self.style.SUCCESS(f"bench_seed: {size} data written"))
