"""Share kits as a member sees them (home page, campaign hub, kit page): each with its tracked link.

Showing a kit writes nothing: the member's ``/s/<code>`` is signed (``sharing.share_code``), so it
is computed, not stored; its TrackedLink row is made when someone first follows it.
"""

from django.conf import settings
from django.urls import reverse

from . import selectors
from .sharing import share_code


def attach_links(user, kits):
    """Give each kit ``share_url``, the absolute ``/s/<code>`` of ``user`` (no query, no write)."""
    kits = list(kits)
    for kit in kits:
        kit.share_url = settings.SITE_URL + reverse("tracked_link", args=[share_code(kit.pk, user.pk)])
    return kits


def share_kits_for(user, campaign=None, limit=10):
    """Running kits for the member's units, newest first, each with the member's tracked link."""
    if not user.is_authenticated:
        return []
    return attach_links(user, selectors.kits_for_member(user, campaign)[:limit])
