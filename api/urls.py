from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("api/openapi.json", SpectacularAPIView.as_view(), {"format": "json"}, name="api_schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("api/units/", views.UnitList.as_view(), name="api_units"),
    path("api/units/<int:pk>/", views.UnitDetail.as_view(), name="api_unit"),
    path("api/units/<int:pk>/values/", views.UnitValues.as_view(), name="api_unit_values"),
    path("api/periods/", views.PeriodList.as_view(), name="api_periods"),
    path("api/periods/<int:pk>/", views.PeriodDetail.as_view(), name="api_period"),
    path("api/indicator-sets/", views.IndicatorSetList.as_view(), name="api_indicator_sets"),
    path("api/indicators/", views.IndicatorList.as_view(), name="api_indicators"),
    path("api/reports/", views.ReportList.as_view(), name="api_reports"),
    path("api/reports/<int:pk>/", views.ReportDetail.as_view(), name="api_report"),
]
