from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.ratelimit import rate_limit

from . import views
from .forms import LoginForm, PortalPasswordResetForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path(
        "password_reset/",
        # The brand, not the request's host name, in the email's subject and body.
        rate_limit("password_reset", key="ip")(auth_views.PasswordResetView.as_view(
            form_class=PortalPasswordResetForm, extra_email_context={"site_name": settings.SITE_NAME}
        )),
        name="password_reset",
    ),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("profile/", views.profile, name="profile"),
    path("profile/api-keys/", views.api_token_new, name="api_token_new"),
    path("profile/api-keys/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("password/new/", views.password_set_own, name="password_set_own"),
    path("", include("django.contrib.auth.urls")),
]
