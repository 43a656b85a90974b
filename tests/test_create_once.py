"""One-time form tokens (core/once.py): a double submit, a retry or two concurrent identical POSTs
of a create form make one object, and every answer leads to it. Forms: a story, a share proof, a
hot issue, a unit's report (saved or submitted), a contest entry."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from campaigns.models import ShareProof
from contests.models import ContestEntry
from core.models import FormTokenUse
from incidents.models import HotIssue
from reports import services as report_services
from reports.models import ReportReview, ReportStatus, UnitReport
from submissions.models import Kind, Submission

from .factories import ShareKitFactory
from .incidents.helpers import jpeg_upload
from .reports.helpers import SIGNED, open_period

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


def _report_url(period, unit):
    return reverse("report_save", args=[period.pk, unit.pk])


def _report(token, action="submit"):
    return {"form_token": token, "v_pages": "2", "narrative_1": "Năm gương điển hình", "action": action, **SIGNED}


@pytest.mark.django_db
def test_double_submit_of_a_unit_report_files_it_once_and_shows_it(personas, tree, client_for):
    period = open_period()
    client = client_for(personas.officer)
    token = _token(client.get(reverse("reports_index")))
    first = client.post(_report_url(period, tree.officer_unit), _report(token))
    second = client.post(_report_url(period, tree.officer_unit), _report(token))
    report = UnitReport.objects.get()
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert report.status == ReportStatus.SUBMITTED
    assert ReportReview.objects.filter(report=report).count() == 1  # submitted once, upper told once
    assert AuditEvent.objects.filter(verb="unit_report.save").count() == 1
    page = client.get(second.url).content.decode()
    assert "Báo cáo đã được nộp từ lần gửi trước." in page and "Báo cáo đã nộp hoặc" not in page


@pytest.mark.django_db
def test_double_save_of_a_report_draft_saves_once(personas, tree, client_for):
    period = open_period()
    client = client_for(personas.officer)
    token = _token(client.get(reverse("reports_index")))
    client.post(_report_url(period, tree.officer_unit), _report(token, "draft"))
    second = client.post(_report_url(period, tree.officer_unit), _report(token, "draft"), follow=True)
    assert UnitReport.objects.get().status == ReportStatus.DRAFT
    assert AuditEvent.objects.filter(verb="unit_report.save").count() == 1
    assert "Báo cáo đã được lưu từ lần gửi trước." in second.content.decode()
    # The page after it carries a new token: the next save is a new one.
    client.post(_report_url(period, tree.officer_unit), _report(_token(second), "draft"))
    assert AuditEvent.objects.filter(verb="unit_report.save").count() == 2


@pytest.mark.django_db
def test_a_refused_report_keeps_its_token(personas, tree, client_for):
    period = open_period()
    client = client_for(personas.officer)
    token = _token(client.get(reverse("reports_index")))
    refused = client.post(_report_url(period, tree.officer_unit), {**_report(token), "v_pages": "mười"})
    assert refused.status_code == 400 and _token(refused) == token
    assert not UnitReport.objects.exists()
    assert client.post(_report_url(period, tree.officer_unit), _report(token)).status_code == 302
    assert UnitReport.objects.get().status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_double_accept_of_a_report_decides_once(personas, tree, client_for):
    """Accepting is a state change under the row's lock: the second click changes nothing."""
    period = open_period()
    report = report_services.report_save(unit=tree.officer_unit, period=period, actor=personas.officer,
                                         values={"pages": "2"}, notes={}, submit=True, **SIGNED)
    client = client_for(personas.upper)
    url = reverse("report_decide", args=[report.pk, "accept"])
    assert client.post(url).status_code == client.post(url).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert ReportReview.objects.filter(report=report, decision=ReportReview.Decision.ACCEPT).count() == 1


@pytest.mark.django_db
def test_double_submit_of_a_contest_entry_enters_once_and_shows_it(personas, tree, client_for):
    from .contests.test_contest_entries import photo_contest
    from .submissions.helpers import pending

    contest = photo_contest(tree.officer_unit, personas.officer)
    mine = pending(personas.member, tree.officer_unit, title="Ca đêm xưởng may", kind=Kind.PHOTO_SET)
    client = client_for(personas.member)
    token = _token(client.get(contest.get_absolute_url()))
    url = reverse("contest_enter", args=[contest.slug])
    first = client.post(url, {"form_token": token, "submission": mine.pk})
    second = client.post(url, {"form_token": token, "submission": mine.pk}, follow=True)
    assert first.status_code == 302 and ContestEntry.objects.filter(contest=contest).count() == 1
    page = second.content.decode()
    assert "Bài dự thi đã được gửi trước đó." in page and "Mỗi đoàn viên chỉ gửi một bài dự thi." not in page
    assert 'data-testid="my-entry"' in page


def _concurrently(post, n=2):
    barrier = threading.Barrier(n)
    answers = []

    def run():
        try:
            barrier.wait()
            answers.append(post())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def _signed_in(user):
    client = Client()
    client.force_login(user, backend="accounts.backends.LoginBackend")
    return client


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_identical_report_submits_file_one(personas, tree):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    period = open_period()
    token = _token(_signed_in(personas.officer).get(reverse("reports_index")))
    answers = _concurrently(lambda: _signed_in(personas.officer).post(
        _report_url(period, tree.officer_unit), _report(token)))
    report = UnitReport.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert report.status == ReportStatus.SUBMITTED and report.reviews.count() == 1
    assert FormTokenUse.objects.get().object_id == str(report.pk)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_saves_of_one_report_make_one_row(personas, tree):
    """Two officers' tabs, two tokens: the second save waits for the first's row, no 500."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    period = open_period()
    tokens = iter([_token(_signed_in(personas.officer).get(reverse("reports_index"))) for _ in range(2)])
    answers = _concurrently(lambda: _signed_in(personas.officer).post(
        _report_url(period, tree.officer_unit), _report(next(tokens), "draft")))
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert UnitReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_identical_entries_make_one(personas, tree):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    from .contests.test_contest_entries import photo_contest
    from .submissions.helpers import pending

    contest = photo_contest(tree.officer_unit, personas.officer)
    mine = pending(personas.member, tree.officer_unit, title="Ca đêm xưởng may", kind=Kind.PHOTO_SET)
    token = _token(_signed_in(personas.member).get(contest.get_absolute_url()))
    url = reverse("contest_enter", args=[contest.slug])
    answers = _concurrently(lambda: _signed_in(personas.member).post(
        url, {"form_token": token, "submission": mine.pk}, follow=True))
    entry = ContestEntry.objects.get(contest=contest)
    assert [a.status_code for a in answers] == [200, 200]
    assert all("Mỗi đoàn viên chỉ gửi một bài dự thi." not in a.content.decode() for a in answers)
    assert FormTokenUse.objects.get().object_id == str(entry.pk)


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
