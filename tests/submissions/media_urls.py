"""The project's URLs plus the development media view, as ``make run`` (DEBUG) mounts them.

The test run imports the URLconf with DEBUG off, so the ``/media/`` view is absent there; tests that
must show what the development server answers under MEDIA_URL use this module instead.
"""

from campaign_portal.urls import handler403, handler404, handler500  # noqa: F401
from campaign_portal.urls import urlpatterns as project_urlpatterns
from uploads.serving import media_urlpatterns

urlpatterns = [*project_urlpatterns, *media_urlpatterns()]
