from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/dashboard/", views.incident_dashboard, name="incident_dashboard"),
    path("incidents/export.csv", views.incident_export, name="incident_export"),
    path("incidents/export.xlsx", views.incident_export_xlsx, name="incident_export_xlsx"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/update/", views.incident_update, name="incident_update"),
    path("incidents/<int:pk>/files/<int:file_pk>/", views.incident_file, name="incident_file"),
    path("incidents/<int:pk>/<slug:action>/", views.incident_action, name="incident_action"),
    path("incidents/misinformation/", views.misinfo_list, name="misinfo_list"),
    path("incidents/misinformation/new/", views.misinfo_create, name="misinfo_create"),
    path("incidents/misinformation/<int:pk>/", views.misinfo_detail, name="misinfo_detail"),
    path("incidents/misinformation/<int:pk>/screenshot", views.misinfo_screenshot, name="misinfo_screenshot"),
    path("incidents/misinformation/<int:pk>/status/", views.misinfo_status, name="misinfo_status"),
    path("incidents/misinformation/<int:pk>/rebuttal/", views.rebuttal_edit, name="rebuttal_edit"),
    path("incidents/misinformation/<int:pk>/rebuttal/decide/", views.rebuttal_decide, name="rebuttal_decide"),
    path("incidents/misinformation/<int:pk>/takedown/", views.takedown_create, name="takedown_create"),
    path("incidents/takedowns/<int:pk>/outcome/", views.takedown_outcome, name="takedown_outcome"),
    path("rebuttals/", views.rebuttal_list, name="rebuttal_list"),
    path("rebuttals/<slug:slug>/", views.rebuttal_detail, name="rebuttal_detail"),
]
