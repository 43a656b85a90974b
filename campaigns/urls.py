from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
]
