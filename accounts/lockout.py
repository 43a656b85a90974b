"""Login lockout per account, whichever identifier is typed (django-axes with our handler).

Failures are recorded by django-axes under the *account*: :func:`axes_username` maps a username,
a phone number in any form (0912…, +84 912…, 84912…) or an email address to the account it signs
in, so all of them count together. Three limits, each over the last ``LOGIN_LOCKOUT_MINUTES``:

* ``LOGIN_FAILURE_LIMIT`` (5) failures on one account from one address lock that account from
  that address;
* ``LOGIN_ACCOUNT_FAILURE_LIMIT`` (20) failures on one account from all addresses together lock it
  everywhere (spreading guesses over addresses does not help, and a stranger's 5 tries do not
  lock the owner out);
* ``LOGIN_ADDRESS_FAILURE_LIMIT`` (50) failures from one address over all accounts lock that
  address (password spraying).

django-axes compares one number with one limit (``AXES_FAILURE_LIMIT``), so
:meth:`AccountLockoutHandler.get_failures` scales each count to it: ``failures × limit ÷ own
limit`` reaches ``limit`` exactly when the count reaches its own limit. A successful sign-in
clears only that account's failures from that address, so a second address neither resets nor
is reset by the owner signing in elsewhere. Officers lift a lockout with
``unions.services.member_login_unlock`` (audited); a password reset lifts it too.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

PAIR, ACCOUNT, ADDRESS = "pair", "account", "address"
_CACHE_ATTR = "_login_account_keys"


def account_key(user):
    """The name failures of ``user`` are counted under (whatever identifier was typed)."""
    return user.get_username().lower()


def axes_username(request, credentials):
    """AXES_USERNAME_CALLABLE: the account the typed identifier signs in, else the identifier
    normalised (phone numbers to 0…, letters to lower case), so unknown names count too."""
    from .models import User
    from .text import normalize_phone

    raw = ""
    if credentials:
        raw = credentials.get("username", "") or ""
    elif request is not None and hasattr(request, "POST"):
        raw = request.POST.get("username", "") or ""
    raw = raw.strip()
    if not raw:
        return ""
    cache = getattr(request, _CACHE_ATTR, None) if request is not None else None
    if cache is not None and raw in cache:
        return cache[raw]
    user = User.objects.get_by_login(raw)
    key = account_key(user) if user is not None else (normalize_phone(raw) or raw.lower())
    if request is not None:
        if cache is None:
            cache = {}
            try:
                setattr(request, _CACHE_ATTR, cache)
            except AttributeError:  # an AccessAttempt passed as the "request"
                return key
        cache[raw] = key
    return key


def limits():
    """The limit of each combination, in the order of ``AXES_LOCKOUT_PARAMETERS``."""
    return {PAIR: settings.AXES_FAILURE_LIMIT, ACCOUNT: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
            ADDRESS: settings.LOGIN_ADDRESS_FAILURE_LIMIT}


@dataclass
class Lock:
    kind: str  # PAIR, ACCOUNT or ADDRESS
    failures: int
    limit: int
    until: object  # an aware datetime

    @property
    def minutes_left(self):
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


class AccountLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit per combination (see the module's docstring)."""

    KINDS = (PAIR, ACCOUNT, ADDRESS)

    def _counts(self, request, credentials):
        rows = []
        for kind, attempts in zip(self.KINDS, self.get_user_attempts(request, credentials), strict=False):
            agg = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            rows.append((kind, agg["failures"] or 0, agg["last"]))
        return rows

    def get_failures(self, request, credentials=None):
        base = settings.AXES_FAILURE_LIMIT
        own = limits()
        return max((failures * base // own[kind] for kind, failures, _last in self._counts(request, credentials)),
                   default=0)

    def locks(self, request, credentials=None):
        """The limits reached now, longest-lasting first."""
        cool_off = settings.AXES_COOLOFF_TIME
        own = limits()
        found = [
            Lock(kind=kind, failures=failures, limit=own[kind], until=(last or timezone.now()) + cool_off)
            for kind, failures, last in self._counts(request, credentials)
            if failures >= own[kind]
        ]
        return sorted(found, key=lambda lock: lock.until, reverse=True)

    def reset_user_attempts(self, request, credentials=None):
        """On success: only this account's failures from this address (not the other addresses')."""
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Vietnamese page with which lock applies and the time left."""
    if not hasattr(request, "axes_attempt_time"):
        request.axes_attempt_time = timezone.now()
    handler = AccountLockoutHandler()
    locks = handler.locks(request, credentials)
    lock = locks[0] if locks else Lock(kind=PAIR, failures=settings.AXES_FAILURE_LIMIT,
                                       limit=settings.AXES_FAILURE_LIMIT,
                                       until=timezone.now() + settings.AXES_COOLOFF_TIME)
    context = {"lock": lock, "minutes_left": lock.minutes_left,
               "lockout_minutes": int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1))}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
