"""Rate limits of the API. ``API_THROTTLE_RATE`` (e.g. ``600/hour``) turns on this per-user throttle
(DRF's, on the default cache); a limiter shared with the rest of the portal can replace it here."""

from rest_framework.throttling import UserRateThrottle


class ApiUserThrottle(UserRateThrottle):
    scope = "api_user"
