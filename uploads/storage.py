"""The private storage: uploaded files that must never be reachable by URL alone.

Files under ``MEDIA_URL`` (the ``default`` storage) are public: the web server or the bucket hands
them to anyone who has the address. Files a user may only see after an access check (the media of
submissions that are not published: drafts, pending, returned, rejected) live in the ``private``
storage instead, and are served by a view that checks access first (see
:func:`uploads.serving.protected_file_response`):

* filesystem: ``PRIVATE_MEDIA_ROOT`` (default ``var/private-media``), a folder outside
  ``MEDIA_ROOT`` that no URL maps to — nginx reaches it only through an ``internal`` location,
  after the portal answered with ``X-Accel-Redirect``;
* S3: the same bucket under the ``private/`` prefix, read through short-lived signed URLs.

``STORAGES["private"]`` configures it (``campaign_portal/settings.py``); without that entry (an
older settings module, a test settings file that replaces ``STORAGES``) a FileSystemStorage at
``PRIVATE_MEDIA_ROOT`` is used. Model fields take :func:`private_storage` (a callable, so
migrations record the reference, not the configuration); it returns a lazy proxy that follows
settings changes (tests point it at a temporary folder).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_ALIAS = "private"
# What ``url()`` of the filesystem private storage returns: a prefix nothing serves directly (with
# nginx, an ``internal`` location). Templates never use it; they link to the checking view.
PRIVATE_BASE_URL = "/protected-media/"


def _backend():
    if PRIVATE_ALIAS in settings.STORAGES:
        return storages[PRIVATE_ALIAS]
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=PRIVATE_BASE_URL)


class PrivateStorage(LazyObject):
    """``STORAGES["private"]``, resolved on first use and again after the setting changes."""

    def _setup(self):
        self._wrapped = _backend()


_private = PrivateStorage()


def private_storage():
    """The private storage (for ``FileField(storage=private_storage)``)."""
    return _private


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        _private._wrapped = empty


def is_local(storage, name):
    """Whether ``storage`` keeps ``name`` on this machine's disk (it has a path), not in object storage."""
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True
