from django.urls import path

from . import views

urlpatterns = [
    path("units/", views.units_index, name="units_index"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("units/<int:pk>/members/import/", views.member_import, name="member_import"),
    path(
        "units/<int:pk>/members/<int:membership_pk>/temp-password/",
        views.member_temp_password,
        name="member_temp_password",
    ),
    path(
        "units/<int:pk>/members/<int:membership_pk>/unlock-login/",
        views.member_login_unlock,
        name="member_login_unlock",
    ),
    path(
        "units/<int:pk>/members/<int:membership_pk>/<str:decision>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path("units/<int:pk>/units/import/", views.units_import, name="units_import"),
    path("units/<int:pk>/imports/<int:batch_pk>/", views.import_batch, name="import_batch"),
    path("units/<int:pk>/invite.svg", views.invite_qr, name="invite_qr"),
    path("units/<int:pk>/invite/reset/", views.invite_reset, name="invite_reset"),
    path("units/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("units/<int:pk>/roles/<int:role_pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("join/<str:token>/", views.join, name="join"),
]
