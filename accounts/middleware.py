"""Accounts that hold a temporary password must choose their own before using the portal."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

# Pages a signed-in account with a temporary password may still open: the page that ends that
# state, signing out, switching the language, and what such pages load.
ALLOWED_URL_NAMES = ("password_set_own", "logout", "set_language", "javascript-catalog", "healthz")


class PasswordChangeRequiredMiddleware:
    """Send an account flagged ``must_change_password`` to "set your own password" from any page.

    GET requests keep where they were going as ``?next=``; htmx requests get ``HX-Redirect`` (a
    plain redirect would be swapped into the page). Static files are served before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password and not self._allowed(request):
            target = reverse("password_set_own")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            if request.method == "GET" and url_has_allowed_host_and_scheme(
                request.get_full_path(), allowed_hosts={request.get_host()}
            ):
                return redirect_to_login(request.get_full_path(), login_url=target)
            return redirect_to_login(resolve_url(settings.LOGIN_REDIRECT_URL), login_url=target)
        return self.get_response(request)

    @staticmethod
    def _allowed(request):
        path = request.path
        if path.startswith(settings.STATIC_URL):
            return True
        allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
        return path in allowed


class LanguagePreferenceMiddleware:
    """Record on a signed-in account the language chosen with the switcher, when it differs.

    The switcher posts to Django's ``set_language`` view, which only sets a cookie; emails and
    other things made while the user is away need the choice on the account (``User.language``).
    The cookie the response sets is taken first (the switch itself, or a sign-in on a device whose
    cookie says otherwise), else the one the request carries (a choice made before signing in).
    Requests without the cookie change nothing: Vietnamese by default is not a choice. The other
    way round, a signed-in user on a device without the cookie (a new phone) gets the language kept
    on the account, and the cookie is set so the following pages agree.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = settings.LANGUAGE_COOKIE_NAME
        supported = {code for code, _name in settings.LANGUAGES}
        user = getattr(request, "user", None)
        restore = None
        if name not in request.COOKIES and user is not None and user.is_authenticated and user.language in supported:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            restore = user.language
        response = self.get_response(request)
        if restore and name not in response.cookies:
            response.set_cookie(
                name,
                restore,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
        morsel = response.cookies.get(name)
        chosen = morsel.value if morsel is not None and morsel.value else request.COOKIES.get(name)
        if not chosen or chosen not in supported:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language != chosen:
            from .services import user_language_set

            user_language_set(user=user, language=chosen)
        return response
