from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from unions import services
from unions.imports import ImportFileError
from unions.models import ImportBatch, Union


class Command(BaseCommand):
    help = "Import or update units under a root unit from a CSV/XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--root", required=True, help="code of the unit the rows go under")
        parser.add_argument("--actor", required=True, help="username recorded in the audit log")
        parser.add_argument("--dry-run", action="store_true", help="check only, import nothing")

    def handle(self, *args, **options):
        try:
            root = Union.objects.get(code=options["root"])
        except Union.DoesNotExist:
            raise CommandError(f"No unit with code {options['root']!r}") from None
        actor = User.objects.filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"No user {options['actor']!r}")
        try:
            with open(options["file"], "rb") as handle:
                batch = services.import_preview(
                    actor=actor, union=root, uploaded=File(handle, name=options["file"]), kind=ImportBatch.Kind.UNITS
                )
        except (ImportFileError, OSError) as exc:
            raise CommandError(str(exc)) from None
        if batch.errors:
            for error in batch.errors:
                self.stderr.write(f"Dòng {error['line']}: " + "; ".join(error["messages"]))
            raise CommandError(f"{len(batch.errors)} dòng có lỗi; không nhập gì.")
        if options["dry_run"]:
            self.stdout.write(f"{len(batch.rows)} dòng hợp lệ (chạy thử, chưa nhập).")
            return
        count = services.import_apply(actor=actor, batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {count} đơn vị."))
