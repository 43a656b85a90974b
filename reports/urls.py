from django.urls import path, re_path

from . import views

urlpatterns = [
    path("reports/", views.index, name="reports_index"),
    path("reports/dashboard/", views.dashboard, name="reports_dashboard"),
    path("reports/rollup/", views.rollup, name="reports_rollup"),
    path("reports/indicator-sets/", views.indicator_sets, name="indicator_sets"),
    path("reports/indicator-sets/<slug:code>/", views.indicator_set_edit, name="indicator_set_edit"),
    path("reports/<int:period_pk>/units/<int:unit_pk>/", views.save, name="report_save"),
    path("reports/<int:period_pk>/units/<int:unit_pk>/remind/", views.remind, name="report_remind"),
    re_path(r"^reports/annual/(?P<year>[0-9]{4})/export\.(?P<fmt>xlsx|csv|pdf|docx)$", views.annual_export,
            name="report_annual_export"),
    path("reports/exports/<int:pk>/", views.export_job, name="report_export_job"),
    path("reports/exports/<int:pk>/download/", views.export_job_download, name="report_export_download"),
    path("reports/r/<int:pk>/", views.detail, name="report_detail"),
    path("reports/r/<int:pk>/<str:decision>/", views.decide, name="report_decide"),
]
