"""Rate limits on the write paths that cost (django-ratelimit, counters in the configured cache).

``@rate_limit("upload")`` limits a view to ``settings.RATE_LIMITS["upload"]`` (e.g. ``"30/h"``),
counted per signed-in user, or per client address for anonymous requests (``key="ip"``: always
per address, for sign-up and password reset). Over the limit the view is not run: the user gets
the Vietnamese page ``429.html`` with HTTP 429 and ``Retry-After``. Each group's rate comes from
an environment variable (``RATE_LIMIT_<GROUP>``, see ``.env.example``); ``RATE_LIMIT_ENABLED=false``
switches them all off. Group names are shared: the contests being rebuilt reuse ``contest_play``
(starting or submitting a quiz or an entry) and ``contest_vote``.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import _split_rate, is_ratelimited

from .http import client_address

ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _by_user_or_ip(group, request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_address(request) or 'unknown'}"


def _by_ip(group, request):
    return f"ip:{client_address(request) or 'unknown'}"


KEYS = {"user_or_ip": _by_user_or_ip, "ip": _by_ip}


def rate_limit(group, *, key="user_or_ip", methods=("POST",)):
    """Limit the decorated view's ``methods`` to the rate of ``settings.RATE_LIMITS[group]``."""
    key_fn = KEYS[key]

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and is_limited(request, group, key_fn=key_fn):
                return too_many_requests(request, group)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_limited(request, group, *, key_fn=_by_user_or_ip):
    """Count one request of ``group``; True when it is over the group's rate."""
    if not settings.RATE_LIMIT_ENABLED:
        return False
    return is_ratelimited(request, group=f"portal.{group}", key=key_fn, rate=settings.RATE_LIMITS[group],
                          method=ALL_METHODS, increment=True)


def too_many_requests(request, group):
    _count, seconds = _split_rate(settings.RATE_LIMITS[group])
    minutes = max(1, round(seconds / 60))
    response = render(request, "429.html", {"minutes": minutes, "group": group}, status=429)
    response["Retry-After"] = str(seconds)
    return response
