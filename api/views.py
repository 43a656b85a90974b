"""The read-only API. Every query goes through the key owner's scope (``request.scope``); a unit or a
report outside the owner's subtrees is a 404. List pages run a fixed number of queries whatever
their size (tests/test_api_views.py counts them)."""

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from reports import selectors as report_selectors
from reports.access import reports_visible_to
from reports.models import Indicator, IndicatorSet, IndicatorSetVersion, ReportPeriod, ReportStatus, ReportValue
from unions.models import Union
from unions.scope import scope_for

from . import serializers as s

# The largest id a database integer column holds (ids are 64-bit).
MAX_ID = 2**63 - 1


def _int(value):
    """The number typed in a query parameter, or None when it is none. ASCII digits only (``"²"``
    passes ``str.isdigit`` but not ``int``); a number past ``MAX_ID`` can name no object and the
    databases refuse it as a parameter, so it reads as 0, which names none either."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= MAX_ID else 0


class ScopedMixin:
    """Puts the key owner's scope on the request (``request.scope``), as the portal's pages have it."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        request._request.user = request.user
        request._request.scope = scope_for(request.user)

    @property
    def scope(self):
        return self.request._request.scope


def _units(scope):
    return Union.objects.filter(scope.filter("path")).annotate(parent_code=F("parent__code"))


UNIT_FILTERS = [
    OpenApiParameter("parent", int, description="Only the children of this unit."),
    OpenApiParameter("level", int, description="Only units of this level (1–5)."),
    OpenApiParameter("ended", bool, description="Include units that merged away or were dissolved."),
]


@extend_schema(tags=["units"], parameters=UNIT_FILTERS)
class UnitList(ScopedMixin, generics.ListAPIView):
    """The units of the subtrees the key's owner manages, in tree order."""

    serializer_class = s.UnitSerializer

    def get_queryset(self):
        units = _units(self.scope)
        params = self.request.query_params
        if params.get("ended") not in ("1", "true"):
            units = units.current()
        if _int(params.get("parent")) is not None:
            units = units.filter(parent_id=_int(params.get("parent")))
        if _int(params.get("level")) is not None:
            units = units.filter(level=_int(params.get("level")))
        return units.order_by("path")


@extend_schema(tags=["units"])
class UnitDetail(ScopedMixin, generics.RetrieveAPIView):
    serializer_class = s.UnitSerializer

    def get_queryset(self):
        return _units(self.scope)


@extend_schema(tags=["periods"])
class PeriodList(ScopedMixin, generics.ListAPIView):
    """Report periods (the same for the whole federation), newest first."""

    serializer_class = s.PeriodSerializer
    queryset = ReportPeriod.objects.select_related("version__indicator_set").order_by("-starts_on", "-id")


@extend_schema(tags=["periods"])
class PeriodDetail(ScopedMixin, generics.RetrieveAPIView):
    serializer_class = s.PeriodSerializer
    queryset = ReportPeriod.objects.select_related("version__indicator_set")


@extend_schema(tags=["indicators"])
class IndicatorSetList(ScopedMixin, generics.ListAPIView):
    """Indicator sets and their versions (a set changed after reports were filed gets a new version)."""

    serializer_class = s.IndicatorSetSerializer

    def get_queryset(self):
        return IndicatorSet.objects.prefetch_related(
            Prefetch("versions", queryset=IndicatorSetVersion.objects.order_by("number"))
        ).order_by("code")


@extend_schema(tags=["indicators"], parameters=[
    OpenApiParameter("period", int, description="The indicators of this period's version."),
    OpenApiParameter("version", int, description="The indicators of this indicator-set version (its id)."),
])
class IndicatorList(ScopedMixin, generics.ListAPIView):
    """Indicators: code, Vietnamese and English labels, unit, computed or entered."""

    serializer_class = s.IndicatorSerializer

    def get_queryset(self):
        inds = Indicator.objects.annotate(set_code=F("version__indicator_set__code"),
                                          version_number=F("version__number"))
        params = self.request.query_params
        if "period" in params:
            period = get_object_or_404(ReportPeriod, pk=_int(params.get("period")) or 0)
            inds = inds.filter(version_id=period.version_id)
        elif "version" in params:
            inds = inds.filter(version_id=_int(params.get("version")) or 0)
        return inds.order_by("version__indicator_set__code", "version__number", "position", "id")


REPORT_FILTERS = [
    OpenApiParameter("period", int, description="Only reports of this period."),
    OpenApiParameter("unit", int, description="Only reports of this unit's subtree (inside yours)."),
    OpenApiParameter("status", str, enum=["draft", "submitted", "returned", "accepted"]),
]


class ReportsMixin(ScopedMixin):
    serializer_class = s.ReportSerializer

    def get_queryset(self):
        reports = reports_visible_to(self.request.user).select_related("unit", "period", "version")
        params = self.request.query_params
        if "period" in params:
            reports = reports.filter(period_id=_int(params.get("period")) or 0)
        if "unit" in params:
            unit = get_object_or_404(_units(self.scope), pk=_int(params.get("unit")) or 0)
            reports = reports.filter(unit__path__startswith=unit.path)
        if params.get("status"):  # compared in Python: a NUL byte is no SQL parameter on PostgreSQL
            status = params["status"]
            reports = reports.filter(status=status) if status in ReportStatus.values else reports.none()
        values = ReportValue.objects.select_related("indicator").order_by("indicator__position", "indicator__id")
        return reports.prefetch_related(Prefetch("values", queryset=values, to_attr="ordered_values")).order_by(
            "-period__starts_on", "unit__path", "id")


@extend_schema(tags=["values"], parameters=REPORT_FILTERS)
class ReportList(ReportsMixin, generics.ListAPIView):
    """Unit reports of your subtrees with their own figures (one row per indicator)."""


@extend_schema(tags=["values"])
class ReportDetail(ReportsMixin, generics.RetrieveAPIView):
    """One unit report with its figures."""


@extend_schema(tags=["values"], responses=s.UnitValuesSerializer, parameters=[
    OpenApiParameter("period", int, description="The period (default: the current one)."),
    OpenApiParameter("accepted", bool, description="Roll up accepted reports only (default: all filed)."),
])
class UnitValues(ScopedMixin, APIView):
    """A unit's figures for a period: its own report's values and the roll-up over its subtree."""

    def get(self, request, pk):
        unit = get_object_or_404(_units(self.scope), pk=pk)
        period_pk = _int(request.query_params.get("period"))
        if period_pk is not None:
            period = get_object_or_404(ReportPeriod.objects.select_related("version"), pk=period_pk)
        else:
            period = report_selectors.current_period()
            if period is None:
                raise Http404
        accepted_only = request.query_params.get("accepted") in ("1", "true")
        report = report_selectors.report_for(unit, period)
        own = sorted(report_selectors.value_map(report).values(),
                     key=lambda v: (v.indicator.position, v.indicator.pk))
        totals = report_selectors.rollup(unit, period, accepted_only=accepted_only)
        order = [i.code for i in report_selectors.indicators_of(period.version)]
        rolled = [{"code": code, **totals[code]} for code in order if code in totals]
        rolled += [{"code": code, **totals[code]} for code in sorted(set(totals) - set(order))]
        data = {"unit": unit, "period": period, "accepted_only": accepted_only, "report": report, "own": own,
                "rolled_up": rolled}
        return Response(s.UnitValuesSerializer(data).data)
