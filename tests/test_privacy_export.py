"""The member's data download (POST /privacy/my-data.zip from the profile page): a ZIP with JSON
and their files, with every item of the member and nothing of anyone else."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from audit.models import AuditEvent

from .factories import MembershipFactory, UserFactory
from .privacy_helpers import life_of

pytestmark = pytest.mark.django_db


def _download(client):
    response = client.post(reverse("privacy_export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_contains_every_item_of_the_member_and_nothing_of_anyone_else(personas, tree, client_for):
    member = personas.member
    other = UserFactory(username="thuhuong", full_name="Đặng Thu Hương", phone="0912777888", email="huong@example.org")
    MembershipFactory(user=other, union=tree.officer_unit, member_code="MAY10-07777")
    mine = life_of(member, tree.officer_unit, marker="namhoang", officer=personas.officer)
    theirs = life_of(other, tree.officer_unit, marker="thuhuong", officer=personas.officer,
                     kit=mine.kit, lesson=mine.lesson, quiz=mine.quiz)

    archive = _download(client_for(member))
    data = json.loads(archive.read("du-lieu.json"))
    everything = b"".join(archive.read(name) for name in archive.namelist())

    # Every item of the member.
    [account] = data["account"]
    assert (account["username"], account["full_name"], account["email"], account["phone"]) == (
        "member", "Hoàng Văn Nam", "member@example.org", "0901000005")
    assert [m["member_code"] for m in data["memberships"]] == ["MAY10-00001"]
    assert sorted(s["title"] for s in data["submissions"]) == ["Câu chuyện namhoang", "Ý kiến namhoang"]
    kinds = {r["type"] for r in data["campaigns"]}
    assert kinds == {"tracked_link", "share_proof", "lesson_completion"}
    assert [r["post_url"] for r in data["campaigns"] if r["type"] == "share_proof"] == [mine.proof.post_url]
    assert [r["code"] for r in data["campaigns"] if r["type"] == "tracked_link"] == [mine.link.code]
    assert [a["best_score"] for a in data["contests"] if a["type"] == "lesson_quiz"] == [9]
    assert "Thông báo namhoang" in [n.get("title") for n in data["notifications"]]
    assert {c["purpose"] for c in data["privacy"] if c["type"] == "consent"} == {"submission", "share_proof"}
    own_events = AuditEvent.objects.filter(actor=member).count() - 1  # minus the download itself, recorded first
    assert len(data["audit"]) == own_events + 1 and own_events > 0
    # ... and their files, byte for byte: the story's photo and the share proof's screenshot.
    files = sorted(name for name in archive.namelist() if name.startswith("tep/"))
    photo = mine.story.media.get()
    assert archive.read(f"tep/bai-gui/{mine.story.pk}/{photo.pk}.jpg") == photo.file.open("rb").read()
    assert archive.read(f"tep/minh-chung/{mine.proof.pk}.jpg") == mine.proof.screenshot.open("rb").read()
    assert len(files) == 2

    # Nothing of anyone else.
    for trace in ("thuhuong", "Thu Hương", "0912777888", "huong@example.org", "MAY10-07777",
                  theirs.proof.post_url, theirs.link.code, "Lê Thị Hồng Nhung"):
        assert trace.encode() not in everything, trace
    their_bytes = [theirs.story.media.get().file.open("rb").read(), theirs.proof.screenshot.open("rb").read()]
    assert not any(archive.read(name) in their_bytes for name in files)


def test_the_export_is_the_signed_in_users_and_is_audited(personas, client_for, client):
    assert client.post(reverse("privacy_export")).status_code == 302  # sign in first
    assert client_for(personas.member).get(reverse("privacy_export")).status_code == 405  # a button, not a link
    archive = _download(client_for(personas.member))
    assert json.loads(archive.read("du-lieu.json"))["account"][0]["username"] == "member"
    assert AuditEvent.objects.filter(actor=personas.member, verb="privacy.exported").count() == 1


def test_the_profile_offers_the_download_and_links_the_notice(personas, client_for):
    page = client_for(personas.member).get(reverse("profile")).content.decode()
    assert reverse("privacy_export") in page and reverse("privacy_notice") in page
    assert "Tải về dữ liệu của tôi" in page


def test_the_export_holds_the_members_contest_attempts_and_entries_and_nobody_elses(personas, tree, client_for):
    from contests import services as contests_services
    from submissions import services as submissions_services
    from submissions.models import Kind

    from .contests.helpers import quiz_contest, right_answers

    member, officer = personas.member, personas.officer
    other = UserFactory(username="thuhuong", full_name="Đặng Thu Hương")
    MembershipFactory(user=other, union=tree.officer_unit, member_code="MAY10-07777")
    contest = quiz_contest(tree.officer_unit, user=officer)
    mine = contests_services.attempt_start(contest=contest, user=member, unit=tree.officer_unit)
    contests_services.attempt_submit(attempt=mine, user=member, answers=right_answers(mine))
    contests_services.attempt_start(contest=contest, user=other, unit=tree.officer_unit)
    photo_contest = quiz_contest(tree.officer_unit, user=officer, slug="anh-dep-thang-5", publish=False)
    photo_contest.kind = photo_contest.Kind.ENTRY
    photo_contest.entry_kind = photo_contest.EntryKind.STORY
    photo_contest.save()
    contests_services.contest_publish(contest=photo_contest, user=officer)
    story = submissions_services.submission_create(
        author=member, unit=tree.officer_unit, kind=Kind.GOOD_DEED, title="Tổ trưởng tận tâm namhoang",
        body="Chị Lan kèm công nhân mới.", consent_publication=True, consent_people=True, submit=False)
    from contests.models import ContestEntry

    ContestEntry.objects.create(contest=photo_contest, user=member, unit=tree.officer_unit, submission=story)
    from contests.models import EntryIntent

    sent_for = submissions_services.submission_create(
        author=member, unit=tree.officer_unit, kind=Kind.GOOD_DEED, title="Bếp ăn ca namhoang",
        body="Tổ bếp nấu thêm suất cho ca đêm.", consent_publication=True, consent_people=True, submit=False)
    EntryIntent.objects.create(submission=sent_for, contest=photo_contest)

    data = json.loads(_download(client_for(member)).read("du-lieu.json"))
    rows = data["contests"]
    [attempt] = [r for r in rows if r["type"] == "contest_attempt"]
    assert (attempt["contest"], attempt["number"], attempt["score"]) == (contest.title, 1, attempt["total"])
    assert attempt["total"] == 4 and attempt["submitted_at"]
    [entry] = [r for r in rows if r["type"] == "contest_entry"]
    assert entry["submission"] == "Tổ trưởng tận tâm namhoang"
    [choice] = [r for r in rows if r["type"] == "contest_entry_choice"]
    assert (choice["submission"], choice["outcome"]) == ("Bếp ăn ca namhoang", "waiting")
    assert len([r for r in rows if r["type"] == "contest_attempt"]) == 1  # not the other member's


def test_the_export_holds_the_members_live_round_answers_and_nobody_elses(personas, tree, client_for):
    from contests import services as contests_services
    from contests.models import ContestChoice

    from .contests.helpers import quiz_contest

    other = UserFactory(username="thuhuong", full_name="Đặng Thu Hương")
    MembershipFactory(user=other, union=tree.officer_unit, member_code="MAY10-07777")
    contest = quiz_contest(tree.officer_unit, user=personas.officer)
    live = contests_services.live_round_open(contest=contest, user=personas.officer)
    live = contests_services.live_round_advance(live_round=live, user=personas.officer, step=live.step)
    right = ContestChoice.objects.get(question_id=live.current["q"], is_correct=True)
    for user in (personas.member, other):
        contests_services.live_answer(live_round=live, user=user, unit=tree.officer_unit, choice_id=right.pk,
                                      step=live.step)
    rows = json.loads(_download(client_for(personas.member)).read("du-lieu.json"))["contests"]
    [answer] = [r for r in rows if r["type"] == "contest_live_answer"]
    assert (answer["contest"], answer["choice"], answer["right"]) == (contest.title, right.text, True)
    assert answer["question"] == right.question.text and answer["answered_at"]
