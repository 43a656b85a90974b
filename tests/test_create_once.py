"""One-time form tokens (core/once.py): a double submit, a retry or two concurrent identical POSTs
of a create form make one object, and every answer leads to it."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from campaigns.models import ShareProof
from core.models import FormTokenUse
from incidents.models import HotIssue
from submissions.models import Kind, Submission

from .factories import ShareKitFactory
from .incidents.helpers import jpeg_upload

TITLE = "Tổ công đoàn xưởng cắt giúp chị Hoa sửa nhà sau bão Yagi"


def _token(page):
    match = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
    assert match, "the form carries its one-time token"
    return match.group(1)


def _story(token):
    return {"form_token": token, "kind": Kind.GOOD_DEED, "title": TITLE, "body": "Cả tổ góp 12 ngày công.",
            "consent_publication": "on", "consent_people": "on", "submit": "1"}


@pytest.mark.django_db
def test_double_submit_of_a_story_creates_one_and_shows_it(personas, client_for):
    client = client_for(personas.member)
    token = _token(client.get(reverse("submission_new")))
    first = client.post(reverse("submission_new"), _story(token))
    second = client.post(reverse("submission_new"), _story(token))
    submission = Submission.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == submission.mine_url()
    page = client.get(second.url).content.decode()
    assert "đã được gửi trước đó" in page and TITLE in page
    assert submission.steps.count() == 1  # submitted once, reviewers notified once


@pytest.mark.django_db
def test_a_new_form_gets_a_new_token_and_makes_a_second_story(personas, client_for):
    client = client_for(personas.member)
    client.post(reverse("submission_new"), _story(_token(client.get(reverse("submission_new")))))
    client.post(reverse("submission_new"), _story(_token(client.get(reverse("submission_new")))))
    assert Submission.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_post_leaves_the_token_usable(personas, client_for):
    client = client_for(personas.member)
    token = _token(client.get(reverse("submission_new")))
    refused = client.post(reverse("submission_new"), {**_story(token), "title": ""})
    assert refused.status_code == 400 and _token(refused) == token
    assert client.post(reverse("submission_new"), _story(token)).status_code == 302
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_another_users_token_never_shows_their_item(personas, tree, client_for):
    from .factories import MembershipFactory, UserFactory

    client = client_for(personas.member)
    token = _token(client.get(reverse("submission_new")))
    client.post(reverse("submission_new"), _story(token))
    other = UserFactory(username="lan", full_name="Đỗ Thị Lan")
    MembershipFactory(user=other, union=tree.officer_unit, member_code="MAY10-00002")
    response = client_for(other).post(reverse("submission_new"), _story(token))
    assert response.status_code == 400 and TITLE not in response.content.decode().split("<form")[0]
    assert Submission.objects.filter(author=other).count() == 0


@pytest.mark.django_db
def test_double_submit_of_a_share_proof_records_one(personas, tree, client_for):
    kit = ShareKitFactory(audience=tree.root)
    client = client_for(personas.member)
    url = reverse("kit_detail", args=[kit.pk])
    token = _token(client.get(url))
    data = {"form_token": token, "post_url": "https://www.facebook.com/hoangnam/posts/pfbid02abc123"}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert ShareProof.objects.count() == 1
    assert "đã được khai báo trước đó" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_double_submit_of_a_hot_issue_records_one(personas, tree, client_for):
    from .incidents.test_incident_views import _report_data

    client = client_for(personas.officer)
    token = _token(client.get(reverse("incident_create")))
    first = client.post(reverse("incident_create"), _report_data(tree, form_token=token, files=[jpeg_upload()]))
    second = client.post(reverse("incident_create"), _report_data(tree, form_token=token, files=[jpeg_upload()]))
    issue = HotIssue.objects.get()
    assert first.status_code == second.status_code == 302 and first.url == second.url == issue.get_absolute_url()
    assert issue.attachments.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_identical_posts_create_one_submission(personas):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    client = Client()
    client.force_login(personas.member, backend="accounts.backends.LoginBackend")
    token = _token(client.get(reverse("submission_new")))
    barrier = threading.Barrier(2)
    answers = []

    def post():
        mine = Client()
        mine.force_login(personas.member, backend="accounts.backends.LoginBackend")
        try:
            barrier.wait()
            answers.append(mine.post(reverse("submission_new"), _story(token)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    submission = Submission.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert {a.url for a in answers} == {submission.mine_url()}
    assert FormTokenUse.objects.get().object_id == str(submission.pk)
