from django.contrib.auth.backends import ModelBackend

from .models import User
from .passwords import normalize_temp_password


class LoginBackend(ModelBackend):
    """Sign in with a username, a phone number or an email address, and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.get_by_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if self._password_matches(user, password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def _password_matches(user, password):
        """The password, or — while the account holds a temporary password an officer read out —
        the same typed with a capital letter, spaces or no dashes, as phones and people do."""
        if user.check_password(password):
            return True
        if user.must_change_password:
            grouped = normalize_temp_password(password)
            if grouped and grouped != password:
                return user.check_password(grouped)
        return False


def axes_username(request, credentials):
    """The name failures are counted under: the account the identifier signs in (see accounts.lockout)."""
    from .lockout import axes_username as account_username

    return account_username(request, credentials)
