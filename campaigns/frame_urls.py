from django.urls import path

from . import frame_views

urlpatterns = [
    path("campaigns/<slug:slug>/frame/", frame_views.frame_studio, name="frame_studio"),
    path("campaigns/<slug:slug>/frame/<int:pk>.png", frame_views.frame_variant, name="frame_variant"),
    path("campaigns/<slug:slug>/frame/<int:pk>/used/", frame_views.frame_use, name="frame_use"),
    path("campaigns/<slug:slug>/frame/manage/", frame_views.frame_manage, name="frame_manage"),
    path("campaigns/<slug:slug>/frame/manage/<int:pk>/", frame_views.frame_edit, name="frame_edit"),
    path("campaigns/<slug:slug>/frame/stats/", frame_views.frame_stats, name="frame_stats"),
]
