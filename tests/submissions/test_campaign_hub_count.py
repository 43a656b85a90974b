"""The campaign hub counts the campaign's published stories, overall and for the visitor's unit."""

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.models import Kind, Status, Submission
from tests.factories import CampaignFactory


@pytest.mark.django_db
def test_hub_counts_published_stories_of_the_campaign(personas, tree, client_for):
    campaign = CampaignFactory(unit=tree.root, is_public=True)
    base = {"author": personas.member, "unit": tree.officer_unit, "current_unit": tree.officer_unit, "campaign": campaign, "body": "<p>x</p>",
            "consent_publication": True, "consent_people": True}
    for i in range(2):
        Submission.objects.create(kind=Kind.GOOD_DEED, title=f"Gương sáng {i}", status=Status.PUBLISHED,
                                  published_at=timezone.now(), **base)
    Submission.objects.create(kind=Kind.GOOD_DEED, title="Đang chờ", status=Status.PENDING, **base)
    response = client_for(personas.member).get(reverse("campaign_detail", args=[campaign.slug]))
    counts = {c["key"]: c for c in response.context["counts"]}
    assert counts["stories"]["overall"] == 2
    assert counts["stories"]["unit"] == 2  # the member's own unit
