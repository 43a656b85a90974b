"""Export benchmarks of ``make bench`` (issue 14): the annual report over the whole tree.

On the seeded database: the annual report of the whole tree (the root unit, the newest annual
period) written in each format by the same code as ``/reports/annual/<year>/export.<format>``,
with its time and peak Python memory (tracemalloc). PostgreSQL's ``COPY … TO STDOUT`` floor for
the CSV is not measured yet.
"""
# ruff: noqa: T201 - a command-line benchmark prints its results

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def exporter_url():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("report_annual_export", args=[2026, "csv"])
    except NoReverseMatch:
        return None


def run(url, size):
    from bench_annual_export import measure  # this folder is on sys.path when a script runs

    from reports.models import ReportPeriod
    from unions.models import Union

    root = Union.objects.filter(parent__isnull=True).order_by("pk").first()
    period = ReportPeriod.objects.filter(kind="annual").order_by("-year").first()
    if root is None or period is None:
        print("bench_exports: no unit or annual period in this database: skipped")
        return 0
    units = Union.objects.filter(path__startswith=root.path).count()
    print(f"Annual report {period.year} of {root.name} ({units} units, size {size}), as {url}")
    for fmt in ("csv", "xlsx", "pdf", "docx"):
        print(f"  {measure(root, period, fmt)}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="full")
    args = parser.parse_args()
    url = exporter_url()
    if url is None:
        print("bench_exports: the annual report export is not built yet: skipped")
        return 0
    return run(url, args.size)


if __name__ == "__main__":
    sys.exit(main())
