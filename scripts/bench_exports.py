"""Export benchmarks of ``make bench`` (issue 14): the annual report over the whole tree.

A hook for now: the annual report exporter (``/reports/annual/<year>/export.<format>``, URL name
``reports_annual_export``) is being built separately. Until that URL exists this step says so and
passes; once it exists, fill in :func:`run` (time and peak memory of CSV, XLSX, PDF and DOCX for
``hq``, and PostgreSQL's ``COPY … TO STDOUT`` of the same rows as the CSV's floor).
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
        return reverse("reports_annual_export", args=[2026, "csv"])
    except NoReverseMatch:
        return None


def run(url, size):  # pragma: no cover - waits for the exporter
    raise SystemExit(f"bench_exports: the exporter exists ({url}) but its benchmark is not written yet")


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
