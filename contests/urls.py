from django.urls import path

from . import views

urlpatterns = [
    path("contests/", views.contest_list, name="contest_list"),
    path("contests/<slug:slug>/", views.contest_detail, name="contest_detail"),
]
