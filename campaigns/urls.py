from django.urls import include, path

from . import views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/news/", views.news_list, name="news_list"),
    path("campaigns/news/new/", views.news_create, name="news_create"),
    path("campaigns/news/<int:pk>/", views.news_detail, name="news_detail"),
    path("campaigns/news/<int:pk>/edit/", views.news_edit, name="news_edit"),
    path("campaigns/kits/", views.kit_manage, name="kit_manage"),
    path("campaigns/kits/new/", views.kit_create, name="kit_create"),
    path("campaigns/kits/<int:pk>/", views.kit_detail, name="kit_detail"),
    path("campaigns/kits/<int:pk>/edit/", views.kit_edit, name="kit_edit"),
    path("campaigns/proofs/", views.proof_queue, name="proof_queue"),
    path("campaigns/proofs/<int:pk>/<str:decision>/", views.proof_decide, name="proof_decide"),
    path("campaigns/stats/", views.stats, name="campaign_stats"),
    path("campaigns/stats/export.csv", views.stats_export, name="campaign_stats_export"),
    path("campaigns/lessons/", views.lesson_list, name="lesson_list"),
    path("campaigns/lessons/new/", views.lesson_create, name="lesson_create"),
    path("campaigns/lessons/<slug:slug>/", views.lesson_detail, name="lesson_detail"),
    path("campaigns/lessons/<slug:slug>/edit/", views.lesson_edit, name="lesson_edit"),
    path("campaigns/lessons/<slug:slug>/certificate/", views.lesson_certificate, name="lesson_certificate"),
    path("", include("campaigns.frame_urls")),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<slug:slug>/edit/", views.campaign_edit, name="campaign_edit"),
    path("s/<str:code>", views.tracked_link, name="tracked_link"),
]
