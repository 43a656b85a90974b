"""Who reaches which report (on :mod:`unions.scope`).

A unit's report is visible to the officers of the unit and of its ancestors; the officers of the
parent (or above) accept, return and reopen it; only the unit's own officers fill and submit it.
Anything outside the user's subtrees is a 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from unions.models import Union
from unions.scope import scope_for

from .models import ExportJob, ReportPeriod, UnitReport


def reports_visible_to(user):
    return UnitReport.objects.filter(scope_for(user).filter("unit__path")).select_related("unit", "period", "version")


def get_report_for_user(user, pk):
    return get_object_or_404(reports_visible_to(user), pk=pk)


def get_unit_for_user(user, pk):
    """A unit in the user's subtrees (404 otherwise)."""
    return get_object_or_404(Union.objects.filter(scope_for(user).filter("path")), pk=pk)


def filing_units(user):
    """The units whose reports the user files: those of the user's roles (every root for a superuser)."""
    scope = scope_for(user)
    ids = scope.role_unit_ids()
    if not ids and scope.sees_everything:
        return Union.objects.filter(parent__isnull=True).order_by("path")
    return Union.objects.filter(pk__in=ids).order_by("path")


def default_unit(user, pk=None):
    """The unit a report page is about: ``?unit=`` if the user reaches it, else the first unit filed."""
    if pk:
        return get_unit_for_user(user, pk)
    unit = filing_units(user).first()
    if unit is None:
        raise Http404
    return unit


def may_file(user, unit):
    """Only the unit's own officers (a role on that very unit) fill and submit its report."""
    return unit.pk in scope_for(user).role_unit_ids()


def may_decide(user, report):
    scope = scope_for(user)
    if report.unit.parent_id is None:
        return scope.sees_everything
    return scope.covers(report.unit.parent)


def get_period(pk=None):
    from . import selectors

    if pk:
        return get_object_or_404(ReportPeriod.objects.select_related("version"), pk=pk)
    period = selectors.current_period()
    if period is None:
        raise Http404
    return period


def get_indicator_set(code):
    from .models import IndicatorSet

    return get_object_or_404(IndicatorSet, code=code)
def get_annual_period(year):
    """The annual period of ``year`` (404 if there is none)."""
    from . import selectors

    period = selectors.annual_period(year)
    if period is None:
        raise Http404
    return period


def get_export_job_for_user(user, pk):
    """An export job of the user's own (anyone else's is a 404, HQ's included)."""
    return get_object_or_404(ExportJob.objects.select_related("unit", "period"), pk=pk, owner=user)
