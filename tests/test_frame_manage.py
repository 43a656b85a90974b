"""frame_manage: officers upload a frame outside the Django admin; a bad frame gets its message and
nothing is stored."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.demo_frames import frame_png
from campaigns.models import AvatarFrame
from tests.factories import CampaignFactory
from tests.submissions.helpers import files_under

DATA = {"title": "Khung May 10", "label_enabled": "on", "label_x": 50, "label_y": 92, "label_max_width": 80,
        "label_size": 44, "label_color": "#FFFFFF", "label_outline": "#8B0000"}


def test_an_officer_uploads_a_frame_for_their_unit(tree, personas, client_for):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi")
    client = client_for(personas.officer)
    url = reverse("frame_manage", args=[campaign.slug])
    response = client.post(url, {**DATA, "unit": tree.officer_unit.pk,
                                 "image": SimpleUploadedFile("khung.png", frame_png())})
    frame = AvatarFrame.objects.get()
    assert response.status_code == 302 and response.url == reverse("frame_edit", args=[campaign.slug, frame.pk])
    assert (frame.unit, frame.created_by, frame.is_published) == (tree.officer_unit, personas.officer, False)


def test_a_frame_without_transparency_is_refused_with_its_message(tree, personas, client_for, settings):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi")
    response = client_for(personas.officer).post(
        reverse("frame_manage", args=[campaign.slug]),
        {**DATA, "unit": tree.officer_unit.pk, "image": SimpleUploadedFile("khung.png", frame_png(alpha=False))},
    )
    assert response.status_code == 400
    assert "Khung ảnh không có vùng trong suốt" in response.content.decode()
    assert not AvatarFrame.objects.exists() and files_under(settings.MEDIA_ROOT) == []


def test_an_officer_cannot_upload_for_a_unit_outside_their_subtree(tree, personas, client_for):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi")
    response = client_for(personas.officer).post(
        reverse("frame_manage", args=[campaign.slug]),
        {**DATA, "unit": tree.sibling_unit.pk, "image": SimpleUploadedFile("khung.png", frame_png())},
    )
    assert response.status_code == 400 and not AvatarFrame.objects.exists()
