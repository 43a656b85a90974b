"""Entering an entry contest with a new submission: the contest chosen in the submission form
(``contests/entry_intents.py``), the item reviewed as usual, the entry made when it is approved."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from contests import services
from contests.models import Contest, ContestEntry, EntryIntent, Prize
from notifications.models import Category, Notification
from submissions.models import Kind, Status, Submission
from tests.factories import MembershipFactory, UserFactory
from tests.submissions.helpers import pending

pytestmark = pytest.mark.django_db

TITLE = "Anh Tuấn – tổ trưởng dạy nghề cho công nhân mới"
BODY = "Anh Tuấn đã kèm cặp 15 công nhân mới trong ca đêm."


def entry_contest(unit, user, *, slug="guong-tot-may-10", entry_kind=Contest.EntryKind.STORY, eligible=None,
                  is_public=False):
    now = timezone.now()
    contest = services.contest_create(
        user=user, rules_body="Mỗi đoàn viên gửi một bài về gương người tốt, việc tốt.", kind=Contest.Kind.ENTRY,
        unit=unit, eligible_unit=eligible or unit, title="Gương người tốt, việc tốt May 10", slug=slug,
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=5), winner_method=Contest.Method.VOTES,
        entry_kind=entry_kind, is_public=is_public,
    )
    Prize.objects.create(contest=contest, position=1, name="Giải Nhất", quantity=1, value=1_000_000)
    services.contest_publish(contest=contest, user=user)
    contest.refresh_from_db()
    return contest


def _post(client, *, url=None, action="submit", **fields):
    data = {"kind": Kind.GOOD_DEED, "title": TITLE, "body": BODY, "consent_publication": "on",
            "consent_people": "on", action: "1", **fields}
    return client.post(url or reverse("submission_new"), data)


def _close(contest):
    now = timezone.now()
    Contest.objects.filter(pk=contest.pk).update(starts_at=now - dt.timedelta(days=3), ends_at=now - dt.timedelta(minutes=1))
    contest.refresh_from_db()


def _approve(client, submission):
    return client.post(reverse("submission_decide", args=[submission.pk]), {"decision": "publish"})


def test_the_contest_page_links_to_the_form_with_the_contest_chosen(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    client = client_for(personas.member)
    page = client.get(contest.get_absolute_url()).content.decode()
    link = reverse("submission_new") + f"?contest={contest.slug}&amp;kind=good_deed"
    assert link in page and "Gửi bài dự thi mới" in page
    form = client.get(reverse("submission_new"), {"contest": contest.slug, "kind": "good_deed"}).content.decode()
    assert re.search(rf'<option value="{contest.slug}"[^>]*selected', form)
    assert "Gửi dự thi cuộc thi" in form


def test_choosing_a_contest_then_approval_makes_one_entry_under_the_rules_when_submitted(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    client = client_for(personas.member)
    response = _post(client, url=reverse("submission_new") + f"?contest={contest.slug}", contest=contest.slug)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == Status.PENDING  # through the review queue as usual
    intent = EntryIntent.objects.get(submission=submission)
    assert (intent.contest, intent.rules.version, intent.outcome) == (contest, 1, EntryIntent.Outcome.WAITING)
    assert AuditEvent.objects.filter(verb="contest.entry_intent_set", object_id=str(contest.pk)).exists()
    assert not ContestEntry.objects.exists()  # not an entry before it is approved
    mine = client.get(reverse("submission_mine")).content.decode()
    assert f"Bài dự thi: <a href=\"{contest.get_absolute_url()}\">{contest.title}</a>" in mine
    assert "Bài “" in client.get(contest.get_absolute_url()).content.decode()  # "your item is waiting"

    services.contest_rules_publish(contest=contest, user=personas.officer, body="Thể lệ sửa đổi: thêm tiêu chí.")
    officer = client_for(personas.officer)
    queue = officer.get(reverse("submission_queue")).content.decode()
    assert "Bài dự thi:" in queue and contest.title in queue
    assert "Bài dự thi:" in officer.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert _approve(officer, submission).status_code == 302

    entry = ContestEntry.objects.get()
    assert (entry.contest, entry.user, entry.submission, entry.unit) == (contest, personas.member, submission,
                                                                        tree.officer_unit)
    assert entry.rules.version == 1 and entry.qualifies
    intent.refresh_from_db()
    assert intent.outcome == EntryIntent.Outcome.ENTERED and intent.entry == entry
    assert AuditEvent.objects.filter(verb="contest.entered_on_approval", object_id=str(contest.pk)).exists()
    assert Notification.objects.filter(recipient=personas.member, category=Category.CONTEST,
                                       title__contains="đã thành bài dự thi").exists()
    # Resolving again (a second approval path) changes nothing.
    assert services.entry_intents_resolve(submissions=[submission], actor=personas.officer) == []
    assert ContestEntry.objects.count() == 1


def test_a_closed_contest_is_refused_in_the_form_and_nothing_typed_is_lost(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    _close(contest)
    client = client_for(personas.member)
    response = _post(client, contest=contest.slug)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Cuộc thi “{contest.title}” đã kết thúc, không nhận bài dự thi nữa." in html
    assert TITLE in html and BODY in html
    assert not Submission.objects.exists() and not EntryIntent.objects.exists()


def test_a_contest_of_another_kind_is_refused_with_the_kinds_it_takes(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer, slug="anh-dep", entry_kind=Contest.EntryKind.PHOTO)
    response = _post(client_for(personas.member), contest=contest.slug)
    html = response.content.decode()
    assert response.status_code == 400
    assert "nhận bài dự thi loại “Ảnh”: hãy chọn loại bài “Bộ ảnh”." in html
    assert TITLE in html and not Submission.objects.exists()


def test_a_member_outside_the_eligible_subtree_is_refused(personas, tree, client_for):
    contest = entry_contest(tree.upper, personas.upper, slug="viet-tien", eligible=tree.sibling_unit, is_public=True)
    client = client_for(personas.member)
    form = client.get(reverse("submission_new")).content.decode()
    assert f'<option value="{contest.slug}"' not in form  # not offered
    response = _post(client, contest=contest.slug)
    html = response.content.decode()
    assert response.status_code == 400
    assert "bạn không thuộc đối tượng dự thi" in html and TITLE in html
    assert not Submission.objects.exists()


def test_the_sibling_persona_cannot_pick_another_subtrees_contest(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)  # not public: May 10's own
    MembershipFactory(user=personas.sibling, union=tree.sibling_unit)
    client = client_for(personas.sibling)
    form = client.get(reverse("submission_new"), {"contest": contest.slug}).content.decode()
    assert f'<option value="{contest.slug}"' not in form and contest.title not in form
    response = _post(client, contest=contest.slug)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Không tìm thấy cuộc thi này trong các cuộc thi bạn được dự thi." in html
    assert contest.title not in html and TITLE in html
    assert not Submission.objects.exists() and not EntryIntent.objects.exists()


def test_approval_after_the_contest_closed_makes_no_entry_and_tells_the_member(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    client = client_for(personas.member)
    assert _post(client, contest=contest.slug).status_code == 302
    submission = Submission.objects.get()
    _close(contest)
    assert _approve(client_for(personas.officer), submission).status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED  # the approval stands
    assert not ContestEntry.objects.exists()
    assert EntryIntent.objects.get().outcome == EntryIntent.Outcome.CLOSED
    note = Notification.objects.get(recipient=personas.member, category=Category.CONTEST)
    assert "chưa thành bài dự thi" in note.title and "đã kết thúc" in note.body
    mine = client_for(personas.member).get(reverse("submission_mine")).content.decode()
    assert "Cuộc thi đã kết thúc trước khi bài được duyệt" in mine


def test_approval_when_the_member_entered_another_item_meanwhile(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    client = client_for(personas.member)
    assert _post(client, contest=contest.slug).status_code == 302
    submission = Submission.objects.get()
    other = pending(personas.member, tree.officer_unit, title="Bữa cơm ca ấm áp", status=Status.PUBLISHED)
    services.entry_create(contest=contest, user=personas.member, unit=tree.officer_unit, submission=other)
    _approve(client_for(personas.officer), submission)
    assert list(ContestEntry.objects.values_list("submission", flat=True)) == [other.pk]
    assert EntryIntent.objects.get().outcome == EntryIntent.Outcome.HAS_ENTRY
    assert Notification.objects.filter(recipient=personas.member, body__contains="một bài dự thi khác").exists()


def test_a_draft_takes_the_rules_in_force_when_it_is_sent_for_review(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    client = client_for(personas.member)
    assert _post(client, action="draft", contest=contest.slug).status_code == 302
    submission = Submission.objects.get()
    assert EntryIntent.objects.get().rules is None
    services.contest_rules_publish(contest=contest, user=personas.officer, body="Thể lệ phiên bản 2.")
    edit = client.get(reverse("submission_edit", args=[submission.pk])).content.decode()
    assert re.search(rf'<option value="{contest.slug}"[^>]*selected', edit)
    assert _post(client, url=reverse("submission_edit", args=[submission.pk]), contest=contest.slug).status_code == 302
    assert EntryIntent.objects.get().rules.version == 2
    # Choosing no contest any more drops the choice (audited).
    submission.refresh_from_db()
    Submission.objects.filter(pk=submission.pk).update(status=Status.CHANGES_REQUESTED)
    assert _post(client, url=reverse("submission_edit", args=[submission.pk]), contest="").status_code == 302
    assert not EntryIntent.objects.exists()
    assert AuditEvent.objects.filter(verb="contest.entry_intent_removed").exists()


def test_bulk_approval_makes_the_entries_in_a_fixed_number_of_queries(personas, tree, client_for):
    contest = entry_contest(tree.officer_unit, personas.officer)
    officer = client_for(personas.officer)
    officer.get(reverse("submission_queue"))

    def run(n, start):
        items = []
        for i in range(start, start + n):
            author = UserFactory(username=f"dv{i}", full_name=f"Đoàn Viên {i}")
            MembershipFactory(user=author, union=tree.officer_unit)
            item = pending(author, tree.officer_unit, title=f"Bài {i}")
            EntryIntent.objects.create(submission=item, contest=contest, rules=contest.rules_versions.get())
            items.append(item)
        with CaptureQueriesContext(connection) as ctx:
            response = officer.post(reverse("submission_queue"), {"ids": [s.pk for s in items], "decision": "publish"})
        assert response.status_code == 302
        return len(ctx.captured_queries)

    assert run(2, 0) == run(6, 10)
    assert ContestEntry.objects.filter(contest=contest).count() == 8
    assert set(EntryIntent.objects.values_list("outcome", flat=True)) == {EntryIntent.Outcome.ENTERED}
    assert AuditEvent.objects.filter(verb="contest.entered_on_approval").count() == 2


def test_submissions_never_imports_contests():
    """The dependency points down: contests → submissions. Submissions knows the contest choice
    only through its own extension registry."""
    root = Path(__file__).resolve().parents[2] / "submissions"
    offenders = [p.name for p in root.rglob("*.py")
                 if "migrations" not in p.parts and re.search(r"^\s*(from|import) contests\b", p.read_text(), re.M)]
    assert offenders == []
