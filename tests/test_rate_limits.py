"""Rate limits (core/ratelimit.py): over the configured rate a clear Vietnamese 429 page, the view not run."""

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import ShareProof

from .factories import QuizFactory, ShareKitFactory

TOO_MANY = "Thao tác quá nhiều lần"


def _assert_429(response, minutes):
    body = response.content.decode()
    assert response.status_code == 429
    assert TOO_MANY in body and f"thử lại sau khoảng {minutes} phút" in body
    assert int(response["Retry-After"]) == minutes * 60


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(client, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": "member@example.org"}, REMOTE_ADDR="203.0.113.5")
    _assert_429(client.post(reverse("password_reset"), {"email": "member@example.org"}, REMOTE_ADDR="203.0.113.5"),
                60)
    assert len(mail.outbox) == 2  # the third email was not sent
    other = client.post(reverse("password_reset"), {"email": "member@example.org"}, REMOTE_ADDR="198.51.100.5")
    assert other.status_code == 302
    assert client.get(reverse("password_reset"), REMOTE_ADDR="203.0.113.5").status_code == 200  # reading is free


def test_join_is_limited_per_address(personas, tree, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "join": "3/15m"}
    token = tree.officer_unit.ensure_invite_token()
    url = reverse("join", args=[token])
    for _ in range(3):
        client.post(url, {}, REMOTE_ADDR="203.0.113.9")
    _assert_429(client.post(url, {}, REMOTE_ADDR="203.0.113.9"), 15)


def test_share_proofs_are_limited_per_member(personas, tree, client_for, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "share_proof": "2/h"}
    kit = ShareKitFactory(audience=tree.officer_unit)
    client = client_for(personas.member)
    for n in range(2):
        client.post(reverse("kit_detail", args=[kit.pk]),
                    {"post_url": f"https://www.facebook.com/hoangnam/posts/{n + 1}"})
    response = client.post(reverse("kit_detail", args=[kit.pk]),
                           {"post_url": "https://www.facebook.com/hoangnam/posts/3"})
    _assert_429(response, 60)
    assert ShareProof.objects.count() == 2
    assert client.get(reverse("kit_detail", args=[kit.pk])).status_code == 200


def test_quiz_submits_are_limited(personas, tree, client_for, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contest_play": "2/h"}
    quiz = QuizFactory(unit=tree.root)
    client = client_for(personas.member)
    for _ in range(2):
        client.post(reverse("contest_detail", args=[quiz.slug]), {})
    _assert_429(client.post(reverse("contest_detail", args=[quiz.slug]), {}), 60)


def test_submission_uploads_are_limited(personas, tree, client_for, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "1/h"}
    client = client_for(personas.member)
    client.post(reverse("submission_new"), {})
    _assert_429(client.post(reverse("submission_new"), {}), 60)
    assert client.get(reverse("submission_new")).status_code == 200


def test_tracked_links_are_limited_per_address(personas, tree, client, settings):
    from campaigns.models import TrackedLink

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "tracked_link": "3/m"}
    kit = ShareKitFactory(audience=tree.officer_unit)
    link = TrackedLink.objects.create(kit=kit, user=personas.member, unit=tree.officer_unit, code="gioihan1")
    for _ in range(3):
        assert client.get(f"/s/{link.code}", REMOTE_ADDR="203.0.113.77").status_code == 302
    _assert_429(client.get(f"/s/{link.code}", REMOTE_ADDR="203.0.113.77"), 1)
    assert client.get(f"/s/{link.code}", REMOTE_ADDR="198.51.100.77").status_code == 302


def test_limits_can_be_switched_off(personas, tree, client_for, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "1/h"}
    settings.RATE_LIMIT_ENABLED = False
    client = client_for(personas.member)
    for _ in range(3):
        assert client.post(reverse("submission_new"), {}).status_code != 429


@pytest.mark.parametrize("value", ["lots", "10/week", "0/h", "10"])
def test_a_bad_rate_in_the_environment_fails_loudly(value, monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603 - our own interpreter and settings module
        [sys.executable, "-c", "import django; django.setup()"],
        env={**__import__("os").environ, "RATE_LIMIT_UPLOAD": value, "DJANGO_SETTINGS_MODULE": "campaign_portal.settings"},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0 and "RATE_LIMIT_UPLOAD" in result.stderr
