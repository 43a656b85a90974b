"""Time and peak memory of the annual report's exports over a generated big tree.

Builds, in a throw-away SQLite database, a tree of ``--units`` units (root → provinces/sectors →
upper-grassroots → grassroots unions), each with a filed 2026 report carrying every indicator,
then writes the root's annual report in each format (``reports.exports.write_file``, what the
export job runs) and prints the time, the peak of Python allocations (tracemalloc) and the rows.

    .venv/bin/python scripts/bench_annual_export.py --units 20000

Memory should stay flat as ``--units`` grows for CSV and XLSX (units are read a chunk at a time;
XlsxWriter runs in constant memory); PDF and DOCX hold the document, whose appendix lists only the
root's children. Nothing of the developer's data is touched.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_CODE = "BENCH"  # the root's code: how a database holding this script's tree is recognised
sys.path.insert(0, str(ROOT))


def measure(root, period, fmt):
    """Write ``root``'s annual report of ``period`` as ``fmt`` once (what the export job runs) and
    return the line to print: time, peak of Python allocations, file size."""
    from reports import exports

    report = exports.AnnualReport(root, period)
    tracemalloc.start()
    began = time.perf_counter()
    handle = exports.write_file(report, fmt)
    seconds = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = handle.seek(0, 2)
    handle.close()
    return f"{fmt:5} {seconds:7.2f} s   peak {peak / 2**20:7.1f} MiB   file {size / 2**20:6.1f} MiB"


def build_tree(units, Union, Level, path_segment):  # noqa: N803 - model classes
    """``units`` units by levels, with explicit ids so that paths are computed without saves."""
    provinces = max(1, units // 1000)
    uppers = max(1, units // 50)
    grassroots = units - 1 - provinces - uppers
    rows, next_id = [], 1
    root = Union(pk=next_id, name="Công đoàn Công Thương Việt Nam", code=BENCH_CODE, level=Level.PROVINCE_SECTOR,
                 path=path_segment(next_id), depth=0)
    rows.append(root)

    def add(parent, name, code, level):
        nonlocal next_id
        next_id += 1
        unit = Union(pk=next_id, parent_id=parent.pk, name=name, code=code, level=level,
                     path=parent.path + path_segment(next_id), depth=parent.depth + 1)
        rows.append(unit)
        return unit

    level_p = [add(root, f"Công đoàn ngành số {i}", f"P{i}", Level.UPPER_GRASSROOTS) for i in range(provinces)]
    level_u = [add(level_p[i % provinces], f"Công đoàn Tổng Công ty số {i}", f"U{i}", Level.UPPER_GRASSROOTS)
               for i in range(uppers)]
    for i in range(grassroots):
        add(level_u[i % uppers], f"Công đoàn Công ty số {i}", f"G{i}", Level.GRASSROOTS)
    Union.objects.bulk_create(rows, batch_size=2000)
    return root


def build_reports(units, Union, Level, path_segment):  # noqa: N803 - model classes
    """The tree, a 2026 annual period and a filed report with every indicator for each unit but the root."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from reports.catalogue import ensure_default_version
    from reports.models import ReportPeriod, ReportStatus, ReportValue, UnitReport

    started = time.perf_counter()
    root = build_tree(units, Union, Level, path_segment)
    version = ensure_default_version()
    inds = list(version.indicators.all())
    period = ReportPeriod.objects.create(kind="annual", year=2026, title="Báo cáo năm 2026",
                                         starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
                                         due_on=dt.date(2026, 12, 15), version=version)
    submitted = timezone.now()
    ids = list(Union.objects.exclude(pk=root.pk).values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        UnitReport.objects.bulk_create([
            UnitReport(unit_id=pk, period=period, version=version, status=ReportStatus.SUBMITTED,
                       submitted_at=submitted, narrative_1="Giới thiệu gương người tốt, việc tốt.")
            for pk in chunk
        ])
        reports = UnitReport.objects.filter(period=period, unit_id__in=chunk).values_list("pk", flat=True)
        ReportValue.objects.bulk_create([
            ReportValue(report_id=rid, indicator=ind, entered_value=Decimal((rid * 7 + n) % 500))
            for rid in reports for n, ind in enumerate(inds)
        ], batch_size=5000)
    print(f"tree: {units} units, {len(ids)} filed reports, {len(ids) * len(inds)} values "  # noqa: T201
          f"(built in {time.perf_counter() - started:.1f} s)")
    return root, period


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--formats", default="csv,xlsx,pdf,docx")
    parser.add_argument("--database-url", default="",
                        help="build the tree in this database (empty, or holding a tree this script built, "
                             "which is then reused) instead of a throw-away SQLite")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-annual-"))
    os.environ.update({
        "DEBUG": "true", "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"), "CELERY_FILESYSTEM_DIR": str(work / "celery"),
        "LOG_LEVEL": "WARNING",
    })
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        from reports.models import ReportPeriod
        from unions.models import Level, Union, path_segment

        existing = Union.objects.count()
        root = Union.objects.filter(code=BENCH_CODE, parent__isnull=True).first()
        if existing and not (root and existing == args.units):
            print(f"bench_annual_export: the database holds {existing} units, not a tree of {args.units} "  # noqa: T201
                  "built by this script: refused")
            return 2
        if root:
            period = ReportPeriod.objects.get(kind="annual", year=2026)
            print(f"tree: {existing} units, reused")  # noqa: T201
        else:
            root, period = build_reports(args.units, Union, Level, path_segment)
        for fmt in args.formats.split(","):
            print(measure(root, period, fmt))  # noqa: T201
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
