"""Notifications in the reader's language: English readers get the catalogue's English, in the
portal and by email, whatever language the acting reviewer reads in; Vietnamese readers get
Vietnamese. The switcher records the choice on the account (emails are sent while they are away)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from notifications import deadlines, digest
from notifications.models import Category, Notification
from notifications.services import notify
from submissions import services
from submissions.models import Decision

from .factories import PASSWORD
from .notif_support import TEST_KIND, register_list_kind
from .submissions.helpers import pending
from .test_reminders import DEFAULT_RULES, item, scan

pytestmark = pytest.mark.django_db

LIST = "/notifications/"
SETLANG = "/i18n/setlang/"
TITLE = "Tổ may 5 tiết kiệm vải"


@pytest.fixture
def reminder_rules(db):
    from django.apps import apps

    DEFAULT_RULES.create_rules(apps, None)


@pytest.fixture
def due_items():
    items = []
    register_list_kind(items)
    yield items
    deadlines.unregister(TEST_KIND)


def signed_in(user, language=None):
    """A separate browser for ``user``; ``language`` is the switcher's cookie, if any."""
    client = Client()
    client.force_login(user, backend="accounts.backends.LoginBackend")
    if language:
        client.cookies["django_language"] = language
    return client


def reads(user, language):
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def approve_with_reason(officer, item, capture, officer_language="en"):
    """The grassroots officer approves through the page, reading the portal in ``officer_language``."""
    with capture(execute=True):
        response = signed_in(officer, officer_language).post(
            reverse("submission_decide", args=[item.pk]), {"decision": Decision.PUBLISH, "reason": "Bài rất hay"}
        )
    assert response.status_code == 302


def test_english_reader_gets_the_english_title_in_the_list_and_an_english_email(
    personas, tree, django_capture_on_commit_callbacks
):
    member = personas.member
    reads(member, "en")
    item = pending(member, tree.officer_unit, title=TITLE)
    approve_with_reason(personas.officer, item, django_capture_on_commit_callbacks)

    page = signed_in(member, "en").get(LIST).content.decode()
    assert f"“{TITLE}” has been approved for publication" in page
    assert "Công đoàn Tổng Công ty May 10 approved your submission for publication." in page
    assert "Reason: Bài rất hay" in page
    assert "đã được duyệt đăng" not in page

    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert message.subject == f"[Lan Tỏa] “{TITLE}” has been approved for publication"
    assert "Công đoàn Tổng Công ty May 10 approved your submission for publication.\nReason: Bài rất hay" in message.body
    assert "đã duyệt đăng bài của bạn" not in message.body
    assert "Lý do" not in message.body


def test_vietnamese_reader_gets_vietnamese_even_when_the_reviewer_reads_in_english(
    personas, tree, django_capture_on_commit_callbacks
):
    member = personas.member
    reads(member, "vi")
    item = pending(member, tree.officer_unit, title=TITLE)
    approve_with_reason(personas.officer, item, django_capture_on_commit_callbacks, officer_language="en")

    page = signed_in(member).get(LIST).content.decode()
    assert f"Bài “{TITLE}” đã được duyệt đăng" in page
    assert "Lý do: Bài rất hay" in page
    assert "has been approved" not in page

    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert message.subject == f"[Lan Tỏa] Bài “{TITLE}” đã được duyệt đăng"
    assert "Công đoàn Tổng Công ty May 10 đã duyệt đăng bài của bạn.\nLý do: Bài rất hay" in message.body
    assert "approved your submission" not in message.body


def test_a_member_who_never_chose_a_language_gets_vietnamese_email(personas, tree, django_capture_on_commit_callbacks):
    member = personas.member
    assert member.language == ""
    item = pending(member, tree.officer_unit, title=TITLE)
    approve_with_reason(personas.officer, item, django_capture_on_commit_callbacks)
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert message.subject == f"[Lan Tỏa] Bài “{TITLE}” đã được duyệt đăng"


def test_forwarded_item_reaches_an_english_reading_upper_officer_in_english(
    personas, tree, django_capture_on_commit_callbacks
):
    reads(personas.upper, "en")
    item = pending(personas.member, tree.officer_unit, title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(submission=item, reviewer=personas.officer, decision=Decision.FORWARD)
    (message,) = [m for m in mail.outbox if m.to == [personas.upper.email]]
    assert message.subject == f"[Lan Tỏa] Submission forwarded for approval: “{TITLE}”"
    assert "Công đoàn Tổng Công ty May 10 forwarded the submission to Công đoàn Tập đoàn Dệt May Việt Nam." in (
        message.body
    )
    note = Notification.objects.get(recipient=personas.upper)
    assert note.title == f"Bài chuyển lên chờ duyệt: “{TITLE}”"  # the stored Vietnamese stays Vietnamese


def test_bulk_reject_tells_each_author_in_their_language(personas, tree, django_capture_on_commit_callbacks):
    english = personas.member
    reads(english, "en")
    vietnamese = User.objects.create_user(username="vn", full_name="Đỗ Thị Lan", email="lan@example.org",
                                          password=PASSWORD)
    items = [pending(english, tree.officer_unit, title="Một"), pending(vietnamese, tree.officer_unit, title="Hai")]
    with django_capture_on_commit_callbacks(execute=True):
        services.submissions_bulk_decide(reviewer=personas.officer, ids=[i.pk for i in items],
                                         decision=Decision.REJECT, reason="Ảnh mờ")
    subjects = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert subjects[english.email][0] == "[Lan Tỏa] Your submission was not approved"
    assert "Reason: Ảnh mờ" in subjects[english.email][1]
    assert subjects[vietnamese.email][0] == "[Lan Tỏa] Bài gửi của bạn không được duyệt"
    assert "Lý do: Ảnh mờ" in subjects[vietnamese.email][1]


def test_text_without_an_english_version_falls_back_to_vietnamese(member, django_capture_on_commit_callbacks):
    reads(member, "en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[member], category=Category.ACCOUNT, title="Chào mừng bạn", body="Nội dung riêng")
    (message,) = mail.outbox
    assert message.subject == "[Lan Tỏa] Chào mừng bạn"
    assert "Nội dung riêng" in message.body


def test_english_reminder_and_digest_emails(reminder_rules, due_items, tree, hq, officer, django_capture_on_commit_callbacks):
    reads(officer, "en")
    reads(hq, "en")
    now = timezone.now()
    due_items[:] = [item(tree.officer_unit, now + dt.timedelta(hours=23), key="soon"),
                    item(tree.officer_unit, now - dt.timedelta(days=3), key="late")]
    scan(django_capture_on_commit_callbacks, now)
    assert "[Lan Tỏa] Due tomorrow: Báo cáo quý IV" in [m.subject for m in mail.outbox if m.to == [officer.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digest.send(now)
    (message,) = [m for m in mail.outbox if m.to == [hq.email]]
    assert "overdue units: 1" in message.subject
    assert "đơn vị quá hạn" not in message.subject


# --- Recording the choice -------------------------------------------------------------------


def test_switching_language_while_signed_in_records_it(member):
    client = signed_in(member)
    response = client.post(SETLANG, {"language": "en", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "en"
    assert AuditEvent.objects.filter(verb="account.language_set", actor=member).count() == 1

    client.post(SETLANG, {"language": "vi", "next": "/"})
    member.refresh_from_db()
    assert member.language == "vi"


def test_choice_made_before_signing_in_is_recorded_at_sign_in(member):
    client = Client()
    client.post(SETLANG, {"language": "en", "next": "/"})
    assert client.post(reverse("login"), {"username": "member", "password": PASSWORD}).status_code == 302
    member.refresh_from_db()
    assert member.language == "en"


def test_a_device_without_the_cookie_or_with_a_bogus_one_keeps_the_choice(member):
    reads(member, "en")
    signed_in(member).get("/")
    signed_in(member, "xx").get("/")
    signed_in(member).post(SETLANG, {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"
    assert not AuditEvent.objects.filter(verb="account.language_set").exists()


def test_notification_list_in_english_does_not_grow_queries_with_rows(member):
    reads(member, "en")
    client = signed_in(member, "en")

    def count(n):
        Notification.objects.bulk_create([
            Notification(recipient=member, category=Category.SUBMISSION, title=f"Tin {i}", title_en=f"News {i}")
            for i in range(n)
        ])
        with CaptureQueriesContext(connection) as queries:
            html = client.get(LIST).content.decode()
        assert "News 0" in html and "Tin 0" not in html
        return len(queries)

    few = count(2)
    assert count(20) == few


def test_other_unit_officer_switch_does_not_touch_another_account(member, sibling):
    signed_in(sibling).post(SETLANG, {"language": "en", "next": "/"})
    member.refresh_from_db()
    sibling.refresh_from_db()
    assert (member.language, sibling.language) == ("", "en")


@pytest.mark.django_db
def test_a_new_device_opens_in_the_language_kept_on_the_account(client, member):
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(member, backend="accounts.backends.LoginBackend")
    response = client.get(reverse("home"))
    assert '<html lang="en">' in response.content.decode()
    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_without_a_kept_choice_the_portal_stays_vietnamese(client, member):
    client.force_login(member, backend="accounts.backends.LoginBackend")
    response = client.get(reverse("home"))
    assert '<html lang="vi">' in response.content.decode()
    assert "django_language" not in response.cookies
