"""The public rebuttal page: ClaimReview JSON-LD, Open Graph tags, share buttons; unpublished is 404."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Rebuttal, RebuttalStatus

from ..factories import MisinformationFactory

pytestmark = pytest.mark.django_db


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def published(officer, hq, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer, rating="false",
                                 claim="Công đoàn thu đoàn phí </script> rồi không làm gì cho người lao động.")
    rebuttal = services.rebuttal_save(
        item=item, actor=officer, title="Sự thật về việc sử dụng đoàn phí công đoàn",
        summary="Đoàn phí được dùng để chăm lo cho đoàn viên, công khai hằng năm.",
        body="<p>Theo quy định...</p><script>alert(1)</script>", sources="https://congdoan.vn/tin-tuc/1",
        submit=True,
    )
    return services.rebuttal_decide(rebuttal=rebuttal, editor=hq, decision="approve")


def test_json_ld_parses_and_has_the_claim_review_fields(client, published, settings):
    response = client.get(reverse("rebuttal_detail", args=[published.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    data = _json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == published.misinformation.claim
    assert data["reviewRating"]["@type"] == "Rating"
    assert data["reviewRating"]["alternateName"] == "Sai sự thật"
    assert data["reviewRating"]["ratingValue"] == 1
    assert data["author"]["@type"] == "Organization" and data["author"]["name"] == published.misinformation.unit.name
    assert data["datePublished"] == timezone.localtime(published.published_at).date().isoformat()
    assert data["url"] == settings.SITE_URL + published.get_absolute_url()
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["appearance"][0]["url"] == published.misinformation.source_url
    assert "</script> rồi" not in html  # the claim cannot close the script element early


def test_open_graph_and_share_buttons(client, published):
    html = client.get(reverse("rebuttal_detail", args=[published.slug])).content.decode()
    assert f'<meta property="og:title" content="{published.title}">' in html
    assert 'property="og:description"' in html and 'property="og:image"' in html and 'property="og:url"' in html
    assert 'data-testid="share-facebook"' in html and 'data-testid="share-zalo"' in html
    assert "<script>alert(1)</script>" not in html  # the body is sanitised


def test_list_shows_published_only(client, published, officer, tree):
    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    services.rebuttal_save(item=item, actor=officer, title="Bản nháp chưa duyệt", summary="Nháp", body="<p>x</p>",
                           sources="https://congdoan.vn/")
    html = client.get(reverse("rebuttal_list")).content.decode()
    assert published.title in html and "Bản nháp chưa duyệt" not in html
    draft = Rebuttal.objects.get(status=RebuttalStatus.DRAFT)
    assert client.get(reverse("rebuttal_detail", args=[draft.slug])).status_code == 404


def test_only_an_editor_covering_the_unit_approves(officer, upper, hq, tree):
    from core.errors import ServiceError

    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    rebuttal = services.rebuttal_save(item=item, actor=officer, title="Phản bác", summary="Sự thật", body="<p>x</p>",
                                      sources="https://congdoan.vn/", submit=True)
    for user in (officer, upper):
        with pytest.raises(ServiceError):
            services.rebuttal_decide(rebuttal=rebuttal, editor=user, decision="approve")
    with pytest.raises(ServiceError):
        services.rebuttal_decide(rebuttal=rebuttal, editor=hq, decision="return", reason="")
    returned = services.rebuttal_decide(rebuttal=rebuttal, editor=hq, decision="return", reason="Bổ sung nguồn.")
    assert returned.status == RebuttalStatus.RETURNED and returned.is_editable


def test_submitting_needs_an_official_source(officer, tree):
    from core.errors import ServiceError

    item = MisinformationFactory(unit=tree.officer_unit, reported_by=officer)
    with pytest.raises(ServiceError):
        services.rebuttal_save(item=item, actor=officer, title="Phản bác", summary="Sự thật", body="<p>x</p>",
                               sources="", submit=True)


def test_a_published_rebuttal_is_a_share_kit_with_a_personal_tracked_link(client, client_for, published, personas,
                                                                         settings):
    """Published, the rebuttal becomes a share kit for the members below its unit: on its page a
    member's share buttons carry their own /s/<code>, which leads back to the page and counts."""
    from campaigns.models import LinkClick
    from campaigns.selectors import kits_for_member

    from ..factories import MembershipFactory

    outsider = MembershipFactory(union=published.misinformation.unit.parent.children.exclude(
        pk=published.misinformation.unit.pk).first()).user
    kit = published.share_kit
    assert kit is not None and kit.target_url == published.get_absolute_url()
    assert (kit.audience, kit.title, kit.caption) == (published.misinformation.unit, published.title, published.summary)
    assert kit in kits_for_member(personas.member)  # on the member's home page, like official content
    assert kit not in kits_for_member(outsider)

    page_url = settings.SITE_URL + published.get_absolute_url()
    html = client_for(personas.member).get(reverse("rebuttal_detail", args=[published.slug])).content.decode()
    [link] = re.findall(r'data-share-url="([^"]+)"', html)
    assert link.startswith(settings.SITE_URL + "/s/") and 'data-testid="personal-link"' in html
    for other in (client, client_for(outsider)):  # anonymous, outside the unit: the page itself
        other_html = other.get(reverse("rebuttal_detail", args=[published.slug])).content.decode()
        assert re.findall(r'data-share-url="([^"]+)"', other_html) == [page_url]

    visit = client.get(link.removeprefix(settings.SITE_URL), HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Zalo")
    assert visit.status_code == 302 and visit["Location"].endswith(published.get_absolute_url())
    assert LinkClick.objects.filter(link__kit=kit, link__user=personas.member).count() == 1
