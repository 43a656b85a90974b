"""The bell, the notification list, mark read, and email preferences."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Category, EmailOptOut, EmailStatus, Notification
from notifications.services import notify

from .factories import UserFactory

LIST = reverse("notification_list")


def make(user, n, **kwargs):
    return Notification.objects.bulk_create(
        [Notification(recipient=user, category=Category.REVIEW, title=f"Bài chờ duyệt số {i}", url="/", **kwargs)
         for i in range(n)]
    )


def test_list_shows_only_my_notifications_with_unread_count_in_the_bell(client_for, officer, sibling):
    make(officer, 3)
    make(sibling, 2)
    response = client_for(officer).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="notification"') == 3
    assert 'data-testid="unread-count">3<' in html


def test_list_query_count_does_not_grow_with_rows(client_for, officer, django_assert_max_num_queries):
    client = client_for(officer)
    make(officer, 2)
    with django_assert_max_num_queries(8) as few:
        client.get(LIST)
    make(officer, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count('data-testid="notification"') == 30  # one page


def test_list_requires_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_open_marks_read_and_follows_the_link_but_not_to_other_sites(client_for, officer):
    inside, outside = Notification.objects.bulk_create([
        Notification(recipient=officer, category=Category.REVIEW, title="Trong cổng", url="/campaigns/"),
        Notification(recipient=officer, category=Category.REVIEW, title="Ra ngoài", url="https://evil.example/"),
    ])
    client = client_for(officer)
    assert client.post(reverse("notification_open", args=[inside.pk]))["Location"] == "/campaigns/"
    assert client.post(reverse("notification_open", args=[outside.pk]))["Location"] == LIST
    assert Notification.objects.unread().filter(recipient=officer).count() == 0


def test_someone_elses_notification_is_a_404(client_for, officer, sibling):
    (theirs,) = make(sibling, 1)
    assert client_for(officer).post(reverse("notification_open", args=[theirs.pk])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read(client_for, officer, sibling):
    make(officer, 3)
    make(sibling, 1)
    client_for(officer).post(reverse("notification_mark_all_read"))
    assert Notification.objects.unread().filter(recipient=officer).count() == 0
    assert Notification.objects.unread().filter(recipient=sibling).count() == 1


def test_english_readers_see_the_english_text(client_for, officer):
    Notification.objects.create(recipient=officer, category=Category.REMINDER, title="Ngày mai đến hạn: Báo cáo",
                                title_en="Due tomorrow: Báo cáo")
    client = client_for(officer)
    assert "Ngày mai đến hạn" in client.get(LIST).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due tomorrow: Báo cáo" in html


def test_preferences_turn_email_off_per_category_and_notify_honours_it(
    client_for, officer, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    wanted = [c for c, _label in Category.choices if c != Category.REVIEW]
    response = client.post(reverse("notification_preferences"), {"email": wanted})
    assert response.status_code == 302
    assert list(EmailOptOut.objects.filter(user=officer).values_list("category", flat=True)) == [Category.REVIEW]
    assert AuditEvent.objects.filter(verb="notifications.email_preferences_set", actor=officer).exists()
    assert 'value="review" id="email-review" aria-describedby="email-review-help">' in client.get(reverse("notification_preferences")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer], category=Category.REVIEW, title="Có bài chờ duyệt")
        notify(recipients=[officer], category=Category.SUBMISSION, title="Bài của bạn đã được duyệt")
    assert Notification.objects.filter(recipient=officer).count() == 2
    assert [m.subject for m in mail.outbox] == ["[Lan Tỏa] Bài của bạn đã được duyệt"]
    assert Notification.objects.get(category=Category.REVIEW).email_status == EmailStatus.OPTED_OUT


def test_every_email_links_to_the_preferences_page(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer, officer, None], category=Category.ACCOUNT, title="Vai trò mới", url="/unions/")
    (message,) = mail.outbox
    assert "http://127.0.0.1:8000/notifications/preferences/" in message.body
    assert "http://127.0.0.1:8000/unions/" in message.body
    assert Notification.objects.get().email_status == EmailStatus.SENT


@pytest.mark.parametrize("email", [False, True])
def test_notify_email_flag(officer, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer], category=Category.ACCOUNT, title="Xin chào", email=email)
    assert len(mail.outbox) == int(email)


def test_email_task_is_idempotent(officer, django_capture_on_commit_callbacks):
    from notifications.tasks import send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        (note,) = notify(recipients=[officer], category=Category.ACCOUNT, title="Một lần thôi")
    send_notification_email.delay(note.pk)
    send_notification_email.delay(note.pk)
    assert len(mail.outbox) == 1


# --- Admin: rules editable by HQ, delivery log searchable ------------------------------------


def _deliveries(rule, users, unit):
    from django.utils import timezone

    from notifications.models import Delivery

    return Delivery.objects.bulk_create([
        Delivery(rule=rule, deadline_key=f"test_due:{i}", kind="test_due", category=Category.REMINDER, unit=unit,
                 due_at=timezone.now(), recipient=user, subject=f"Ngày mai đến hạn: Báo cáo {i}", claim="x",
                 email_status=EmailStatus.SENT, status="sent")
        for i, user in enumerate(users)
    ])


def test_admin_delivery_log_is_searchable_and_its_query_count_flat(
    client_for, hq, officer, upper, tree, django_assert_max_num_queries
):
    from notifications.models import ReminderRule

    rule = ReminderRule.objects.create(name="Trước 1 ngày", offset_days=-1, subject="{title}", message="{unit}")
    _deliveries(rule, [officer, upper], tree.officer_unit)
    client = client_for(hq)
    url = reverse("admin:notifications_delivery_changelist")
    html = client.get(url, {"q": "Nhung"}).content.decode()  # officer is Lê Thị Hồng Nhung
    assert "Ngày mai đến hạn: Báo cáo 0" in html
    assert "Ngày mai đến hạn: Báo cáo 1" not in html
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _deliveries(rule, [UserFactory() for _ in range(15)], tree.sibling_unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_hq_edits_rules_in_the_admin_with_a_choice_of_deadline_kinds(client_for, hq):
    from notifications.models import ReminderRule

    client = client_for(hq)
    add = reverse("admin:notifications_reminderrule_add")
    html = client.get(add).content.decode()
    assert 'value="campaign_ending"' in html
    data = {"name": "Quá hạn 7 ngày", "kind": "campaign_ending", "is_active": "on", "offset_days": "-2",
            "offset_hours": "0", "notify_officers": "on", "escalate": "on", "in_app": "on", "email": "on",
            "subject": "Quá hạn: {title}", "message": "{unit} {bogus}", "subject_en": "", "message_en": ""}
    response = client.post(add, data)
    assert response.status_code == 200  # errors shown, what was typed kept
    assert "Quá hạn: {title}" in response.content.decode()
    assert not ReminderRule.objects.filter(name="Quá hạn 7 ngày").exists()
    response = client.post(add, {**data, "offset_days": "7", "message": "{unit}"})
    assert response.status_code == 302
    assert ReminderRule.objects.get(name="Quá hạn 7 ngày").escalate is True


def test_notification_title_with_a_line_break_is_emailed(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[officer], category=Category.SUBMISSION, title="Bài “Một\nhai” đã được duyệt")
    (message,) = mail.outbox
    assert message.subject == "[Lan Tỏa] Bài “Một hai” đã được duyệt"
    assert Notification.objects.get().email_status == EmailStatus.SENT
