"""The portal's URLs plus the benchmark floor (``settings_bench`` only)."""

from django.urls import path

from .bench import floor
from .urls import *  # noqa: F403
from .urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *portal_urlpatterns]
