from django.contrib.auth.backends import ModelBackend

from .models import User
from .text import normalize_phone


class LoginBackend(ModelBackend):
    """Sign in with a username, a phone number or an email address, and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.get_by_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials):
    """The name failures are counted under: phone numbers and letter case normalised."""
    raw = ""
    if credentials:
        raw = credentials.get("username", "")
    elif request is not None:
        raw = request.POST.get("username", "")
    raw = (raw or "").strip()
    return normalize_phone(raw) or raw.lower()
