from django.urls import path

from . import views

urlpatterns = [
    path("", views.notice, name="privacy_notice"),
    path("my-data.zip", views.export, name="privacy_export"),
    path("erasure/", views.erasure_request, name="privacy_erasure_request"),
    path("requests/", views.requests, name="privacy_requests"),
    path("requests/<int:pk>/", views.request_detail, name="privacy_request_detail"),
]
