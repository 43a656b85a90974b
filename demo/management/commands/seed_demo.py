from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from campaigns import demo as campaigns_demo
from campaigns import demo_frames
from contests import demo as contests_demo
from demo.pictures import font_path
from incidents import demo as incidents_demo
from notifications import demo as notifications_demo
from privacy import demo as privacy_demo
from reports import demo as reports_demo
from submissions import demo as submissions_demo
from unions import demo as unions_demo
from unions.models import Union

# Each app that has something to show adds its seeding step here, in dependency order.
# The reminder scan comes last: it reminds of whatever the other steps left due.
STEPS = [
    unions_demo.seed, campaigns_demo.seed, demo_frames.seed, submissions_demo.seed, contests_demo.seed, incidents_demo.seed, reports_demo.seed,
    accounts_demo.seed, privacy_demo.seed, notifications_demo.seed,
]


class Command(BaseCommand):
    help = "Load the demo tree, accounts and content (password demo1234). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any unit exists")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: demo accounts share one password.")
        if options["if_empty"] and Union.objects.exists():
            self.stdout.write("Database already has data; demo data not loaded.")
            return
        if Union.objects.filter(code=unions_demo.ROOT_CODE).exists():
            raise CommandError("Demo data is already loaded.")
        if font_path() is None:
            self.stderr.write("No font with Vietnamese letters found (install fonts-dejavu-core): "
                              "demo pictures are drawn without their titles.")
        context = {}
        with transaction.atomic():
            for step in STEPS:
                step(context, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Accounts: hq, upper, officer, sibling, member / demo1234"))
