"""Share kits as a member sees them (home page, campaign hub, kit page): each with its tracked link.

Composes a selector and the idempotent link-issuing service; a constant number of queries.
"""

from django.conf import settings
from django.urls import reverse

from . import access, selectors, services


def attach_links(user, kits):
    """Give each kit ``my_link`` and ``share_url`` (absolute ``/s/<code>``) for ``user``."""
    kits = list(kits)
    if not kits:
        return kits
    units = access.member_units(user)
    unit_for = {kit.pk: services.proof_unit_for(user, kit, units) for kit in kits}
    links = services.tracked_links_issue(user=user, kits=kits, units=unit_for)
    for kit in kits:
        kit.my_link = links.get(kit.pk)
        kit.share_url = settings.SITE_URL + reverse("tracked_link", args=[kit.my_link.code]) if kit.my_link else ""
    return kits


def share_kits_for(user, campaign=None, limit=10):
    """Running kits for the member's units, newest first, each with the member's tracked link."""
    if not user.is_authenticated:
        return []
    return attach_links(user, selectors.kits_for_member(user, campaign)[:limit])
