from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.index, name="reports_index"),
    path("reports/dashboard/", views.dashboard, name="reports_dashboard"),
    path("reports/rollup/", views.rollup, name="reports_rollup"),
    path("reports/indicator-sets/", views.indicator_sets, name="indicator_sets"),
    path("reports/indicator-sets/<slug:code>/", views.indicator_set_edit, name="indicator_set_edit"),
    path("reports/<int:period_pk>/units/<int:unit_pk>/", views.save, name="report_save"),
    path("reports/<int:period_pk>/units/<int:unit_pk>/remind/", views.remind, name="report_remind"),
    path("reports/r/<int:pk>/", views.detail, name="report_detail"),
    path("reports/r/<int:pk>/<str:decision>/", views.decide, name="report_decide"),
]
