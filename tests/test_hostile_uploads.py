"""The hostile-upload corpus (tests/hostile_uploads.py) fed to every file field, the admin's included.

Each file is refused with a Vietnamese message and leaves nothing in storage, or is stored
neutralised: re-encoded under a generated name, without GPS/EXIF, nothing served as HTML.
"""

import functools
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, KitImage, Lesson, NewsImage
from tests.hostile_uploads import assert_neutralised, corpus
from tests.submissions.helpers import files_under
from uploads.forms import CheckedFileField, CheckedFilesField, UploadField

CORPUS = functools.cache(corpus)
IDS = [label for label, *_rest in corpus()]
ENGLISH = re.compile(r"Upload a valid image|Ensure this filename|The submitted file|No file was submitted|"
                     r"This field is required", re.I)
GENERATED = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")


def _upload(index):
    _label, name, data, outcome = CORPUS()[index]
    return SimpleUploadedFile(name, data, content_type="image/jpeg"), outcome


def _errors(response):
    context = response.context
    return [context["adminform"].form.errors, *[f.formset.errors for f in context["inline_admin_formsets"]]]


def _admin_cases(tree, hq):
    def campaign(upload):
        return "/admin/campaigns/campaign/add/", {
            "unit": tree.root.pk, "title": "Tháng Công nhân 2027", "slug": "thang-cong-nhan-2027",
            "starts_on": "2027-05-01", "is_public": "on", "hero_image": upload,
        }, lambda: [c.hero_image for c in Campaign.objects.all()]

    def lesson(upload):
        return "/admin/campaigns/lesson/add/", {
            "unit": tree.root.pk, "title": "Nhận diện tin giả", "slug": "nhan-dien-tin-gia", "body": "<p>Bài học</p>",
            "position": "0", "is_published": "on", "created_by": hq.pk, "image": upload,
        }, lambda: [lesson.image for lesson in Lesson.objects.all()]

    def news(upload):
        return "/admin/campaigns/newspost/add/", {
            "unit": tree.root.pk, "title": "Tin Đại hội", "body": "<p>Tin</p>", "is_public": "on",
            "created_by": hq.pk, "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "images-0-position": "0",
            "images-0-image": upload,
        }, lambda: [image.image for image in NewsImage.objects.all()]

    def kit(upload):
        return "/admin/campaigns/sharekit/add/", {
            "audience": tree.root.pk, "title": "Chia sẻ Đại hội XII", "caption": "Cùng hướng về Đại hội",
            "target_url": "https://www.facebook.com/congdoanvietnam/posts/1", "created_by": hq.pk,
            "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "images-0-position": "0", "images-0-image": upload,
        }, lambda: [image.image for image in KitImage.objects.all()]

    return {"campaign hero": campaign, "lesson image": lesson, "news image": news, "share-kit image": kit}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["campaign hero", "lesson image", "news image", "share-kit image"])
@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_admin_file_fields_refuse_or_neutralise_the_corpus(field, index, personas, tree, client_for, settings):
    upload, outcome = _upload(index)
    url, data, stored = _admin_cases(tree, personas.hq)[field](upload)
    response = client_for(personas.hq).post(url, data)
    html = response.content.decode()
    assert not ENGLISH.search(html)
    if outcome == "refused":
        assert response.status_code == 200
        assert 'class="errorlist' in html and ("Tệp" in html or "Ảnh" in html)
        assert files_under(settings.MEDIA_ROOT) == []
        assert stored() == []
        return
    assert response.status_code == 302, _errors(response)
    (field_file,) = stored()
    name = Path(field_file.name).name
    assert GENERATED.match(name), name
    assert Path(field_file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with field_file.open("rb") as handle:
        assert_neutralised(handle.read())


@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_portal_file_fields_refuse_the_corpus_in_vietnamese(index, settings):
    """The fields every portal form uses: refused with a Vietnamese message, or passed on checked
    (the services then re-encode: see test_clean_image_neutralises_what_the_fields_pass)."""
    _label, name, data, outcome = CORPUS()[index]
    single = CheckedFileField(kinds=("image",), required=False)
    several = CheckedFilesField(kinds=("image",))
    for field, value in ((single, SimpleUploadedFile(name, data)), (several, [SimpleUploadedFile(name, data)])):
        if outcome == "refused":
            with pytest.raises(forms.ValidationError) as caught:
                field.clean(value)
            message = " ".join(caught.value.messages)
            assert ("Tệp" in message or "Ảnh" in message) and not ENGLISH.search(message), message
        else:
            assert field.clean(value)


@pytest.mark.parametrize("index", [i for i, (_l, _n, _d, outcome) in enumerate(corpus()) if outcome == "neutralised"],
                         ids=[label for label, _n, _d, outcome in corpus() if outcome == "neutralised"])
def test_clean_image_neutralises_what_the_fields_pass(index):
    from uploads.images import clean_image

    _label, name, data, _outcome = CORPUS()[index]
    uploaded, checked = CheckedFileField(kinds=("image",)).clean(SimpleUploadedFile(name, data))
    cleaned = clean_image(uploaded, checked)
    assert GENERATED.match(cleaned.name)
    assert_neutralised(cleaned.read())


def test_every_admin_file_field_goes_through_the_upload_checks():
    assert [e for e in checks.run_checks() if e.id == "uploads.E001"] == []


def _form_classes():
    import importlib
    import pkgutil

    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in {"accounts", "unions", "campaigns", "submissions", "contests", "incidents",
                                             "reports", "notifications", "audit", "uploads"}:
            continue
        for info in pkgutil.iter_modules([config.path]):
            if "form" in info.name:
                importlib.import_module(f"{config.name}.{info.name}")
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.split(".")[0] not in {"django"}]


def test_every_portal_file_field_is_an_upload_field():
    """No form of the portal takes a file past ``uploads.forms`` (the one place of the checks)."""
    escaped = []
    for cls in _form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, forms.FileField) and not isinstance(field, UploadField):
                escaped.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert escaped == []


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_share_proof_screenshot_refuses_or_neutralises_the_corpus(index, personas, tree, client_for, settings):
    """Through the member's page: the screenshot of a share proof (a portal form, end to end)."""
    from campaigns.models import ShareProof

    from .factories import ShareKitFactory

    kit = ShareKitFactory(audience=tree.officer_unit)
    upload, outcome = _upload(index)
    response = client_for(personas.member).post(reverse("kit_detail", args=[kit.pk]), {
        "post_url": "https://www.facebook.com/hoangnam/posts/12", "screenshot": upload})
    if outcome == "refused":
        html = response.content.decode()
        assert response.status_code == 200 and ("Tệp" in html or "Ảnh" in html) and not ENGLISH.search(html)
        assert not ShareProof.objects.exists()
        assert files_under(settings.MEDIA_ROOT) == [] and files_under(settings.PRIVATE_MEDIA_ROOT) == []
        return
    assert response.status_code == 302
    proof = ShareProof.objects.get()
    assert GENERATED.match(Path(proof.screenshot.name).name), proof.screenshot.name
    with proof.screenshot.open("rb") as handle:
        assert_neutralised(handle.read())


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_submission_form_refuses_or_neutralises_the_corpus(index, personas, tree, client_for, settings):
    """Through the member's submission form (private storage), end to end."""
    from submissions.models import Kind, Submission

    upload, outcome = _upload(index)
    response = client_for(personas.member).post(reverse("submission_new"), {
        "kind": Kind.GOOD_DEED, "title": "Chị Lan – người thợ may tận tụy", "body": "Chị Lan dạy nghề miễn phí.",
        "consent_publication": "on", "consent_people": "on", "submit": "1", "files": [upload]})
    if outcome == "refused":
        html = response.content.decode()
        assert response.status_code == 400 and ("Tệp" in html or "Ảnh" in html) and not ENGLISH.search(html)
        assert "Chị Lan dạy nghề miễn phí." in html  # what the member typed is kept
        assert not Submission.objects.exists()
        assert files_under(settings.MEDIA_ROOT) == [] and files_under(settings.PRIVATE_MEDIA_ROOT) == []
        return
    assert response.status_code == 302
    media = Submission.objects.get().media.get()
    assert GENERATED.match(Path(media.file.name).name), media.file.name
    with media.file.open("rb") as handle:
        assert_neutralised(handle.read())
