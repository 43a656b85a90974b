"""Settings of ``make bench`` only: the production settings plus the floor view and a query counter.

The floor (``/__bench__/floor/``) renders the portal's base template for the signed-in user and
nothing else: what every page costs at least (session, user, scope, menu, base layout). The load
test measures it just before each page. ``X-Bench-Queries`` tells the number of SQL queries of a
response. Neither exists in the ordinary settings.
"""

from .settings import *  # noqa: F403

ROOT_URLCONF = "campaign_portal.urls_bench"
MIDDLEWARE = ["campaign_portal.bench.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
