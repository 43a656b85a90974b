from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from .models import Notification


@shared_task(bind=True, ignore_result=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def send_notification_email(self, notification_id):
    """Email one in-app notification to its recipient. Retries with backoff on mail errors."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.email:
        return
    link = f"{settings.SITE_URL}{notification.url}" if notification.url.startswith("/") else notification.url
    prefs = settings.SITE_URL + reverse("notification_preferences")
    body = "\n\n".join(
        part
        for part in (
            notification.body,
            link,
            f"— {settings.SITE_NAME}\nĐổi cài đặt nhận email / Email settings: {prefs}",
        )
        if part
    )
    try:
        send_mail(f"[{settings.SITE_NAME}] {notification.title}", body, None, [notification.recipient.email])
    except OSError as exc:
        raise self.retry(exc=exc) from None
